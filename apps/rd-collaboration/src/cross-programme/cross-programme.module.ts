import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { PersonCopiesModule } from '../person-copies/person-copies.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ProjectsModule } from '../projects/projects.module';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { CredentialHandler } from './handlers/credential.handler';
import { ParticipantCheckHandler } from './handlers/participant-check.handler';
import { PlacementDecisionHandler } from './handlers/placement-decision.handler';
import { PlacementOutcomeHandler } from './handlers/placement-outcome.handler';
import { SecondmentHandler } from './handlers/secondment.handler';
import { TrailController } from './trail.controller';
import { TrailService } from './trail.service';

/** The links across the three programmes: consumers of the other services' events, and the person trail. */
@Module({
  imports: [AccessModule, AccessLogModule, PersonCopiesModule, PrivacyModule, ProjectsModule, ScorecardModule],
  controllers: [
    TrailController,
    PlacementOutcomeHandler,
    PlacementDecisionHandler,
    ParticipantCheckHandler,
    SecondmentHandler,
    CredentialHandler,
  ],
  providers: [TrailService],
  exports: [TrailService],
})
export class CrossProgrammeModule {}

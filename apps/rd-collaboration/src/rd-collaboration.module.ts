import { DynamicModule, Module } from '@nestjs/common';
import { ClockModule } from '@app/base';
import { SERVICE_TOPICS } from '@app/contracts';
import { AccessLogModule, partnerConsumerImports } from '@app/platform';
import { PartnerDirectoryApiModule } from '@app/partner-directory';
import { AccessModule } from './access/access.module';
import { RdDirectoryReaders } from './access/directory-readers';
import { ChallengesModule } from './challenges/challenges.module';
import { RdCollaborationConfig } from './config/rd-collaboration.config';
import { CrossProgrammeModule } from './cross-programme/cross-programme.module';
import { ProjectsModule } from './projects/projects.module';
import { PROJECTS } from './projects/projects.repository';
import { DISCLOSURES } from '@app/platform';
import { ERASURES } from './privacy/erasures.repository';
import { PrivacyModule } from './privacy/privacy.module';
import { ProposalsModule } from './proposals/proposals.module';
import { ScorecardModule } from './scorecard/scorecard.module';

/** Enterprise R&D collaboration: challenges, proposals and review, projects, outcomes, cross-programme links, scorecard. */
@Module({})
export class RdCollaborationModule {
  static forRoot(config: RdCollaborationConfig): DynamicModule {
    return {
      module: RdCollaborationModule,
      imports: [
        ...partnerConsumerImports(config, {
          consumes: [...SERVICE_TOPICS['rd-collaboration'].consumes],
          produces: [...SERVICE_TOPICS['rd-collaboration'].produces],
          outboxCollections: [PROJECTS, DISCLOSURES, ERASURES],
        }),
        ClockModule,
        AccessModule,
        PartnerDirectoryApiModule.register({ imports: [AccessModule], readers: RdDirectoryReaders }),
        ChallengesModule,
        ProposalsModule,
        ProjectsModule,
        ScorecardModule,
        CrossProgrammeModule,
        PrivacyModule,
        AccessLogModule,
      ],
    };
  }
}

import { Module } from '@nestjs/common';
import { PartnerDirectoryModule } from '@app/partner-directory';
import { AccessModule } from '../access/access.module';
import { EngineerTeachingHandler } from './handlers/engineer-teaching.handler';
import { RdProjectEventsHandler } from './handlers/rd-project-events.handler';
import { QuarterCountersRepository } from './quarter-counters.repository';
import { ScorecardController } from './scorecard.controller';
import { ScorecardService } from './scorecard.service';

@Module({
  imports: [AccessModule, PartnerDirectoryModule],
  controllers: [ScorecardController, RdProjectEventsHandler, EngineerTeachingHandler],
  providers: [ScorecardService, QuarterCountersRepository],
  exports: [ScorecardService],
})
export class ScorecardModule {}

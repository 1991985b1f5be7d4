import { Module } from '@nestjs/common';
import { TeachersModule } from '../teachers/teachers.module';
import { RdParticipationJoinedHandler } from './handlers/rd-participation-joined.handler';
import { RdParticipantChecksService } from './rd-participant-checks.service';

/** The secondment service's answers to teachers named as R&D participants (choreography, ADR 0082). */
@Module({
  imports: [TeachersModule],
  controllers: [RdParticipationJoinedHandler],
  providers: [RdParticipantChecksService],
  exports: [RdParticipantChecksService],
})
export class RdParticipantChecksModule {}

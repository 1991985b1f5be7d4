import { Module } from '@nestjs/common';
import { PlacementsModule } from '../placements/placements.module';
import { StudentsModule } from '../students/students.module';
import { RdParticipationHandler } from './handlers/rd-participation.handler';
import { RdPlacementProposalHandler } from './handlers/rd-placement-proposal.handler';
import { RdParticipantChecksService } from './rd-participant-checks.service';
import { RdPlacementDecisionsRepository } from './rd-placement-decisions.repository';
import { RdPlacementProposalsService } from './rd-placement-proposals.service';

/**
 * R&D internships proposed by the R&D collaboration service: each proposal becomes a placement
 * of kind `rd-internship` through PlacementsService, and is answered on
 * talent.rd-placement-decision.v1 (choreography, no call between services). Students named as
 * R&D participants are confirmed or refused on talent.rd-participant-check.v1 (ADR 0082).
 */
@Module({
  imports: [PlacementsModule, StudentsModule],
  controllers: [RdPlacementProposalHandler, RdParticipationHandler],
  providers: [RdPlacementProposalsService, RdPlacementDecisionsRepository, RdParticipantChecksService],
  exports: [RdPlacementProposalsService],
})
export class RdPlacementsModule {}

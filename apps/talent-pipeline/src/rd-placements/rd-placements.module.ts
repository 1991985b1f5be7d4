import { Module } from '@nestjs/common';
import { PlacementsModule } from '../placements/placements.module';
import { StudentsModule } from '../students/students.module';
import { RdPlacementProposalHandler } from './handlers/rd-placement-proposal.handler';
import { RdPlacementDecisionsRepository } from './rd-placement-decisions.repository';
import { RdPlacementProposalsService } from './rd-placement-proposals.service';

/**
 * R&D internships proposed by the R&D collaboration service: each proposal becomes a placement
 * of kind `rd-internship` through PlacementsService, and is answered on
 * talent.rd-placement-decision.v1 (choreography, no call between services).
 */
@Module({
  imports: [PlacementsModule, StudentsModule],
  controllers: [RdPlacementProposalHandler],
  providers: [RdPlacementProposalsService, RdPlacementDecisionsRepository],
  exports: [RdPlacementProposalsService],
})
export class RdPlacementsModule {}

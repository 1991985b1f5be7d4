import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RdPlacementProposed, Topics } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { expectTopic } from '../../shared/expect-topic';
import { RdPlacementProposal, RdPlacementProposalsService } from '../rd-placement-proposals.service';

/** R&D internships proposed from an R&D project (rd.placement-proposal.v1), validated by the transport. */
@Controller()
export class RdPlacementProposalHandler {
  constructor(private readonly proposals: RdPlacementProposalsService) {}

  @HandlesEvent(RdPlacementProposed)
  async onProposed(@Payload() event: RdPlacementProposal, @Ctx() context: KafkaEventContext): Promise<void> {
    expectTopic(context, Topics.rdPlacementProposals);
    await this.proposals.apply(event);
  }
}

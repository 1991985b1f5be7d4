import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { faultPoint } from '@app/base';
import { PLACEMENT_OUTCOME_CONTRACT_LIST, PlacementOutcomeEvent, Topics } from '@app/contracts';
import { BatchedEvent, BatchSettlement, HandlesEvent, HandlesEventBatch, KafkaEventContext, PermanentFailureError } from '@app/messaging';
import { expectTopic } from '../../shared/expect-topic';
import { WebhookSubscriptionsService } from '../webhook-subscriptions.service';

/** Placement outcomes from the talent pipeline's own outbox, fanned out to the school: one at a time, or many together. */
@Controller()
export class PlacementOutcomeHandler {
  constructor(private readonly webhooks: WebhookSubscriptionsService) {}

  @HandlesEventBatch(PLACEMENT_OUTCOME_CONTRACT_LIST)
  async onOutcomes(@Payload() batch: BatchedEvent<PlacementOutcomeEvent>[]): Promise<BatchSettlement> {
    try {
      for (const { context } of batch) expectTopic(context, Topics.placementOutcomes);
    } catch (error) {
      // The one-record path refuses each record from the wrong topic.
      if (error instanceof PermanentFailureError) return batch.map(() => false);
      throw error;
    }
    await this.webhooks.fanOutMany(batch);
    faultPoint('outcome-fan-out.after-write');
    return batch.map(() => true);
  }

  @HandlesEvent(PLACEMENT_OUTCOME_CONTRACT_LIST)
  async onOutcome(@Payload() event: PlacementOutcomeEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    // Only the talent pipeline's own outbox may publish outcomes (not an ERP writing to the inbound topic).
    expectTopic(context, Topics.placementOutcomes);
    await this.webhooks.fanOut(event);
    faultPoint('outcome-fan-out.after-write');
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  CloudEvent,
  PlacementCompleted,
  PlacementHired,
  PlacementOutcome,
  PlacementStarted,
  PlacementTerminated,
  Topics,
} from '@app/contracts';
import { KafkaEventContext } from '@app/messaging';
import { expectTopic } from '../../shared/expect-topic';
import { WebhookSubscriptionsService } from '../webhook-subscriptions.service';

/** Placement outcomes from the talent pipeline's own outbox, fanned out to the school. */
@Controller()
export class PlacementOutcomeHandler {
  constructor(private readonly webhooks: WebhookSubscriptionsService) {}

  @EventPattern([PlacementStarted.type, PlacementCompleted.type, PlacementTerminated.type, PlacementHired.type])
  async onOutcome(@Payload() event: CloudEvent<string, PlacementOutcome>, @Ctx() context: KafkaEventContext): Promise<void> {
    // Only the talent pipeline's own outbox may publish outcomes (not an ERP writing to the inbound topic).
    expectTopic(context, Topics.placementOutcomes);
    await this.webhooks.fanOut(event);
  }
}

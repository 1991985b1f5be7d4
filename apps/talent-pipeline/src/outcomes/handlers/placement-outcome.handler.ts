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
import { KafkaEventContext } from '@app/messaging/kafka-event-context';
import { expectTopic } from '../../erp-ingest/handlers/expect-topic';
import { WebhookDeliveriesRepository } from '../../webhooks/webhook-deliveries.repository';
import { WebhookDeliveryWorker } from '../../webhooks/webhook-delivery.worker';
import { WebhookSubscriptionsRepository } from '../../webhooks/webhook-subscriptions.repository';
import { OutcomeFeedRepository } from '../outcome-feed.repository';

/**
 * Fans a placement outcome out to the school: its pull feed and one delivery per matching
 * webhook subscription. Both steps are idempotent, so a redelivered event changes nothing.
 */
@Controller()
export class PlacementOutcomeHandler {
  constructor(
    private readonly feed: OutcomeFeedRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly worker: WebhookDeliveryWorker,
  ) {}

  @EventPattern([PlacementStarted.type, PlacementCompleted.type, PlacementTerminated.type, PlacementHired.type])
  async onOutcome(@Payload() event: CloudEvent<string, PlacementOutcome>, @Ctx() context: KafkaEventContext): Promise<void> {
    // Only the talent pipeline's own outbox may publish outcomes (not an ERP writing to the inbound topic).
    expectTopic(context, Topics.placementOutcomes);
    const schoolId = event.data.schoolId;
    await this.feed.append(schoolId, event);
    for (const subscription of await this.subscriptions.activeFor(schoolId, event)) {
      await this.deliveries.enqueue(subscription._id, schoolId, event);
    }
    void this.worker.wake();
  }
}

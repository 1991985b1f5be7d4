import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, PlacementCompleted, PlacementHired, PlacementOutcome, PlacementStarted, PlacementTerminated } from '@app/contracts';
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
  async onOutcome(@Payload() event: CloudEvent<string, PlacementOutcome>): Promise<void> {
    const schoolId = event.data.schoolId;
    await this.feed.append(schoolId, event);
    for (const subscription of await this.subscriptions.activeFor(schoolId, event.type)) {
      await this.deliveries.enqueue(subscription._id, schoolId, event);
    }
    void this.worker.wake();
  }
}

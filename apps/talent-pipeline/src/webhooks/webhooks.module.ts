import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { PartnersModule } from '../partners/partners.module';
import { StudentsModule } from '../students/students.module';
import { PlacementOutcomeHandler } from './handlers/placement-outcome.handler';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { EnterpriseWebhookSubscriptionsController } from './enterprise-webhook-subscriptions.controller';
import { WebhookPayloadService } from './webhook-payload.service';
import { WebhookSubscriptionsController } from './webhook-subscriptions.controller';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/**
 * Schools' outcome webhooks: subscriptions, the delivery worker, and the consumer that fans
 * each placement outcome out to the school's feed and subscriptions.
 */
@Module({
  imports: [PartnersModule, OutcomesModule, DisclosuresModule, ConsentModule, StudentsModule],
  controllers: [WebhookSubscriptionsController, EnterpriseWebhookSubscriptionsController, PlacementOutcomeHandler],
  providers: [
    WebhookSubscriptionsRepository,
    WebhookDeliveriesRepository,
    WebhookDeliveryWorker,
    WebhookSubscriptionsService,
    WebhookPayloadService,
  ],
  exports: [WebhookSubscriptionsService],
})
export class WebhooksModule {}

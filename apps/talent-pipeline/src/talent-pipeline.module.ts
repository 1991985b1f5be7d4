import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@app/contracts';
import { MessagingModule } from '@app/messaging/messaging.module';
import { PersistenceModule } from '@app/persistence/persistence.module';
import { PlatformModule } from '@app/platform/config/platform.module';
import { HealthModule } from '@app/platform/health/health.module';
import { loggingModule } from '@app/platform/logging/logging.module';
import { TalentPipelineConfig } from './config/talent-pipeline.config';
import { ErpIngestController } from './erp-ingest/erp-ingest.controller';
import { ErpIngestService } from './erp-ingest/erp-ingest.service';
import { ERP_INBOX, ErpInboxRepository } from './erp-ingest/erp-inbox.repository';
import { ErpHireHandler } from './erp-ingest/handlers/erp-hire.handler';
import { ReviewQueueRepository } from './erp-ingest/review-queue.repository';
import { PlacementOutcomeHandler } from './outcomes/handlers/placement-outcome.handler';
import { OutcomeFeedController } from './outcomes/outcome-feed.controller';
import { OutcomeFeedRepository } from './outcomes/outcome-feed.repository';
import { AdminGuard } from './partners/admin.guard';
import { PartnersController } from './partners/partners.controller';
import { ENTERPRISES, PartnersRepository, SCHOOLS } from './partners/partners.repository';
import { PartnersService } from './partners/partners.service';
import { SchoolAuthGuard } from './partners/school-auth.guard';
import { EnterpriseAuthGuard } from './partners/enterprise-auth.guard';
import { PlacementsController } from './placements/placements.controller';
import { PLACEMENTS, PlacementsRepository } from './placements/placements.repository';
import { PlacementsService } from './placements/placements.service';
import { StudentsController } from './students/students.controller';
import { StudentsRepository } from './students/students.repository';
import { WebhookDeliveriesRepository } from './webhooks/webhook-deliveries.repository';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookSubscriptionsController } from './webhooks/webhook-subscriptions.controller';
import { WebhookSubscriptionsRepository } from './webhooks/webhook-subscriptions.repository';

@Module({})
export class TalentPipelineModule {
  static forRoot(config: TalentPipelineConfig): DynamicModule {
    return {
      module: TalentPipelineModule,
      imports: [
        PlatformModule.forRoot(config),
        loggingModule(config.SERVICE_NAME, config.LOG_LEVEL),
        MessagingModule.forRoot({
          consumes: [Topics.erpInbound, Topics.placementOutcomes],
          produces: [Topics.partners, Topics.erpInbound, Topics.placementOutcomes],
        }),
        PersistenceModule.forRoot({ outboxCollections: [SCHOOLS, ENTERPRISES, PLACEMENTS, ERP_INBOX] }),
        HealthModule,
      ],
      controllers: [
        PartnersController,
        StudentsController,
        PlacementsController,
        ErpIngestController,
        OutcomeFeedController,
        WebhookSubscriptionsController,
        ErpHireHandler,
        PlacementOutcomeHandler,
      ],
      providers: [
        AdminGuard,
        SchoolAuthGuard,
        EnterpriseAuthGuard,
        PartnersRepository,
        PartnersService,
        StudentsRepository,
        PlacementsRepository,
        PlacementsService,
        ErpInboxRepository,
        ErpIngestService,
        ReviewQueueRepository,
        OutcomeFeedRepository,
        WebhookSubscriptionsRepository,
        WebhookDeliveriesRepository,
        WebhookDeliveryWorker,
      ],
    };
  }
}

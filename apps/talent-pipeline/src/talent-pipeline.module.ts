import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@app/contracts';
import { MessagingModule } from '@app/messaging/messaging.module';
import { PersistenceModule } from '@app/persistence/persistence.module';
import { PlatformModule } from '@app/platform/config/platform.module';
import { HealthModule } from '@app/platform/health/health.module';
import { loggingModule } from '@app/platform/logging/logging.module';
import { AgreementsController } from './agreements/agreements.controller';
import { AGREEMENTS, AgreementsRepository } from './agreements/agreements.repository';
import { AgreementsService } from './agreements/agreements.service';
import { SECRET_BOX, SecretBox } from './shared/secret-box';
import { TalentPipelineConfig } from './config/talent-pipeline.config';
import { ConsentService } from './consent/consent.service';
import { ConsentsController } from './consent/consents.controller';
import { ConsentsRepository } from './consent/consents.repository';
import { SchoolConsentsController } from './consent/school-consents.controller';
import { ErpRequisitionHandler } from './demand/handlers/erp-requisition.handler';
import { RequisitionsOperatorController } from './demand/requisitions-operator.controller';
import { RequisitionsController } from './demand/requisitions.controller';
import { REQUISITIONS, RequisitionsRepository } from './demand/requisitions.repository';
import { RequisitionsService } from './demand/requisitions.service';
import { DisclosureLedgerRepository } from './disclosures/disclosure-ledger.repository';
import { DisclosureService } from './disclosures/disclosure.service';
import { DisclosuresController } from './disclosures/disclosures.controller';
import { EnterpriseStudentsController } from './disclosures/enterprise-students.controller';
import { ErpAdaptersController } from './erp-ingest/erp-adapters.controller';
import { ErpIngestController } from './erp-ingest/erp-ingest.controller';
import { ErpIngestService } from './erp-ingest/erp-ingest.service';
import { ERP_INBOX, ErpInboxRepository } from './erp-ingest/erp-inbox.repository';
import { ErpHireHandler } from './erp-ingest/handlers/erp-hire.handler';
import { ReviewQueueController } from './erp-ingest/review-queue.controller';
import { ReviewQueueRepository } from './erp-ingest/review-queue.repository';
import { ReviewQueueService } from './erp-ingest/review-queue.service';
import { PlacementOutcomeHandler } from './outcomes/handlers/placement-outcome.handler';
import { CandidateProfilesRepository } from './matching/candidate-profiles.repository';
import { MatchingController } from './matching/matching.controller';
import { MatchingService } from './matching/matching.service';
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
import { EnterprisePlacementsController } from './placements/enterprise-placements.controller';
import { SchoolPlacementsController } from './placements/school-placements.controller';
import { PlacementActivitiesService } from './placements/placement-activities.service';
import { PlacementAttendanceRepository } from './placements/placement-attendance.repository';
import { EnterpriseReportsController } from './reports/enterprise-reports.controller';
import { OperatorReportsController } from './reports/operator-reports.controller';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { SchoolReportsController } from './reports/school-reports.controller';
import { StudentsController } from './students/students.controller';
import { StudentsRepository } from './students/students.repository';
import { WebhookDeliveriesRepository } from './webhooks/webhook-deliveries.repository';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookSubscriptionsController } from './webhooks/webhook-subscriptions.controller';
import { WebhookSubscriptionsRepository } from './webhooks/webhook-subscriptions.repository';
import { WebhookSubscriptionsService } from './webhooks/webhook-subscriptions.service';

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
          produces: [Topics.partners, Topics.erpInbound, Topics.placementOutcomes, Topics.agreements, Topics.requisitions],
        }),
        PersistenceModule.forRoot({ outboxCollections: [SCHOOLS, ENTERPRISES, PLACEMENTS, ERP_INBOX, AGREEMENTS, REQUISITIONS] }),
        HealthModule,
      ],
      controllers: [
        PartnersController,
        StudentsController,
        PlacementsController,
        EnterprisePlacementsController,
        SchoolPlacementsController,
        SchoolReportsController,
        EnterpriseReportsController,
        OperatorReportsController,
        ErpIngestController,
        ErpAdaptersController,
        ReviewQueueController,
        OutcomeFeedController,
        WebhookSubscriptionsController,
        ErpHireHandler,
        PlacementOutcomeHandler,
        AgreementsController,
        ConsentsController,
        SchoolConsentsController,
        DisclosuresController,
        EnterpriseStudentsController,
        RequisitionsController,
        RequisitionsOperatorController,
        MatchingController,
        ErpRequisitionHandler,
      ],
      providers: [
        { provide: SECRET_BOX, useValue: new SecretBox(config.SECRETS_ENCRYPTION_KEY) },
        AdminGuard,
        SchoolAuthGuard,
        EnterpriseAuthGuard,
        PartnersRepository,
        PartnersService,
        StudentsRepository,
        PlacementsRepository,
        PlacementsService,
        PlacementActivitiesService,
        PlacementAttendanceRepository,
        ReportsRepository,
        ReportsService,
        ErpInboxRepository,
        ErpIngestService,
        ReviewQueueRepository,
        ReviewQueueService,
        OutcomeFeedRepository,
        WebhookSubscriptionsRepository,
        WebhookDeliveriesRepository,
        WebhookDeliveryWorker,
        WebhookSubscriptionsService,
        AgreementsRepository,
        AgreementsService,
        ConsentsRepository,
        ConsentService,
        DisclosureLedgerRepository,
        DisclosureService,
        RequisitionsRepository,
        RequisitionsService,
        CandidateProfilesRepository,
        MatchingService,
      ],
    };
  }
}

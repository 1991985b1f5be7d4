import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { ErpIngestModule } from '../erp-ingest/erp-ingest.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { PartnersModule } from '../partners/partners.module';
import { PlacementsModule } from '../placements/placements.module';
import { StudentsModule } from '../students/students.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ErasureRequestsRepository } from './erasure-requests.repository';
import { ErasureScheduler } from './erasure-scheduler';
import { ErasureService } from './erasure.service';
import { ErasureEventsHandler } from './handlers/erasure-events.handler';
import { OperatorErasureController } from './operator-erasure.controller';
import { OwnStoreEraser } from './own-store-eraser';
import { RetentionCandidatesRepository } from './retention-candidates.repository';
import { SchoolErasureController } from './school-erasure.controller';

/**
 * Erasure and retention (docs/decisions/0037): filing, the talent pipeline's own-store
 * erasure, erasure notices to webhook recipients, every service's confirmation, the completion
 * proof, and the retention sweep. On top of the features whose stores it erases through their services.
 */
@Module({
  imports: [
    PartnersModule,
    StudentsModule,
    ConsentModule,
    PlacementsModule,
    OutcomesModule,
    WebhooksModule,
    ErpIngestModule,
    DisclosuresModule,
  ],
  controllers: [SchoolErasureController, OperatorErasureController, ErasureEventsHandler],
  providers: [ErasureRequestsRepository, RetentionCandidatesRepository, OwnStoreEraser, ErasureService, ErasureScheduler],
  exports: [ErasureService],
})
export class ErasureModule {}

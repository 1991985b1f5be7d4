import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { DemandModule } from '../demand/demand.module';
import { PartnersModule } from '../partners/partners.module';
import { PlacementsModule } from '../placements/placements.module';
import { StudentsModule } from '../students/students.module';
import { ErpAdaptersController } from './erp-adapters.controller';
import { ErpHireService } from './erp-hire.service';
import { ErpInboxRepository } from './erp-inbox.repository';
import { ErpOfferService } from './erp-offer.service';
import { ErpPlacementEndService } from './erp-placement-end.service';
import { ErpPlacementEvents } from './erp-placement-events';
import { ErpPlacementStartService } from './erp-placement-start.service';
import { HeldHiresBackfill } from './held-hires-backfill';
import { ErpIngestController } from './erp-ingest.controller';
import { ErpIngestService } from './erp-ingest.service';
import { ErpHireHandler } from './handlers/erp-hire.handler';
import { ErpOfferHandler } from './handlers/erp-offer.handler';
import { ErpPlacementEndHandler } from './handlers/erp-placement-end.handler';
import { ErpPlacementEndRescindedHandler } from './handlers/erp-placement-end-rescinded.handler';
import { ErpPlacementStartHandler } from './handlers/erp-placement-start.handler';
import { ErpPlacementStartRescindedHandler } from './handlers/erp-placement-start-rescinded.handler';
import { ErpRequisitionHandler } from './handlers/erp-requisition.handler';
import { ReviewQueueController } from './review-queue.controller';
import { ReviewQueueRepository } from './review-queue.repository';
import { ReviewQueueService } from './review-queue.service';

/**
 * ERP ingestion: signed CloudEvents and vendor adapters over HTTP into the inbound topic, the
 * consumers that apply hires, offers, starts and ends (and rescinded starts and ends) of placements (placements) and
 * requisitions (demand), and the review queue.
 */
@Module({
  imports: [PartnersModule, StudentsModule, PlacementsModule, DemandModule, AccessLogModule],
  controllers: [
    ErpIngestController,
    ErpAdaptersController,
    ReviewQueueController,
    ErpHireHandler,
    ErpPlacementEndHandler,
    ErpPlacementEndRescindedHandler,
    ErpOfferHandler,
    ErpPlacementStartHandler,
    ErpPlacementStartRescindedHandler,
    ErpRequisitionHandler,
  ],
  providers: [
    ErpHireService,
    ErpPlacementEndService,
    ErpOfferService,
    ErpPlacementStartService,
    ErpPlacementEvents,
    ErpInboxRepository,
    ErpIngestService,
    HeldHiresBackfill,
    ReviewQueueRepository,
    ReviewQueueService,
  ],
  exports: [ErpIngestService],
})
export class ErpIngestModule {}

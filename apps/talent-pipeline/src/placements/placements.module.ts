import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AgreementsModule } from '../agreements/agreements.module';
import { ConsentModule } from '../consent/consent.module';
import { DemandModule } from '../demand/demand.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { PartnersModule } from '../partners/partners.module';
import { secretsKeyedProvider } from '../shared/secrets-keyed-provider';
import { StudentsModule } from '../students/students.module';
import { SupervisorsModule } from '../supervisors/supervisors.module';
import { EnterprisePlacementReadsService } from './enterprise-placement-reads.service';
import { EnterprisePlacementsController } from './enterprise-placements.controller';
import { PlacementActivitiesService } from './placement-activities.service';
import { PlacementAttendanceRepository } from './placement-attendance.repository';
import { PlacementsController } from './placements.controller';
import { PlacementsRepository } from './placements.repository';
import { PlacementsService } from './placements.service';
import { IdempotentPlacementIds } from './proposal-idempotency';
import { ScheduledStepMetrics } from './scheduled-steps.metrics';
import { ScheduledStepsScheduler } from './scheduled-steps.scheduler';
import { SchoolPlacementsController } from './school-placements.controller';

/**
 * Placements: lifecycle, sign-off, attendance and evaluations. PlacementActivitiesService is
 * internal (used by this feature's controllers); other features use PlacementsService. The
 * ScheduledStepsScheduler applies ERP starts and ends dated in the future on their day (ADR 0076, 0079).
 */
@Module({
  imports: [
    PartnersModule,
    StudentsModule,
    AgreementsModule,
    ConsentModule,
    DemandModule,
    SupervisorsModule,
    DisclosuresModule,
    AccessLogModule,
  ],
  controllers: [PlacementsController, EnterprisePlacementsController, SchoolPlacementsController],
  providers: [
    PlacementsRepository,
    PlacementsService,
    PlacementAttendanceRepository,
    PlacementActivitiesService,
    EnterprisePlacementReadsService,
    ScheduledStepsScheduler,
    ScheduledStepMetrics,
    secretsKeyedProvider(IdempotentPlacementIds),
  ],
  exports: [PlacementsService],
})
export class PlacementsModule {}

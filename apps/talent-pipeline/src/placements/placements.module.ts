import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { ConsentModule } from '../consent/consent.module';
import { DemandModule } from '../demand/demand.module';
import { PartnersModule } from '../partners/partners.module';
import { StudentsModule } from '../students/students.module';
import { SupervisorsModule } from '../supervisors/supervisors.module';
import { EnterprisePlacementsController } from './enterprise-placements.controller';
import { PlacementActivitiesService } from './placement-activities.service';
import { PlacementAttendanceRepository } from './placement-attendance.repository';
import { PlacementsController } from './placements.controller';
import { PlacementsRepository } from './placements.repository';
import { PlacementsService } from './placements.service';
import { SchoolPlacementsController } from './school-placements.controller';

/**
 * Placements: lifecycle, sign-off, attendance and evaluations. PlacementActivitiesService is
 * internal (used by this feature's controllers); other features use PlacementsService.
 */
@Module({
  imports: [PartnersModule, StudentsModule, AgreementsModule, ConsentModule, DemandModule, SupervisorsModule],
  controllers: [PlacementsController, EnterprisePlacementsController, SchoolPlacementsController],
  providers: [PlacementsRepository, PlacementsService, PlacementAttendanceRepository, PlacementActivitiesService],
  exports: [PlacementsService],
})
export class PlacementsModule {}

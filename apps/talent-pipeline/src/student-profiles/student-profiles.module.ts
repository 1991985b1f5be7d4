import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { ErasureModule } from '../erasure/erasure.module';
import { PartnersModule } from '../partners/partners.module';
import { PlacementsModule } from '../placements/placements.module';
import { StudentsModule } from '../students/students.module';
import { SchoolStudentProfilesController } from './school-student-profiles.controller';
import { StudentProfilesController } from './student-profiles.controller';
import { StudentProfilesService } from './student-profiles.service';

/** Changes to a student's profile (PATCH /v1/students/{id}, and a school's PATCH of its own), carried to the placements' copies. */
@Module({
  imports: [StudentsModule, PlacementsModule, ErasureModule, PartnersModule, AccessLogModule],
  controllers: [StudentProfilesController, SchoolStudentProfilesController],
  providers: [StudentProfilesService],
  exports: [StudentProfilesService],
})
export class StudentProfilesModule {}

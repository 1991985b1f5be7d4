import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { PartnersModule } from '../partners/partners.module';
import { secretsKeyedProvider } from '../shared/secrets-keyed-provider';
import { ErasedHrIds } from './erased-hr-ids';
import { IdempotentStudentIds } from './registration-idempotency';
import { SchoolStudentChangesController } from './school-student-changes.controller';
import { SchoolStudentsController } from './school-students.controller';
import { StudentsController } from './students.controller';
import { StudentsRepository } from './students.repository';
import { StudentsService } from './students.service';

@Module({
  imports: [PartnersModule, AccessLogModule],
  controllers: [StudentsController, SchoolStudentsController, SchoolStudentChangesController],
  providers: [StudentsRepository, StudentsService, secretsKeyedProvider(ErasedHrIds), secretsKeyedProvider(IdempotentStudentIds)],
  exports: [StudentsService],
})
export class StudentsModule {}

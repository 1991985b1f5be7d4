import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@app/base';
import { AccessLogModule } from '@app/platform';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { PartnersModule } from '../partners/partners.module';
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
  providers: [
    StudentsRepository,
    StudentsService,
    {
      provide: ErasedHrIds,
      inject: [APP_CONFIG],
      useFactory: (config: TalentPipelineConfig) => new ErasedHrIds(config.SECRETS_ENCRYPTION_KEY, config.SECRETS_ENCRYPTION_PREVIOUS_KEYS),
    },
    {
      provide: IdempotentStudentIds,
      inject: [APP_CONFIG],
      useFactory: (config: TalentPipelineConfig) =>
        new IdempotentStudentIds(config.SECRETS_ENCRYPTION_KEY, config.SECRETS_ENCRYPTION_PREVIOUS_KEYS),
    },
  ],
  exports: [StudentsService],
})
export class StudentsModule {}

import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { TeachersModule } from '../teachers/teachers.module';
import { ComplianceController } from './compliance.controller';
import { ComplianceService } from './compliance.service';
import { RdHoursHandler } from './handlers/rd-hours.handler';
import { RdHoursRepository } from './rd-hours.repository';
import { RuleSetsRepository } from './rule-sets.repository';

@Module({
  imports: [AccessModule, AccessLogModule, TeachersModule],
  controllers: [ComplianceController, RdHoursHandler],
  providers: [RuleSetsRepository, RdHoursRepository, ComplianceService],
  exports: [ComplianceService],
})
export class ComplianceModule {}

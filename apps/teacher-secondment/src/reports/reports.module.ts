import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { SecondmentsModule } from '../secondments/secondments.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [AccessModule, AccessLogModule, ComplianceModule, PrivacyModule, SecondmentsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}

import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { EnterpriseReportsController } from './enterprise-reports.controller';
import { OperatorReportsController } from './operator-reports.controller';
import { ReportPool } from './report-pool';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { SchoolReportsController } from './school-reports.controller';

@Module({
  imports: [PartnersModule],
  controllers: [SchoolReportsController, EnterpriseReportsController, OperatorReportsController],
  providers: [ReportsRepository, ReportPool, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}

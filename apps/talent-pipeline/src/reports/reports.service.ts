import { Injectable } from '@nestjs/common';
import { ConversionReport, conversionReport } from './domain/conversion-report';
import { PlacementReport, placementReport } from './domain/placement-report';
import { ReportScope, ReportsRepository } from './reports.repository';

@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  async placements(scope: ReportScope): Promise<PlacementReport & { scope: ReportScope; generatedAt: string }> {
    const [students, placements] = await Promise.all([this.reports.students(scope), this.reports.placements(scope)]);
    const names = await this.reports.enterpriseNames([...new Set(placements.map((p) => p.enterpriseId))]);
    return { scope, generatedAt: new Date().toISOString(), ...placementReport(students, placements, names) };
  }

  async conversion(enterpriseId: string): Promise<ConversionReport & { enterpriseId: string; generatedAt: string }> {
    return { enterpriseId, generatedAt: new Date().toISOString(), ...conversionReport(await this.reports.internshipsAt(enterpriseId)) };
  }
}

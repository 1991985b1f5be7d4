import { Injectable } from '@nestjs/common';
import { ConversionReport, ConversionReportBuilder } from './domain/conversion-report';
import { PlacementReport, PlacementReportBuilder } from './domain/placement-report';
import { ReportScope, ReportsRepository } from './reports.repository';

@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  /** Students and placements are read side by side, each tallied as its cursor yields it. */
  async placements(scope: ReportScope): Promise<PlacementReport & { scope: ReportScope; generatedAt: string }> {
    const builder = new PlacementReportBuilder();
    await Promise.all([
      (async () => {
        for await (const student of this.reports.students(scope)) builder.addStudent(student);
      })(),
      (async () => {
        for await (const placement of this.reports.placements(scope)) builder.addPlacement(placement);
      })(),
    ]);
    const names = await this.reports.enterpriseNames(builder.enterpriseIds());
    return { scope, generatedAt: new Date().toISOString(), ...builder.report(names) };
  }

  async conversion(enterpriseId: string): Promise<ConversionReport & { enterpriseId: string; generatedAt: string }> {
    const builder = new ConversionReportBuilder();
    for await (const placement of this.reports.internshipsAt(enterpriseId)) builder.add(placement);
    return { enterpriseId, generatedAt: new Date().toISOString(), ...builder.report() };
  }
}

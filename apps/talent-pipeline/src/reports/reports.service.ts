import { Injectable } from '@nestjs/common';
import { ConversionReportBuilder } from './domain/conversion-report';
import { PlacementReportBuilder } from './domain/placement-report';
import { ConversionReportView, PlacementReportView } from './report.response';
import { ReportPool } from './report-pool';
import { ReportScope, ReportsRepository } from './reports.repository';

/**
 * Reports tally the in-memory report pool (ADR 0060) when it is on; otherwise students and
 * placements are read from the database side by side, each tallied as its cursor yields it.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly pool: ReportPool,
  ) {}

  async placements(scope: ReportScope): Promise<PlacementReportView> {
    const builder = new PlacementReportBuilder();
    const pool = await this.pool.current();
    if (pool) {
      for (const student of pool.students(scope)) builder.addStudent(student);
      for (const placement of pool.placements(scope)) builder.addPlacement(placement);
    } else {
      await Promise.all([
        (async () => {
          for await (const student of this.reports.students(scope)) builder.addStudent(student);
        })(),
        (async () => {
          for await (const placement of this.reports.placements(scope)) builder.addPlacement(placement);
        })(),
      ]);
    }
    const names = await this.reports.enterpriseNames(builder.enterpriseIds());
    return { scope, generatedAt: new Date().toISOString(), ...builder.report(names) };
  }

  async conversion(enterpriseId: string): Promise<ConversionReportView> {
    const builder = new ConversionReportBuilder();
    const pool = await this.pool.current();
    if (pool) {
      for (const placement of pool.placementsAt(enterpriseId)) if (placement.kind === 'internship') builder.add(placement);
    } else {
      for await (const placement of this.reports.internshipsAt(enterpriseId)) builder.add(placement);
    }
    return { enterpriseId, generatedAt: new Date().toISOString(), ...builder.report() };
  }
}

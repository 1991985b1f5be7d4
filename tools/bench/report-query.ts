/**
 * Report query time over HTTP, with one school's N placements (default 10,000) in the database:
 *
 *   - GET /v1/schools/:schoolId/reports/placements           JSON, CSV, and JSON for one programme + cohort
 *   - GET /v1/enterprises/:enterpriseId/reports/conversion   JSON and CSV
 *
 * The school and the enterprises are registered through the API (the reports need their API
 * keys); the students and placements are inserted directly in the shapes the service writes
 * (report-data.ts), since the API would need ~6 requests per placement. Each report is also timed
 * in process (ReportsService over the same database, no HTTP), as tools/bench/report-bench.ts does
 * standalone, to separate the queries + reduce from HTTP and serialisation.
 */
import { ReportsRepository } from '../../apps/talent-pipeline/src/reports/reports.repository';
import { ReportsService } from '../../apps/talent-pipeline/src/reports/reports.service';
import { ChangeLog } from '@app/persistence';
import { api, BenchContext, GetSeries, insertChunked, interleavedSeries, medianMs, TimedGet } from './context';
import { sleep } from './lib';
import { reportPopulation, REPORT_COHORTS, REPORT_PROGRAMMES } from './report-data';
import type { ReportPool } from '../../apps/talent-pipeline/src/reports/report-pool';

/** The report pool turned off: the database path (queries and reduce) is what this measures or tests. */
const POOL_OFF = { current: async () => undefined } as unknown as ReportPool;

export interface ReportQuerySettings {
  placements: number;
  enterprises: number;
  runs: number;
  /** pause after seeding, before timing, so the server's own work on the inserts settles */
  settleMs: number;
}

export interface ReportCall {
  label: string;
  path: string;
  /** what the figure covers: the school's placements, or one enterprise's */
  placementsCovered: number;
  series: GetSeries;
  /** the same report through ReportsService in the bench process (no HTTP), median ms; absent for CSV */
  inProcessMs?: number;
}

export interface ReportQueryResult {
  placements: number;
  students: number;
  enterprises: number;
  seedSeconds: number;
  /** collection sizes when the reports were timed (the whole database, other phases included) */
  collections: { students: number; placements: number };
  calls: ReportCall[];
  cpu: Record<string, number>;
}

export async function reportQueries(ctx: BenchContext, settings: ReportQuerySettings): Promise<ReportQueryResult> {
  ctx.phase?.(`reports: seeding ${settings.placements} placements (direct inserts), then settle`);
  const school = await api(ctx, 'POST', '/v1/schools', { name: 'Bench Report College', country: 'CN' });
  const enterprises: { id: string; apiKey: string }[] = [];
  for (let e = 0; e < settings.enterprises; e++) {
    enterprises.push(await api(ctx, 'POST', '/v1/enterprises', { name: `Bench Destination ${e + 1}`, country: 'CN' }));
  }
  const { students, placements } = reportPopulation(
    school.id,
    enterprises.map((e) => e.id),
    settings.placements,
  );
  const seedSeconds = (await insertChunked(ctx.db, 'students', students)) + (await insertChunked(ctx.db, 'placements', placements));
  // Written around the service: recorded, so the in-memory pools reload them (ADR 0060).
  const changes = new ChangeLog(ctx.db);
  await changes.record(
    'students',
    students.map((s) => s._id),
  );
  await changes.record(
    'placements',
    placements.map((p) => p._id),
  );
  ctx.log(`  seeded ${students.length} students and ${placements.length} placements directly in ${seedSeconds.toFixed(1)} s`);
  await sleep(settings.settleMs);

  const [programme, cohort] = [REPORT_PROGRAMMES[1], REPORT_COHORTS[1]];
  const ofOneGroup = placements.filter((p) => p.programme === programme && p.cohort === cohort).length;
  const ofEnterprise = placements.filter((p) => p.enterpriseId === enterprises[0].id && p.kind === 'internship').length;
  const inProcess = new ReportsService(new ReportsRepository(ctx.db), POOL_OFF);
  const schoolPath = `/v1/schools/${school.id}/reports/placements`;
  const conversionPath = `/v1/enterprises/${enterprises[0].id}/reports/conversion`;
  const plan: { label: string; path: string; token: string; covered: number; inProcess?: () => Promise<unknown> }[] = [
    {
      label: 'school placement report, JSON',
      path: schoolPath,
      token: school.apiKey,
      covered: placements.length,
      inProcess: () => inProcess.placements({ schoolId: school.id }),
    },
    { label: 'school placement report, CSV', path: `${schoolPath}?format=csv`, token: school.apiKey, covered: placements.length },
    {
      label: `school placement report, one programme + cohort (${programme} ${cohort}), JSON`,
      path: `${schoolPath}?programme=${programme}&cohort=${cohort}`,
      token: school.apiKey,
      covered: ofOneGroup,
      inProcess: () => inProcess.placements({ schoolId: school.id, programme, cohort }),
    },
    {
      label: 'enterprise conversion report, JSON',
      path: conversionPath,
      token: enterprises[0].apiKey,
      covered: ofEnterprise,
      inProcess: () => inProcess.conversion(enterprises[0].id),
    },
    {
      label: 'enterprise conversion report, CSV',
      path: `${conversionPath}?format=csv`,
      token: enterprises[0].apiKey,
      covered: ofEnterprise,
    },
  ];

  ctx.phase?.('reports: the report GETs, then the same reports in the bench process');
  const cpu = ctx.meter();
  cpu.begin();
  const measured = await interleavedSeries(
    plan.map((step) => ({
      url: `${ctx.baseUrl}${step.path}`,
      token: step.token,
      check: (first: TimedGet) => {
        // the school's report must count exactly the students seeded for it
        const totals = step.path === schoolPath ? JSON.parse(first.body).totals : undefined;
        if (totals && totals.students !== students.length) {
          throw new Error(`the school report counts ${totals.students} students; ${students.length} were seeded`);
        }
      },
    })),
    settings.runs,
  );
  const calls: ReportCall[] = plan.map((step, i) => ({
    label: step.label,
    path: step.path,
    placementsCovered: step.covered,
    series: measured[i].series,
  }));
  for (const call of calls) {
    ctx.log(
      `  ${call.label}: p50 ${call.series.ms.p50.toFixed(0)} ms, p99 ${call.series.ms.p99.toFixed(0)} ms (${call.series.bytes} bytes)`,
    );
  }
  const cpuUse = cpu.end();
  for (const [i, step] of plan.entries()) {
    if (!step.inProcess) continue;
    await step.inProcess(); // warm-up: this process's JIT
    calls[i].inProcessMs = await medianMs(Math.min(settings.runs, 5), step.inProcess);
  }
  return {
    placements: placements.length,
    students: students.length,
    enterprises: enterprises.length,
    seedSeconds,
    collections: {
      students: await ctx.db.collection('students').estimatedDocumentCount(),
      placements: await ctx.db.collection('placements').estimatedDocumentCount(),
    },
    calls,
    cpu: cpuUse,
  };
}

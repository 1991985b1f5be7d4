/**
 * Report query benchmark: seeds a school's students and placements (default 10,000 placements)
 * into a database of its own on a running Mongo-compatible server, then times the placement
 * report (two projected queries + the in-memory reduce) and the enterprise conversion report,
 * the same code the HTTP endpoints run. Prints the figures in ms; drops the database after.
 * `npm run bench` measures the same reports over HTTP against the running service, with the same
 * population (report-query.ts, report-data.ts), and this in-process figure next to it.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/report-bench.ts
 *
 * Environment: REPORT_BENCH_MONGO_URL (mongodb://127.0.0.1:27028), REPORT_BENCH_PLACEMENTS (10000),
 * REPORT_BENCH_RUNS (10), REPORT_BENCH_KEEP=1 keeps the database.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { mongoUriWithDatabase } from '@app/testing';
import { ReportsRepository } from '../../apps/talent-pipeline/src/reports/reports.repository';
import { ReportsService } from '../../apps/talent-pipeline/src/reports/reports.service';
import { reportPopulation } from './report-data';
import type { ReportPool } from '../../apps/talent-pipeline/src/reports/report-pool';

/** The report pool turned off: the database path (queries and reduce) is what this measures or tests. */
const POOL_OFF = { current: async () => undefined } as unknown as ReportPool;

const env = process.env;
const mongoUrl = env.REPORT_BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:27028';
const placementCount = Number(env.REPORT_BENCH_PLACEMENTS ?? 10_000);
const runs = Number(env.REPORT_BENCH_RUNS ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const database = `report_bench_${Date.now()}_${process.pid}`;
  const client = await MongoClient.connect(mongoUriWithDatabase(mongoUrl, database));
  const db = client.db(database);
  try {
    const schoolId = randomUUID();
    const enterpriseIds = Array.from({ length: 50 }, () => randomUUID());
    const { students, placements } = reportPopulation(schoolId, enterpriseIds, placementCount);
    const studentCount = students.length;
    const seedStart = performance.now();
    for (let i = 0; i < students.length; i += 1000) await db.collection('students').insertMany(students.slice(i, i + 1000) as never[]);
    for (let i = 0; i < placements.length; i += 1000)
      await db.collection('placements').insertMany(placements.slice(i, i + 1000) as never[]);
    const repository = new ReportsRepository(db);
    await repository.onModuleInit();
    const service = new ReportsService(repository, POOL_OFF);
    console.log(
      `seeded ${studentCount} students and ${placementCount} placements in ${(performance.now() - seedStart).toFixed(0)} ms (${database})`,
    );

    const time = async (label: string, query: () => Promise<unknown>) => {
      await query(); // warm-up: connection, index and JIT
      const samples: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        await query();
        samples.push(performance.now() - started);
      }
      samples.sort((a, b) => a - b);
      console.log(
        `${label}: median ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms (${runs} runs)`,
      );
    };
    const report = await service.placements({ schoolId });
    console.log(
      `school report totals: ${JSON.stringify(report.totals)}; ${report.groups.length} groups, ${report.destinations.length} destinations`,
    );
    await time(`school placement report (${placementCount} placements)`, () => service.placements({ schoolId }));
    await time('school placement report, one programme + cohort', () =>
      service.placements({ schoolId, programme: 'welding', cohort: '2024' }),
    );
    await time(`enterprise conversion report (${Math.round(placementCount / enterpriseIds.length)} placements)`, () =>
      service.conversion(enterpriseIds[0]),
    );
  } finally {
    if (env.REPORT_BENCH_KEEP !== '1') await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().catch((error) => {
  console.error(`report bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

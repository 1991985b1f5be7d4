/**
 * Matching benchmark, in memory: ranks N synthetic students (synthetic-students.ts) for one
 * requisition with the pure ranking function the service uses
 * (apps/talent-pipeline/src/matching/domain/rank-candidates.ts), in process, and reports the
 * time per ranking. It measures the in-memory part only; `npm run bench` runs it too (on the
 * same population it seeds for the HTTP measurement, matching-http.ts), and standalone:
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/matching-bench.ts
 *
 * Environment (standalone): MATCH_BENCH_STUDENTS (10000), MATCH_BENCH_RUNS (50), MATCH_BENCH_SEED (42).
 */
import { CandidateProfile, MatchDemand, rankCandidates } from '../../apps/talent-pipeline/src/matching/domain/rank-candidates';
import { distribution, Distribution } from './lib';
import { DEMAND, syntheticStudents } from './synthetic-students';

export interface InMemoryMatchingResult {
  students: number;
  /** Students ranked (available during the period), before the limit. */
  ranked: number;
  limit: number;
  skillsAsked: number;
  runs: number;
  warmupRuns: number;
  ms: Distribution;
  node: string;
}

/** Times `runs` rankings of `students` (after `warmupRuns` untimed ones, for the JIT). */
export function measureRanking(
  students: readonly CandidateProfile[],
  demand: MatchDemand = DEMAND,
  runs = 50,
  limit = 20,
  warmupRuns = 10,
): InMemoryMatchingResult {
  for (let i = 0; i < warmupRuns; i++) rankCandidates(demand, students, limit);
  const times: number[] = [];
  let ranked = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const ranking = rankCandidates(demand, students, limit);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    ranked = ranking.total;
  }
  return {
    students: students.length,
    ranked,
    limit,
    skillsAsked: demand.skills.length,
    runs,
    warmupRuns,
    ms: distribution(times),
    node: process.version,
  };
}

function main(): void {
  const students = syntheticStudents(Number(process.env.MATCH_BENCH_STUDENTS ?? 10_000), Number(process.env.MATCH_BENCH_SEED ?? 42));
  const r = measureRanking(students, DEMAND, Number(process.env.MATCH_BENCH_RUNS ?? 50));
  const fmt = (ms: number) => ms.toFixed(2);
  console.log(
    `matching: ranked ${r.ranked} of ${r.students} synthetic students, top ${r.limit} returned (${r.skillsAsked} skills asked), ${r.runs} runs`,
  );
  console.log(`  mean ${fmt(r.ms.mean)} ms  p50 ${fmt(r.ms.p50)} ms  p99 ${fmt(r.ms.p99)} ms  max ${fmt(r.ms.max)} ms`);
  console.log(`  node ${r.node}`);
}

if (require.main === module) main();

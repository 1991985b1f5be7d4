/**
 * Matching benchmark: ranks N synthetic students for one requisition with the pure ranking
 * function the service uses (apps/talent-pipeline/src/matching/domain/rank-candidates.ts), in
 * process, and prints the time per ranking. It measures the in-memory part only; loading the
 * candidates is one indexed query (projection of five fields, filtered by school ids).
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/matching-bench.ts
 *
 * Environment: MATCH_BENCH_STUDENTS (10000), MATCH_BENCH_RUNS (50), MATCH_BENCH_SEED (42).
 */
import { CandidateProfile, MatchDemand, rankCandidates } from '../../apps/talent-pipeline/src/matching/domain/rank-candidates';

const STUDENTS = Number(process.env.MATCH_BENCH_STUDENTS ?? 10_000);
const RUNS = Number(process.env.MATCH_BENCH_RUNS ?? 50);
const WARMUP_RUNS = 10;

/** Deterministic PRNG (mulberry32), so every run ranks the same population. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = prng(Number(process.env.MATCH_BENCH_SEED ?? 42));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** 60 skills; half carry an ESCO URI, as in a realistic mix of coded and free-text skills. */
const SKILLS = Array.from({ length: 60 }, (_, i) => ({
  label: `Skill ${i}`,
  ...(i % 2 === 0 ? { escoUri: `http://data.europa.eu/esco/skill/s${i}` } : {}),
}));

function date(dayOfYear: number): string {
  return new Date(Date.UTC(2026, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

function syntheticStudents(n: number): CandidateProfile[] {
  return Array.from({ length: n }, (_, i) => {
    const start = Math.floor(random() * 300);
    const skillCount = 3 + Math.floor(random() * 10);
    return {
      studentId: `student-${String(i).padStart(6, '0')}`,
      programme: pick(['mechatronics', 'welding', 'logistics', 'electrical']),
      cohort: pick(['2024', '2025', '2026']),
      // Some students write the label differently (case), some carry the URI: both paths are exercised.
      skills: Array.from({ length: skillCount }, () => {
        const skill = pick(SKILLS);
        return random() < 0.3 ? { label: skill.label.toUpperCase() } : skill;
      }),
      availability: { from: date(start), to: date(start + 30 + Math.floor(random() * 200)) },
    };
  });
}

const demand: MatchDemand = {
  skills: [SKILLS[0], SKILLS[1], SKILLS[4], SKILLS[7], SKILLS[10], { label: 'skill 13' }],
  period: { from: '2026-03-01', to: '2026-08-31' },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function main(): void {
  const students = syntheticStudents(STUDENTS);
  for (let i = 0; i < WARMUP_RUNS; i++) rankCandidates(demand, students, 20);

  const times: number[] = [];
  let ranked = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const ranking = rankCandidates(demand, students, 20);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    ranked = ranking.total;
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  const fmt = (ms: number) => ms.toFixed(2);
  console.log(
    `matching: ranked ${ranked} of ${STUDENTS} synthetic students, top 20 returned (${demand.skills.length} skills asked), ${RUNS} runs`,
  );
  console.log(
    `  mean ${fmt(mean)} ms  p50 ${fmt(percentile(times, 50))} ms  p95 ${fmt(percentile(times, 95))} ms  max ${fmt(times[times.length - 1])} ms`,
  );
  console.log(`  node ${process.version}`);
}

main();

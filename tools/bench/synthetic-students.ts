/**
 * The synthetic population and demand both matching measurements rank: the in-memory one
 * (matching-bench.ts, and the in-memory part of `npm run bench`) and the HTTP one
 * (matching-http.ts), so their figures are about the same students.
 */
import type { CandidateProfile, MatchDemand } from '../../apps/talent-pipeline/src/matching/domain/rank-candidates';

/** Deterministic PRNG (mulberry32), so every run ranks the same population. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 60 skills; half carry an ESCO URI, as in a realistic mix of coded and free-text skills. */
export const SKILLS = Array.from({ length: 60 }, (_, i) => ({
  label: `Skill ${i}`,
  ...(i % 2 === 0 ? { escoUri: `http://data.europa.eu/esco/skill/s${i}` } : {}),
}));

export const PROGRAMMES = ['mechatronics', 'welding', 'logistics', 'electrical'] as const;
export const COHORTS = ['2024', '2025', '2026'] as const;

/** Six skills asked (coded, free-text, and one free-text label that differs in case), March to August 2026. */
export const DEMAND: MatchDemand = {
  skills: [SKILLS[0], SKILLS[1], SKILLS[4], SKILLS[7], SKILLS[10], { label: 'skill 13' }],
  period: { from: '2026-03-01', to: '2026-08-31' },
};

function date(dayOfYear: number): string {
  return new Date(Date.UTC(2026, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

/**
 * `n` students with 3-12 skills each (30% written with an upper-case label and no URI) and an
 * availability window of 30-230 days starting somewhere in the first 300 days of 2026; most,
 * not all, overlap DEMAND.period. `idOf(i)` names them (synthetic ids by default).
 */
export function syntheticStudents(
  n: number,
  seed = 42,
  idOf: (index: number) => string = (i) => `student-${String(i).padStart(6, '0')}`,
): CandidateProfile[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  return Array.from({ length: n }, (_, i) => {
    const start = Math.floor(random() * 300);
    const skillCount = 3 + Math.floor(random() * 10);
    return {
      studentId: idOf(i),
      programme: pick(PROGRAMMES),
      cohort: pick(COHORTS),
      // Some students write the label differently (case), some carry the URI: both paths are exercised.
      skills: Array.from({ length: skillCount }, () => {
        const skill = pick(SKILLS);
        return random() < 0.3 ? { label: skill.label.toUpperCase() } : skill;
      }),
      availability: { from: date(start), to: date(start + 30 + Math.floor(random() * 200)) },
    };
  });
}

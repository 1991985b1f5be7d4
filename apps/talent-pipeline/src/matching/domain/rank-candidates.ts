import { dayNumber } from './calendar-days';

export interface SkillRef {
  label: string;
  escoUri?: string;
}

export interface DatePeriod {
  /** YYYY-MM-DD, included. */
  from: string;
  /** YYYY-MM-DD, included. */
  to: string;
}

/** What the ranking needs of a requisition. */
export interface MatchDemand {
  skills: readonly SkillRef[];
  period: DatePeriod;
}

/** What the ranking needs of a student: no names, nothing beyond ids, programme and cohort. */
export interface CandidateProfile {
  studentId: string;
  /** The student's school (for the disclosure ledger; ranking ignores it). */
  schoolId?: string;
  programme: string;
  cohort: string;
  skills?: readonly SkillRef[];
  availability?: DatePeriod;
}

export interface AvailabilityReason {
  /** The days the student is available within the requisition period (both included). */
  overlap: DatePeriod;
  overlapDays: number;
  periodDays: number;
  /** overlapDays / periodDays, 0..1. */
  coverage: number;
}

export interface MatchReasons {
  /** The requisition's skills the student has. */
  skillsMatched: SkillRef[];
  /** The requisition's skills the student lacks. */
  skillsMissing: SkillRef[];
  /** matched / asked for, 0..1 (1 when the requisition asks for no skill). */
  skillCoverage: number;
  availability: AvailabilityReason;
}

export interface RankedCandidate {
  /** 1-based position in the ranking. */
  rank: number;
  studentId: string;
  programme: string;
  cohort: string;
  /** 0..1, four decimals: SKILL_WEIGHT * skillCoverage + AVAILABILITY_WEIGHT * availability coverage. */
  score: number;
  reasons: MatchReasons;
}

export interface Ranking {
  /** How many students were ranked (available), before the limit. */
  total: number;
  /** The best `limit` of them, best first. */
  items: RankedCandidate[];
}

/** Skills matter more than how much of the period a student can cover. */
export const SKILL_WEIGHT = 0.7;
export const AVAILABILITY_WEIGHT = 0.3;

/** Per-student working numbers; the reasons objects are built only for the students returned. */
interface Scored {
  candidate: CandidateProfile;
  /** matched[i]: the student holds the requisition's i-th skill. */
  matched: boolean[];
  matchedCount: number;
  overlapFrom: number;
  overlapTo: number;
  overlapDays: number;
  score: number;
}

/**
 * Ranks students for a requisition. Only students available for at least one day of the
 * requisition period are ranked (no declared availability = not available). Skills are the
 * same when both sides name an ESCO URI and the URIs are equal, otherwise when their labels
 * are equal ignoring case. Order: score, then more skills matched, then more days available,
 * then student id — so equal inputs always give the same order.
 *
 * Pure and linear in the number of candidates (plus the sort), so it ranks thousands of
 * students in a few milliseconds (tools/bench/matching-bench.ts).
 */
export function rankCandidates(demand: MatchDemand, candidates: Iterable<CandidateProfile>, limit = Infinity): Ranking {
  const ranker = new CandidateRanker(demand, limit);
  for (const candidate of candidates) ranker.add(candidate);
  return ranker.ranking();
}

/**
 * The same ranking, one candidate at a time, keeping only the best `limit` (a bounded heap):
 * memory grows with the limit, not with the number of students, so the candidates can come
 * straight from a database cursor and be dropped once scored. `ranking()` gives exactly what
 * `rankCandidates` gives for the same candidates in any order (the order is total).
 */
export class CandidateRanker {
  private readonly periodFrom?: number;
  private readonly periodTo?: number;
  private readonly periodDays: number = 0;
  private readonly wanted: { skill: SkillRef; label: string; uri?: string }[];
  private readonly limit: number;
  /** The best so far; with a finite limit a heap whose root is the worst of them. */
  private readonly kept: Scored[] = [];
  private counted = 0;

  constructor(
    private readonly demand: MatchDemand,
    limit = Infinity,
  ) {
    this.limit = Math.max(0, limit);
    this.wanted = demand.skills.map((skill) => ({ skill, label: normalise(skill.label), uri: skill.escoUri }));
    const from = dayNumber(demand.period.from);
    const to = dayNumber(demand.period.to);
    if (from === undefined || to === undefined || to < from) return;
    this.periodFrom = from;
    this.periodTo = to;
    this.periodDays = to - from + 1;
  }

  /** How many candidates were ranked (available) so far. */
  get total(): number {
    return this.counted;
  }

  add(candidate: CandidateProfile): void {
    const { periodFrom, periodTo } = this;
    if (periodFrom === undefined || periodTo === undefined) return;
    const available = candidate.availability;
    if (!available) return;
    const from = dayNumber(available.from);
    const to = dayNumber(available.to);
    if (from === undefined || to === undefined) return;
    const overlapFrom = Math.max(from, periodFrom);
    const overlapTo = Math.min(to, periodTo);
    if (overlapTo < overlapFrom) return;
    const overlapDays = overlapTo - overlapFrom + 1;

    const held = candidate.skills ?? [];
    const heldLabels = held.map((skill) => normalise(skill.label));
    const matched = this.wanted.map((w) => holds(held, heldLabels, w));
    const matchedCount = matched.reduce((n, m) => (m ? n + 1 : n), 0);
    const skillCoverage = this.wanted.length === 0 ? 1 : matchedCount / this.wanted.length;
    const score = round4(SKILL_WEIGHT * skillCoverage + AVAILABILITY_WEIGHT * round4(overlapDays / this.periodDays));
    this.counted++;
    this.keep({ candidate, matched, matchedCount, overlapFrom, overlapTo, overlapDays, score });
  }

  ranking(): Ranking {
    const { demand, wanted, periodDays } = this;
    const top = [...this.kept].sort(better);
    const items = top.map((s, index): RankedCandidate => {
      const available = s.candidate.availability!;
      return {
        rank: index + 1,
        studentId: s.candidate.studentId,
        programme: s.candidate.programme,
        cohort: s.candidate.cohort,
        score: s.score,
        reasons: {
          skillsMatched: wanted.filter((_, i) => s.matched[i]).map((w) => w.skill),
          skillsMissing: wanted.filter((_, i) => !s.matched[i]).map((w) => w.skill),
          skillCoverage: wanted.length === 0 ? 1 : round4(s.matchedCount / wanted.length),
          availability: {
            // Valid YYYY-MM-DD strings order like their dates, so the overlap's ends are input strings.
            overlap: {
              from: s.overlapFrom === this.periodFrom ? demand.period.from : available.from,
              to: s.overlapTo === this.periodTo ? demand.period.to : available.to,
            },
            overlapDays: s.overlapDays,
            periodDays,
            coverage: round4(s.overlapDays / periodDays),
          },
        },
      };
    });
    return { total: this.counted, items };
  }

  /** The candidates kept so far (at most the limit), in no particular order. */
  keptCandidates(): CandidateProfile[] {
    return this.kept.map((s) => s.candidate);
  }

  private keep(scored: Scored): void {
    const heap = this.kept;
    if (!Number.isFinite(this.limit)) {
      heap.push(scored);
      return;
    }
    if (heap.length < this.limit) {
      heap.push(scored);
      siftUp(heap, heap.length - 1);
    } else if (heap.length > 0 && better(scored, heap[0]) < 0) {
      heap[0] = scored;
      siftDown(heap, 0);
    }
  }
}

/** Negative when `a` ranks before `b`: score, then more skills matched, then more days, then id. */
function better(a: Scored, b: Scored): number {
  return (
    b.score - a.score ||
    b.matchedCount - a.matchedCount ||
    b.overlapDays - a.overlapDays ||
    compareIds(a.candidate.studentId, b.candidate.studentId)
  );
}

/** Min-heap by rank quality: the root is the worst kept candidate (the first to be replaced). */
function worse(a: Scored, b: Scored): boolean {
  return better(a, b) > 0;
}

function siftUp(heap: Scored[], i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!worse(heap[i], heap[parent])) return;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function siftDown(heap: Scored[], i: number): void {
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let worst = i;
    if (left < heap.length && worse(heap[left], heap[worst])) worst = left;
    if (right < heap.length && worse(heap[right], heap[worst])) worst = right;
    if (worst === i) return;
    [heap[i], heap[worst]] = [heap[worst], heap[i]];
    i = worst;
  }
}

/**
 * Same skill: equal ESCO URIs when both sides have one, else equal labels ignoring case. A
 * plain loop over the few skills a student holds: no per-student Sets to allocate.
 */
function holds(held: readonly SkillRef[], heldLabels: readonly string[], wanted: { label: string; uri?: string }): boolean {
  for (let i = 0; i < held.length; i++) {
    const uri = held[i].escoUri;
    if (wanted.uri && uri ? uri === wanted.uri : heldLabels[i] === wanted.label) return true;
  }
  return false;
}

/** Case-insensitive and blind to surrounding or repeated spaces. */
function normalise(label: string): string {
  const trimmed = label.trim().toLowerCase();
  return /\s\s|[\t\n\r]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** Plain code-unit order, independent of the locale the process runs in. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

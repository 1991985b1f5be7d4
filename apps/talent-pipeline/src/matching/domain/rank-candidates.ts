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
  matchedCount: number;
  overlapFrom: number;
  overlapTo: number;
  overlapDays: number;
  score: number;
}

/** A wanted skill as compared: the normalised label and the URI. */
interface WantedSkill {
  skill: SkillRef;
  label: string;
  uri?: string;
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
 *
 * Students repeat the same few skills, so a ranker works out once per distinct label and URI
 * which wanted skills a held skill satisfies (normalising a label costs more than looking it
 * up). A candidate then costs a lookup per skill it holds, and an object only when it enters
 * the best `limit`.
 */
export class CandidateRanker {
  private readonly periodFrom?: number;
  private readonly periodTo?: number;
  private readonly periodDays: number = 0;
  private readonly wanted: WantedSkill[];
  private readonly limit: number;
  /** The best so far; with a finite limit a heap whose root is the worst of them. */
  private readonly kept: Scored[] = [];
  private counted = 0;
  /** Held skill label, then URI ('' for none), to the indices of the wanted skills it satisfies. */
  private readonly hitsOf = new Map<string, Map<string, readonly number[]>>();
  /** seenBy[i] === stamp: the wanted skill i was matched by the candidate being added. */
  private readonly seenBy: Uint32Array;
  private stamp = 0;

  constructor(
    private readonly demand: MatchDemand,
    limit = Infinity,
  ) {
    this.limit = Math.max(0, limit);
    this.wanted = demand.skills.map((skill) => ({ skill, label: normalise(skill.label), uri: skill.escoUri }));
    this.seenBy = new Uint32Array(this.wanted.length);
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

    const matchedCount = this.countMatched(candidate.skills ?? []);
    const skillCoverage = this.wanted.length === 0 ? 1 : matchedCount / this.wanted.length;
    const score = round4(SKILL_WEIGHT * skillCoverage + AVAILABILITY_WEIGHT * round4(overlapDays / this.periodDays));
    this.counted++;
    const heap = this.kept;
    if (heap.length >= this.limit) {
      // full: most candidates lose to the worst kept one, and are dropped without an object
      if (heap.length === 0 || compare(score, matchedCount, overlapDays, candidate.studentId, heap[0]) >= 0) return;
    }
    this.keep({ candidate, matchedCount, overlapFrom, overlapTo, overlapDays, score });
  }

  ranking(): Ranking {
    const { demand, wanted, periodDays } = this;
    const top = [...this.kept].sort(better);
    const items = top.map((s, index): RankedCandidate => {
      const available = s.candidate.availability!;
      const matched = this.matchedSkills(s.candidate.skills ?? []);
      return {
        rank: index + 1,
        studentId: s.candidate.studentId,
        programme: s.candidate.programme,
        cohort: s.candidate.cohort,
        score: s.score,
        reasons: {
          skillsMatched: wanted.filter((_, i) => matched[i]).map((w) => w.skill),
          skillsMissing: wanted.filter((_, i) => !matched[i]).map((w) => w.skill),
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

  /** How many of the wanted skills the held ones satisfy (each wanted skill counted once). */
  private countMatched(held: readonly SkillRef[]): number {
    const stamp = this.nextStamp();
    let count = 0;
    for (const skill of held) {
      for (const i of this.hits(skill)) {
        if (this.seenBy[i] !== stamp) {
          this.seenBy[i] = stamp;
          count++;
        }
      }
    }
    return count;
  }

  /** matched[i]: one of the held skills satisfies the i-th wanted skill. */
  private matchedSkills(held: readonly SkillRef[]): boolean[] {
    const matched = this.wanted.map(() => false);
    for (const skill of held) for (const i of this.hits(skill)) matched[i] = true;
    return matched;
  }

  private hits(skill: SkillRef): readonly number[] {
    let byUri = this.hitsOf.get(skill.label);
    if (!byUri) this.hitsOf.set(skill.label, (byUri = new Map()));
    let hits = byUri.get(skill.escoUri ?? '');
    if (!hits) {
      const label = normalise(skill.label);
      hits = this.wanted.flatMap((w, i) => (sameSkill(w, label, skill.escoUri) ? [i] : []));
      byUri.set(skill.escoUri ?? '', hits);
    }
    return hits;
  }

  private nextStamp(): number {
    if (++this.stamp > 0xffff_fff0) {
      this.seenBy.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
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
    } else {
      heap[0] = scored;
      siftDown(heap, 0);
    }
  }
}

/** Negative when `a` ranks before `b`: score, then more skills matched, then more days, then id. */
function better(a: Scored, b: Scored): number {
  return compare(a.score, a.matchedCount, a.overlapDays, a.candidate.studentId, b);
}

/** `better` for a candidate not yet made into a `Scored`. */
function compare(score: number, matchedCount: number, overlapDays: number, studentId: string, b: Scored): number {
  return b.score - score || b.matchedCount - matchedCount || b.overlapDays - overlapDays || compareIds(studentId, b.candidate.studentId);
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

/** Same skill: equal ESCO URIs when both sides have one, else equal labels ignoring case. */
function sameSkill(wanted: WantedSkill, heldLabel: string, heldUri: string | undefined): boolean {
  return wanted.uri && heldUri ? heldUri === wanted.uri : heldLabel === wanted.label;
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

import { Quarter, quarterBounds } from './quarter';

/** A span of time as instants in milliseconds since the epoch, `start` included and `end` excluded. */
export interface Interval {
  start: number;
  end: number;
}

/** What the scorecard reads of an agreement copy (libs/partner-directory's `AgreementCopyDocument`). */
export interface AgreementTimeline {
  /** The latest status. */
  status: string;
  /** Calendar days, both included. */
  period: { from: string; to: string };
  /** The latest version; when absent, the last history entry is taken as the latest. */
  version?: number;
  /** One entry per version the copy learned, `from` an ISO-8601 instant; absent on copies written before it existed. */
  statusHistory?: readonly { status: string; from: string; version: number }[];
}

const DAY_MS = 86_400_000;
const startOfDay = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Calendar days `from`..`to`, both included, in UTC: from the first day's midnight to the midnight after the last. */
export function daysInterval(from: string, to: string): Interval {
  return { start: startOfDay(from), end: startOfDay(to) + DAY_MS };
}

export function quarterInterval(quarter: Quarter): Interval {
  const { first, last } = quarterBounds(quarter);
  return daysInterval(first, last);
}

/** The common part of two intervals, or undefined when they do not meet (touching ends do not meet). */
export function intersect(a: Interval, b: Interval): Interval | undefined {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return start < end ? { start, end } : undefined;
}

/** Sorted by start, with overlapping or touching intervals merged and empty ones dropped. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const merged: Interval[] = [];
  for (const next of [...intervals].filter((i) => i.start < i.end).sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

/**
 * When the agreement was active, within its period. Each history entry's status holds from its
 * `from` until the next version's `from`, and the latest one for good. Where the history does not
 * know the status — a copy without history (written before it existed), before its first entry
 * when that is not version 1, across a missing version, after its last entry when that is not the
 * latest version — the old rule applies to that span: active if the agreement was ever put in
 * force (its latest status is not draft). A copy without history therefore counts exactly as
 * before (ADR 0029 amendment).
 */
export function activeIntervals(agreement: AgreementTimeline): Interval[] {
  const putInForce = agreement.status !== 'draft';
  const byVersion = new Map((agreement.statusHistory ?? []).map((entry) => [entry.version, entry]));
  const history = [...byVersion.values()].sort((a, b) => a.version - b.version);
  const latest = agreement.version ?? history[history.length - 1]?.version ?? 0;
  const spans: Interval[] = [];
  const add = (active: boolean, start: number, end: number) => {
    if (active) spans.push({ start, end });
  };
  if (history.length === 0) add(putInForce, -Infinity, Infinity);
  else {
    const first = history[0];
    if (first.version !== 1) add(putInForce, -Infinity, Date.parse(first.from));
    history.forEach((entry, i) => {
      const next = history[i + 1];
      const start = Date.parse(entry.from);
      if (next) add(next.version === entry.version + 1 ? entry.status === 'active' : putInForce, start, Date.parse(next.from));
      else add(entry.version >= latest ? entry.status === 'active' : putInForce, start, Infinity);
    });
  }
  const period = daysInterval(agreement.period.from, agreement.period.to);
  return mergeIntervals(spans.map((span) => intersect(span, period)).filter((span): span is Interval => !!span));
}

/** Whether the agreement was active at any moment of the quarter (UTC). */
export function activeDuring(agreement: AgreementTimeline, quarter: Quarter): boolean {
  const q = quarterInterval(quarter);
  return activeIntervals(agreement).some((span) => intersect(span, q));
}

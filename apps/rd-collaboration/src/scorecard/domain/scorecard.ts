import { COUNTER_NAMES, QuarterCountersDocument } from '../quarter-counters.document';
import { activeIntervals, AgreementTimeline, intersect, Interval, quarterInterval } from './agreement-activity';
import { ScorecardCounts, ScorecardQuarter } from '../scorecard.response';
import { Quarter } from './quarter';

/**
 * An agreement is counted in a quarter when it was active at any moment of it, within its period,
 * as its status history tells; copies without a history count by their period and latest status
 * (see `activeIntervals`, ADR 0029 and its amendment).
 */
function agreementsActiveIn(agreements: readonly Interval[][], quarter: Quarter): number {
  const q = quarterInterval(quarter);
  return agreements.filter((spans) => spans.some((span) => intersect(span, q))).length;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

export function buildScorecard(
  quarters: readonly Quarter[],
  docs: readonly QuarterCountersDocument[],
  agreements: readonly AgreementTimeline[],
): ScorecardCounts {
  const byQuarter = new Map(docs.map((d) => [d.quarter, d]));
  const agreementSpans = agreements.map(activeIntervals);
  let cumulativeStarted = 0;
  let cumulativeHires = 0;
  const rows = quarters.map((quarter): ScorecardQuarter => {
    const doc = byQuarter.get(quarter);
    const count = (name: (typeof COUNTER_NAMES)[number]) => doc?.counts?.[name] ?? 0;
    cumulativeStarted += count('placementsStarted');
    cumulativeHires += count('hires');
    const outcomes = { ...(doc?.outcomes ?? {}) };
    return {
      quarter,
      agreementsInForce: agreementsActiveIn(agreementSpans, quarter),
      placementsStarted: count('placementsStarted'),
      placementsCompleted: count('placementsCompleted'),
      placementsTerminated: count('placementsTerminated'),
      hires: count('hires'),
      conversionToDate: cumulativeStarted ? round4(cumulativeHires / cumulativeStarted) : null,
      secondmentsHosted: count('secondmentsHosted'),
      secondmentsCompleted: count('secondmentsCompleted'),
      engineerEngagements: count('engineerEngagements'),
      engineerTeachingHours: doc?.engineerTeachingHours ?? 0,
      rdProjectsStarted: count('rdProjectsStarted'),
      rdProjectsClosed: count('rdProjectsClosed'),
      rdProjectsLedToHire: count('rdProjectsLedToHire'),
      rdParticipantHires: count('rdParticipantHires'),
      contributions: { ...(doc?.contributions ?? {}) },
      outcomes,
      outcomesTotal: Object.values(outcomes).reduce((a, b) => a + b, 0),
    };
  });
  const sum = (pick: (r: ScorecardQuarter) => number) => rows.reduce((a, r) => a + pick(r), 0);
  const contributions: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (const row of rows) {
    for (const [currency, minor] of Object.entries(row.contributions)) contributions[currency] = (contributions[currency] ?? 0) + minor;
    for (const [kind, n] of Object.entries(row.outcomes)) outcomes[kind] = (outcomes[kind] ?? 0) + n;
  }
  return {
    quarters: rows,
    totals: {
      placementsStarted: sum((r) => r.placementsStarted),
      hires: sum((r) => r.hires),
      conversion: cumulativeStarted ? round4(cumulativeHires / cumulativeStarted) : null,
      secondmentsHosted: sum((r) => r.secondmentsHosted),
      engineerEngagements: sum((r) => r.engineerEngagements),
      engineerTeachingHours: sum((r) => r.engineerTeachingHours),
      rdProjectsStarted: sum((r) => r.rdProjectsStarted),
      rdProjectsLedToHire: sum((r) => r.rdProjectsLedToHire),
      rdParticipantHires: sum((r) => r.rdParticipantHires),
      contributions,
      outcomes,
    },
  };
}

export type { ScorecardCounts, ScorecardQuarter };

import fc from 'fast-check';
import {
  activeDuring,
  activeIntervals,
  AgreementTimeline,
  daysInterval,
  intersect,
  mergeIntervals,
  quarterInterval,
} from './agreement-activity';
import { Quarter, quartersBetween } from './quarter';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const QUARTERS_2026 = quartersBetween('2026-Q1', '2026-Q4');
const countedIn = (agreement: AgreementTimeline, quarters: readonly Quarter[] = QUARTERS_2026) =>
  quarters.filter((q) => activeDuring(agreement, q));

/** An agreement for 2026 whose history is `changes` (status, from), versions 1.. in that order. */
const agreementWith = (changes: [string, string][], period = { from: '2026-01-01', to: '2026-12-31' }): AgreementTimeline => ({
  status: changes[changes.length - 1][0],
  period,
  version: changes.length,
  statusHistory: changes.map(([status, from], i) => ({ status, from, version: i + 1 })),
});

describe('interval arithmetic', () => {
  it('turns calendar days (both included) into instants, midnight to midnight UTC', () => {
    expect(daysInterval('2026-01-01', '2026-01-01')).toEqual({ start: at('2026-01-01T00:00:00Z'), end: at('2026-01-02T00:00:00Z') });
    expect(quarterInterval('2026-Q1')).toEqual({ start: at('2026-01-01T00:00:00Z'), end: at('2026-04-01T00:00:00Z') });
    expect(quarterInterval('2024-Q1').end).toBe(at('2024-04-01T00:00:00Z'));
    expect(quarterInterval('2026-Q4')).toEqual({ start: at('2026-10-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z') });
  });

  it('intersects half-open intervals: touching ends do not meet, infinite ends are bounded by the other side', () => {
    expect(intersect({ start: 0, end: 10 }, { start: 5, end: 20 })).toEqual({ start: 5, end: 10 });
    expect(intersect({ start: 0, end: 10 }, { start: 10, end: 20 })).toBeUndefined();
    expect(intersect({ start: -Infinity, end: Infinity }, { start: 3, end: 4 })).toEqual({ start: 3, end: 4 });
    expect(intersect({ start: 5, end: 5 }, { start: 0, end: 10 })).toBeUndefined();
  });

  it('merges overlapping and touching intervals and drops empty ones', () => {
    expect(
      mergeIntervals([
        { start: 20, end: 30 },
        { start: 0, end: 10 },
        { start: 10, end: 15 },
        { start: 40, end: 40 },
        { start: 25, end: 35 },
      ]),
    ).toEqual([
      { start: 0, end: 15 },
      { start: 20, end: 35 },
    ]);
  });

  it('intersects like sets of instants (property)', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => ({ start: a, end: b }));
    fc.assert(
      fc.property(interval, interval, fc.integer({ min: 0, max: 100 }), (a, b, t) => {
        const common = intersect(a, b);
        const inBoth = a.start <= t && t < a.end && b.start <= t && t < b.end;
        return inBoth === (common !== undefined && common.start <= t && t < common.end);
      }),
    );
  });
});

describe('when an agreement was active', () => {
  it('is from activation to termination, bounded by the period', () => {
    const agreement = agreementWith([
      ['draft', '2025-11-20T09:00:00Z'],
      ['active', '2025-12-15T10:00:00Z'],
      ['terminated', '2026-08-10T12:00:00Z'],
    ]);
    expect(activeIntervals(agreement)).toEqual([{ start: at('2026-01-01T00:00:00Z'), end: at('2026-08-10T12:00:00Z') }]);
    expect(countedIn(agreement)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
  });

  it('counts a quarter it was active for only a moment of, not one it ended exactly at the start of', () => {
    const until = (end: string) =>
      agreementWith([
        ['draft', '2026-01-05T00:00:00Z'],
        ['active', '2026-01-06T00:00:00Z'],
        ['terminated', end],
      ]);
    expect(countedIn(until('2026-07-01T00:00:00Z'))).toEqual(['2026-Q1', '2026-Q2']);
    expect(countedIn(until('2026-07-01T00:00:00.001Z'))).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(countedIn(until('2026-06-30T23:59:59Z'))).toEqual(['2026-Q1', '2026-Q2']);
  });

  it('leaves out a quarter it was suspended for from start to end', () => {
    const agreement = agreementWith([
      ['draft', '2025-12-01T00:00:00Z'],
      ['active', '2025-12-20T00:00:00Z'],
      ['suspended', '2026-03-25T08:00:00Z'],
      ['active', '2026-07-01T00:00:00Z'],
    ]);
    expect(activeIntervals(agreement)).toEqual([
      { start: at('2026-01-01T00:00:00Z'), end: at('2026-03-25T08:00:00Z') },
      { start: at('2026-07-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z') },
    ]);
    expect(countedIn(agreement)).toEqual(['2026-Q1', '2026-Q3', '2026-Q4']);
  });

  it('is never for a draft, and not outside the period even while active', () => {
    expect(activeIntervals(agreementWith([['draft', '2026-01-05T00:00:00Z']]))).toEqual([]);
    const lateStart = agreementWith(
      [
        ['draft', '2026-01-05T00:00:00Z'],
        ['active', '2026-02-01T00:00:00Z'],
      ],
      { from: '2026-05-01', to: '2026-06-30' },
    );
    expect(countedIn(lateStart)).toEqual(['2026-Q2']);
    // Activated after its period ended: never active within it.
    const tooLate = agreementWith(
      [
        ['draft', '2026-01-05T00:00:00Z'],
        ['active', '2026-08-01T00:00:00Z'],
      ],
      { from: '2026-01-01', to: '2026-06-30' },
    );
    expect(activeIntervals(tooLate)).toEqual([]);
  });

  it('reads the history in version order whatever order it is stored in, one entry per version', () => {
    const agreement = agreementWith([
      ['draft', '2025-12-01T00:00:00Z'],
      ['active', '2026-02-01T00:00:00Z'],
      ['suspended', '2026-05-01T00:00:00Z'],
    ]);
    const shuffled = { ...agreement, statusHistory: [...agreement.statusHistory!].reverse() };
    expect(activeIntervals(shuffled)).toEqual(activeIntervals(agreement));
  });

  describe('where the history does not know (the rule from before it existed: put in force = counted)', () => {
    it('counts a copy without history over its whole period unless it is a draft, as before', () => {
      const legacy = { status: 'terminated', period: { from: '2026-02-15', to: '2026-08-31' } };
      expect(activeIntervals(legacy)).toEqual([daysInterval('2026-02-15', '2026-08-31')]);
      expect(countedIn(legacy)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
      expect(activeIntervals({ ...legacy, statusHistory: [] })).toEqual([daysInterval('2026-02-15', '2026-08-31')]);
      expect(countedIn({ status: 'draft', period: legacy.period })).toEqual([]);
    });

    it('uses the old rule before the first entry of a history that starts after version 1', () => {
      // A copy written before the history existed, at version 2 (active), then terminated in Q3.
      const agreement: AgreementTimeline = {
        status: 'terminated',
        version: 3,
        period: { from: '2026-01-01', to: '2026-12-31' },
        statusHistory: [{ status: 'terminated', from: '2026-08-10T00:00:00Z', version: 3 }],
      };
      expect(countedIn(agreement)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    });

    it('uses the old rule across a missing version, and after the last entry when it is not the latest version', () => {
      const gap: AgreementTimeline = {
        status: 'terminated',
        version: 4,
        period: { from: '2026-01-01', to: '2026-12-31' },
        statusHistory: [
          { status: 'draft', from: '2025-12-01T00:00:00Z', version: 1 },
          { status: 'active', from: '2026-01-10T00:00:00Z', version: 2 },
          // version 3 (suspended from some day in Q2?) never arrived
          { status: 'terminated', from: '2026-09-01T00:00:00Z', version: 4 },
        ],
      };
      expect(activeIntervals(gap)).toEqual([{ start: at('2026-01-10T00:00:00Z'), end: at('2026-09-01T00:00:00Z') }]);
      const behind = { ...gap, statusHistory: gap.statusHistory!.slice(0, 2) };
      expect(activeIntervals(behind)).toEqual([{ start: at('2026-01-10T00:00:00Z'), end: at('2027-01-01T00:00:00Z') }]);
    });
  });

  it('counts a quarter exactly when some active moment falls in it (property)', () => {
    const year = { start: at('2026-01-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z') };
    const status = fc.constantFrom('active', 'suspended', 'draft');
    fc.assert(
      fc.property(fc.array(fc.tuple(status, fc.integer({ min: year.start, max: year.end - 1 })), { minLength: 1, maxLength: 6 }), (raw) => {
        const changes = [...raw].sort((a, b) => a[1] - b[1]).map(([s, t]): [string, string] => [s, iso(t)]);
        const agreement = agreementWith(changes);
        // The status at an instant: the last change at or before it.
        const statusAt = (t: number) => [...changes].reverse().find(([, from]) => at(from) <= t)?.[0];
        for (const quarter of QUARTERS_2026) {
          const q = quarterInterval(quarter);
          const moments = [q.start, q.end - 1, ...changes.map(([, from]) => at(from)).filter((t) => q.start <= t && t < q.end)];
          const expected = moments.some((t) => statusAt(t) === 'active');
          if (activeDuring(agreement, quarter) !== expected) return false;
        }
        return true;
      }),
    );
  });
});

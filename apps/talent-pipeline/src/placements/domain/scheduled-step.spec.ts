import { MAX_EARLIER_LINES, nextMark, rescindedAlready, rescissionFit, StepRescission } from './scheduled-step';

const rescission = (id: string, eventTime: string, day?: string): StepRescission => ({
  eventTime,
  ...(day ? { day } : {}),
  by: { source: 'urn:erp:test', id, type: 'erp.placement-start-rescinded.v1' },
});
const step = (eventTime: string, day?: string) => ({ eventTime, ...(day ? { day } : {}) });

describe("a placement's rescission mark after several rescissions (nextMark)", () => {
  it('keeps the line of a deleted day when a later deletion of another day replaces the mark: the first start, delivered last, stays taken back', () => {
    // SuccessFactors: S1 (D1, t1) delayed; S2 (D2, t2) scheduled; R1 deletes D1 (t3); R2 deletes D2 (t4); S1 arrives.
    const afterR1 = nextMark(undefined, rescission('r1', '2026-12-01T03:00:00Z', '2026-12-10'));
    const afterR2 = nextMark(afterR1, rescission('r2', '2026-12-01T04:00:00Z', '2026-12-12'));
    expect(afterR2).toMatchObject({
      by: { id: 'r2' },
      day: '2026-12-12',
      earlier: [{ eventTime: '2026-12-01T03:00:00Z', day: '2026-12-10', by: { id: 'r1' } }],
    });
    // Taken back by R1's line, and named so (R2 was about another day).
    expect(rescindedAlready(afterR2, step('2026-12-01T01:00:00Z', '2026-12-10'))).toEqual(
      rescission('r1', '2026-12-01T03:00:00Z', '2026-12-10'),
    );
    expect(rescindedAlready(afterR2, step('2026-12-01T02:00:00Z', '2026-12-12'))).toBe(afterR2);
    // Re-entered after its deletion, or another day: not taken back.
    expect(rescindedAlready(afterR2, step('2026-12-01T03:30:00Z', '2026-12-10'))).toBeUndefined();
    expect(rescindedAlready(afterR2, step('2026-12-01T01:00:00Z', '2026-12-14'))).toBeUndefined();
  });

  it('keeps the later mark standing when an older rescission arrives out of order, with the older one as a line', () => {
    const later = rescission('r2', '2026-12-01T04:00:00Z', '2026-12-12');
    const mark = nextMark(later, rescission('r1', '2026-12-01T03:00:00Z', '2026-12-10'));
    expect(mark).toEqual({ ...later, earlier: [rescission('r1', '2026-12-01T03:00:00Z', '2026-12-10')] });
  });

  it('drops the lines the new mark covers: a rescission naming no day covers every older line', () => {
    const ofDays = nextMark(rescission('r1', '2026-12-01T03:00:00Z', '2026-12-10'), rescission('r2', '2026-12-01T04:00:00Z', '2026-12-12'));
    const all = nextMark(ofDays, rescission('r3', '2026-12-01T05:00:00Z'));
    expect(all).toEqual(rescission('r3', '2026-12-01T05:00:00Z'));
    // A dated mark does not cover an older undated line: it is kept.
    const dated = nextMark(rescission('r1', '2026-12-01T03:00:00Z'), rescission('r2', '2026-12-01T04:00:00Z', '2026-12-12'));
    expect(dated.earlier).toEqual([rescission('r1', '2026-12-01T03:00:00Z')]);
    expect(rescindedAlready(dated, step('2026-12-01T02:00:00Z', '2026-12-20'))).toEqual(rescission('r1', '2026-12-01T03:00:00Z'));
    // The same day again, later: the older line of that day is covered.
    expect(
      nextMark(rescission('r1', '2026-12-01T03:00:00Z', '2026-12-10'), rescission('r2', '2026-12-01T04:00:00Z', '2026-12-10')),
    ).toEqual(rescission('r2', '2026-12-01T04:00:00Z', '2026-12-10'));
  });

  it(`keeps at most ${MAX_EARLIER_LINES} earlier lines, the newest`, () => {
    let mark: StepRescission | undefined;
    for (let i = 0; i < MAX_EARLIER_LINES + 5; i++) {
      const day = `2027-01-${String(i + 1).padStart(2, '0')}`;
      mark = nextMark(mark, rescission(`r${i}`, new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString(), day));
    }
    expect(mark!.earlier).toHaveLength(MAX_EARLIER_LINES);
    expect(mark!.earlier![0].day).toBe('2027-01-05');
    expect(mark!.day).toBe('2027-01-25');
  });
});

describe("which of a person's placements a rescission naming the person is about (rescissionFit)", () => {
  it('prefers the placement whose step it takes back, then one with nothing scheduled (the step may be held), then one with another day scheduled', () => {
    expect(rescissionFit({ kind: 'takes' })).toBe(2);
    expect(rescissionFit({ kind: 'marks', because: 'nothing-scheduled' })).toBe(1);
    expect(rescissionFit({ kind: 'marks', because: 'another-day-scheduled' })).toBe(0);
    expect(rescissionFit({ kind: 'refused', reason: 'no' })).toBeUndefined();
  });
});

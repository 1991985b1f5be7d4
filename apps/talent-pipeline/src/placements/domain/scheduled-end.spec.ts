import { dayAfter, decideErpEnd, decideErpEndRescission, ErpEndRequest, isDue, ScheduledEnd, takesEffectLater } from './scheduled-end';

const receivedAt = new Date('2026-12-06T10:00:00Z');
const end = (over: Partial<ErpEndRequest> = {}): ErpEndRequest => ({
  outcome: 'terminated',
  reason: 'Resigned',
  lastDay: '2026-12-18',
  causedBy: { source: 'urn:erp:test', id: 'e2', type: 'erp.placement-end.v1' },
  eventTime: '2026-12-06T09:00:00Z',
  appliedEvent: 'ent|urn:erp:test|e2',
  ...over,
});
const scheduled = (over: Partial<ScheduledEnd> = {}): ScheduledEnd => ({
  outcome: 'completed',
  lastDay: '2027-01-31',
  dueOn: '2027-02-01',
  causedBy: { source: 'urn:erp:test', id: 'e1', type: 'erp.placement-end.v1' },
  eventTime: '2026-12-01T09:00:00Z',
  appliedEvent: 'ent|urn:erp:test|e1',
  receivedAt,
  ...over,
});

describe('future-dated ERP ends (UTC calendar days)', () => {
  it('takes effect the day after the last day, across month, year and leap-day ends', () => {
    expect(dayAfter('2026-12-18')).toBe('2026-12-19');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2027-02-28')).toBe('2027-03-01');
  });

  it('waits only for a last day after today; today, a past day or none apply at once', () => {
    expect(takesEffectLater('2026-12-07', '2026-12-06')).toBe(true);
    expect(takesEffectLater('2026-12-06', '2026-12-06')).toBe(false);
    expect(takesEffectLater('2026-11-30', '2026-12-06')).toBe(false);
    expect(takesEffectLater(undefined, '2026-12-06')).toBe(false);
  });

  it('is due from the day after the last day on, not on the last day', () => {
    expect(isDue({ dueOn: '2026-12-19' }, '2026-12-18')).toBe(false);
    expect(isDue({ dueOn: '2026-12-19' }, '2026-12-19')).toBe(true);
    expect(isDue({ dueOn: '2026-12-19' }, '2027-01-05')).toBe(true);
  });

  it('schedules a future end with everything the transition needs later', () => {
    expect(decideErpEnd(undefined, end({ correlationid: 'c1' }), '2026-12-06', receivedAt)).toEqual({
      kind: 'schedule',
      step: {
        outcome: 'terminated',
        reason: 'Resigned',
        lastDay: '2026-12-18',
        dueOn: '2026-12-19',
        causedBy: { source: 'urn:erp:test', id: 'e2', type: 'erp.placement-end.v1' },
        eventTime: '2026-12-06T09:00:00Z',
        appliedEvent: 'ent|urn:erp:test|e2',
        correlationid: 'c1',
        receivedAt,
      },
    });
    expect(decideErpEnd(null, end({ lastDay: '2026-12-06' }), '2026-12-06', receivedAt)).toEqual({ kind: 'now' });
    expect(decideErpEnd(null, end({ lastDay: undefined }), '2026-12-06', receivedAt)).toEqual({ kind: 'now' });
  });

  it('lets the newest ERP event win over a schedule: a newer (or equally new) end replaces it or applies at once; an older one does not', () => {
    const newer = decideErpEnd(scheduled(), end(), '2026-12-06', receivedAt);
    expect(newer).toMatchObject({ kind: 'schedule', step: { lastDay: '2026-12-18', causedBy: { id: 'e2' } } });
    expect(decideErpEnd(scheduled(), end({ lastDay: '2026-12-01' }), '2026-12-06', receivedAt)).toEqual({ kind: 'now' });
    expect(decideErpEnd(scheduled({ eventTime: '2026-12-06T09:00:00Z' }), end(), '2026-12-06', receivedAt).kind).toBe('schedule');
    expect(decideErpEnd(scheduled({ eventTime: '2026-12-06T09:00:01Z' }), end(), '2026-12-06', receivedAt)).toEqual({
      kind: 'older',
      scheduled: scheduled({ eventTime: '2026-12-06T09:00:01Z' }),
    });
    // Offsets are compared as instants, not as text.
    expect(decideErpEnd(scheduled({ eventTime: '2026-12-06T10:00:00+02:00' }), end(), '2026-12-06', receivedAt).kind).toBe('schedule');
  });
});

describe("an ERP's rescission of a scheduled end", () => {
  const placement = (over: Record<string, unknown> = {}) => ({ _id: 'pl-1', status: 'active', scheduledEnd: scheduled(), ...over });
  const rescission = { source: 'urn:erp:test', eventTime: '2026-12-06T09:00:00Z' };

  const takes = { kind: 'takes' };
  const refused = (reason: string) => ({ kind: 'refused', reason });

  it('takes back the end scheduled, named or not, when it is not older', () => {
    expect(decideErpEndRescission(placement(), rescission)).toEqual(takes);
    expect(decideErpEndRescission(placement(), { ...rescission, rescindedEventId: 'e1' })).toEqual(takes);
    expect(decideErpEndRescission(placement(), { ...rescission, eventTime: '2026-12-01T09:00:00Z' })).toEqual(takes);
  });

  it('naming a last day, takes back only a scheduled end of that last day: with one of another (a correction) it only leaves its mark', () => {
    expect(decideErpEndRescission(placement(), { ...rescission, day: '2027-01-31' })).toEqual(takes);
    expect(decideErpEndRescission(placement(), { ...rescission, day: '2027-01-15' })).toEqual({
      kind: 'marks',
      because: 'another-day-scheduled',
    });
    // With nothing scheduled an end's rescission is still refused, day or not: a silent mark could lose a real end.
    expect(decideErpEndRescission(placement({ scheduledEnd: null }), { ...rescission, day: '2027-01-15' })).toEqual(
      refused('placement pl-1 has no scheduled end to rescind'),
    );
  });

  it('refuses without a scheduled end, after the end took effect, for another end, or when older than the end', () => {
    expect(decideErpEndRescission(placement({ scheduledEnd: null }), rescission)).toEqual(
      refused('placement pl-1 has no scheduled end to rescind'),
    );
    expect(decideErpEndRescission(placement({ status: 'completed', scheduledEnd: null }), rescission)).toEqual(
      refused('placement pl-1 is completed: an end that took effect cannot be rescinded'),
    );
    expect(decideErpEndRescission(placement(), { ...rescission, rescindedEventId: 'e0' })).toEqual(
      refused('placement pl-1 has end event e1 of urn:erp:test scheduled, not e0'),
    );
    expect(decideErpEndRescission(placement(), { ...rescission, source: 'urn:erp:other', rescindedEventId: 'e1' })).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('not e1'),
    });
    expect(decideErpEndRescission(placement(), { ...rescission, eventTime: '2026-11-30T09:00:00Z' })).toEqual(
      refused('placement pl-1 has a newer end scheduled (event e1 of 2026-12-01T09:00:00Z) than this rescission'),
    );
  });
});

describe('a rescission’s mark on the placement', () => {
  const rescission = {
    eventTime: '2026-12-06T09:00:00Z',
    by: { source: 'urn:erp:test', id: 'r1', type: 'erp.placement-end-rescinded.v1' },
    rescinded: { source: 'urn:erp:test', id: 'e1', type: 'erp.placement-end.v1' },
  };
  const end = (eventTime: string, lastDay?: string): ErpEndRequest => ({
    outcome: 'terminated',
    ...(lastDay ? { lastDay } : {}),
    causedBy: { source: 'urn:erp:test', id: 'e2', type: 'erp.placement-end.v1' },
    eventTime,
    appliedEvent: 'ent|urn:erp:test|e2',
  });
  const receivedAt = new Date('2026-12-06T10:00:00Z');

  it('takes back an end older than the rescission or as old, whether it would wait or apply now', () => {
    for (const [time, lastDay] of [
      ['2026-12-01T09:00:00Z', '2026-12-20'],
      ['2026-12-06T09:00:00Z', '2026-12-20'],
      ['2026-12-01T09:00:00Z', undefined],
    ] as const) {
      expect(decideErpEnd(null, end(time, lastDay), '2026-12-06', receivedAt, rescission)).toEqual({ kind: 'rescinded', rescission });
    }
  });

  it('lets a newer end through as if there were no mark', () => {
    expect(decideErpEnd(null, end('2026-12-06T09:00:01Z', '2026-12-20'), '2026-12-06', receivedAt, rescission)).toMatchObject({
      kind: 'schedule',
      step: { dueOn: '2026-12-21' },
    });
    expect(decideErpEnd(null, end('2026-12-07T09:00:00Z'), '2026-12-06', receivedAt, rescission)).toEqual({ kind: 'now' });
  });

  it("naming a last day, takes back only older ends of that day: HR's correction to another day, sent before the deletion, stands", () => {
    const ofDay = { ...rescission, day: '2026-12-20' };
    expect(decideErpEnd(null, end('2026-12-01T09:00:00Z', '2026-12-20'), '2026-12-06', receivedAt, ofDay)).toEqual({
      kind: 'rescinded',
      rescission: ofDay,
    });
    expect(decideErpEnd(null, end('2026-12-01T09:00:00Z', '2026-12-27'), '2026-12-06', receivedAt, ofDay)).toMatchObject({
      kind: 'schedule',
      step: { lastDay: '2026-12-27', dueOn: '2026-12-28' },
    });
    // An end without a last day is not the record of the day deleted.
    expect(decideErpEnd(null, end('2026-12-01T09:00:00Z'), '2026-12-06', receivedAt, ofDay)).toEqual({ kind: 'now' });
  });
});

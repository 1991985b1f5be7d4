import { AgreementSignature } from './agreement-sign-off';
import { decideErpStart, decideErpStartRescission, decideErpStartTiming, ErpStartRequest, ScheduledStart } from './erp-start';

const signed = (...parties: AgreementSignature['party'][]) => ({
  signatures: parties.map((party) => ({ party, signedBy: party, signedAt: '2026-02-20T10:00:00Z' })),
});

describe("an ERP's start of a placement (pure decision)", () => {
  it('starts an accepted placement whose agreement the school, the enterprise and the student signed', () => {
    expect(decideErpStart({ _id: 'pl-1', status: 'accepted', agreement: signed('school', 'enterprise', 'student') })).toEqual({
      kind: 'start',
    });
  });

  it("a start not later than the placement's rescindedStart is taken back already, before its status or signatures are asked", () => {
    const rescindedStart = {
      eventTime: '2030-05-02T08:00:00Z',
      by: { source: 'urn:erp:test', id: 'r-1', type: 'erp.placement-start-rescinded.v1' },
      rescinded: { source: 'urn:erp:test', id: 's-1', type: 'erp.placement-start.v1' },
    };
    for (const placement of [
      { _id: 'pl-1', status: 'accepted' as const, agreement: signed('enterprise'), rescindedStart },
      { _id: 'pl-1', status: 'active' as const, agreement: signed('school', 'enterprise', 'student'), rescindedStart },
    ]) {
      expect(decideErpStart(placement, '2026-05-13', '2030-05-01T08:00:00Z')).toEqual({ kind: 'rescinded', rescission: rescindedStart });
      expect(decideErpStart(placement, '2026-05-13', '2030-05-02T08:00:00Z')).toMatchObject({ kind: 'rescinded' });
      // A newer start is decided as any.
      expect(decideErpStart(placement, '2026-05-13', '2030-05-02T08:00:01Z').kind).toBe(
        placement.status === 'active' ? 'wrong-status' : 'unsigned',
      );
    }
  });

  it("a rescission that named a first day takes back only starts of that day: HR's correction to another day, sent before the deletion, is decided as any", () => {
    const rescindedStart = {
      eventTime: '2030-05-02T08:00:00Z',
      day: '2030-05-13',
      by: { source: 'urn:erp:test', id: 'r-1', type: 'erp.placement-start-rescinded.v1' },
    };
    const placement = { _id: 'pl-1', status: 'accepted' as const, agreement: signed('school', 'enterprise', 'student'), rescindedStart };
    expect(decideErpStart(placement, '2030-05-13', '2030-05-01T08:00:00Z')).toEqual({ kind: 'rescinded', rescission: rescindedStart });
    expect(decideErpStart(placement, '2030-05-20', '2030-05-01T08:00:00Z')).toEqual({ kind: 'start' });
    // A start without a first day is not the record of the day deleted either.
    expect(decideErpStart(placement, undefined, '2030-05-01T08:00:00Z')).toEqual({ kind: 'start' });
    // Its timing too: the mark of another day does not take the corrected start back.
    const start: ErpStartRequest = {
      firstDay: '2030-05-20',
      causedBy: { source: 'urn:erp:test', id: 's-2', type: 'erp.placement-start.v1' },
      eventTime: '2030-05-01T08:00:00Z',
      appliedEvent: 'ent|urn:erp:test|s-2',
    };
    expect(decideErpStartTiming(null, start, '2030-05-02', new Date('2030-05-02T09:00:00Z'), rescindedStart)).toMatchObject({
      kind: 'schedule',
      step: { firstDay: '2030-05-20' },
    });
    expect(decideErpStartTiming(null, { ...start, firstDay: '2030-05-13' }, '2030-05-02', new Date(), rescindedStart).kind).toBe(
      'rescinded',
    );
  });

  it('waits for the signatures that are missing, naming them', () => {
    expect(decideErpStart({ _id: 'pl-1', status: 'accepted', agreement: signed('enterprise') })).toEqual({
      kind: 'unsigned',
      missing: ['school', 'student'],
      reason: 'placement pl-1 cannot be started yet: the placement agreement lacks the signatures of school, student',
    });
    expect(decideErpStart({ _id: 'pl-1', status: 'accepted' })).toMatchObject({
      kind: 'unsigned',
      missing: ['school', 'enterprise', 'student'],
    });
  });

  it("wants the guardian's signature, not the minor's", () => {
    const minor = { _id: 'pl-1', status: 'accepted' as const, guardianRequired: true };
    expect(decideErpStart({ ...minor, agreement: signed('school', 'enterprise', 'student') })).toMatchObject({
      kind: 'unsigned',
      missing: ['guardian'],
    });
    expect(decideErpStart({ ...minor, agreement: signed('school', 'enterprise', 'guardian') })).toEqual({ kind: 'start' });
  });

  it('refuses a placement that is not accepted, whatever is signed', () => {
    for (const status of ['proposed', 'offered', 'active', 'completed', 'terminated', 'hired'] as const) {
      expect(decideErpStart({ _id: 'pl-1', status, agreement: signed('school', 'enterprise', 'student') })).toEqual({
        kind: 'wrong-status',
        reason: `placement pl-1 is ${status} and cannot be started`,
      });
    }
  });

  it('holds a first day outside the placement period (before its planned start, after its end), checked before the signatures', () => {
    const placement = {
      _id: 'pl-1',
      status: 'accepted' as const,
      startDate: '2026-03-01',
      endDate: '2026-08-31',
      agreement: signed('enterprise'),
    };
    expect(decideErpStart(placement, '2026-02-28')).toEqual({
      kind: 'outside-period',
      reason:
        "placement pl-1 cannot be started on 2026-02-28: the first day is outside the placement's period (from 2026-03-01 to 2026-08-31)",
    });
    expect(decideErpStart(placement, '2026-09-01')).toMatchObject({ kind: 'outside-period' });
    expect(decideErpStart(placement, '2026-03-01')).toMatchObject({ kind: 'unsigned' });
    expect(decideErpStart(placement, '2026-08-31')).toMatchObject({ kind: 'unsigned' });
    // Without an end, any day from the planned start on; an instant is compared by its UTC day.
    const open = {
      _id: 'pl-1',
      status: 'accepted' as const,
      startDate: '2026-03-01T00:00:00.000Z',
      agreement: signed('school', 'enterprise', 'student'),
    };
    expect(decideErpStart(open, '2031-01-01')).toEqual({ kind: 'start' });
    expect(decideErpStart(open, '2026-02-01')).toMatchObject({
      reason: "placement pl-1 cannot be started on 2026-02-01: the first day is outside the placement's period (from 2026-03-01)",
    });
  });
});

describe("when an ERP's start takes effect (UTC calendar days)", () => {
  const receivedAt = new Date('2026-12-06T10:00:00Z');
  const start = (over: Partial<ErpStartRequest> = {}): ErpStartRequest => ({
    firstDay: '2026-12-14',
    causedBy: { source: 'urn:erp:test', id: 's2', type: 'erp.placement-start.v1' },
    eventTime: '2026-12-06T09:00:00Z',
    appliedEvent: 'ent|urn:erp:test|s2',
    ...over,
  });
  const scheduled = (over: Partial<ScheduledStart> = {}): ScheduledStart => ({
    firstDay: '2027-01-04',
    dueOn: '2027-01-04',
    causedBy: { source: 'urn:erp:test', id: 's1', type: 'erp.placement-start.v1' },
    eventTime: '2026-12-01T09:00:00Z',
    appliedEvent: 'ent|urn:erp:test|s1',
    receivedAt,
    ...over,
  });

  it('applies a first day of today or past at once, and schedules a later one for that very day', () => {
    expect(decideErpStartTiming(undefined, start({ firstDay: '2026-12-06' }), '2026-12-06', receivedAt)).toEqual({ kind: 'now' });
    expect(decideErpStartTiming(undefined, start({ firstDay: '2026-11-02' }), '2026-12-06', receivedAt)).toEqual({ kind: 'now' });
    expect(decideErpStartTiming(undefined, start({ correlationid: 'c1' }), '2026-12-06', receivedAt)).toEqual({
      kind: 'schedule',
      step: {
        firstDay: '2026-12-14',
        dueOn: '2026-12-14',
        causedBy: { source: 'urn:erp:test', id: 's2', type: 'erp.placement-start.v1' },
        eventTime: '2026-12-06T09:00:00Z',
        appliedEvent: 'ent|urn:erp:test|s2',
        correlationid: 'c1',
        receivedAt,
      },
    });
  });

  it('lets the newest start win over a scheduled one; an older one is refused', () => {
    expect(decideErpStartTiming(scheduled(), start(), '2026-12-06', receivedAt)).toMatchObject({
      kind: 'schedule',
      step: { firstDay: '2026-12-14' },
    });
    expect(decideErpStartTiming(scheduled(), start({ firstDay: '2026-12-06' }), '2026-12-06', receivedAt)).toEqual({ kind: 'now' });
    expect(decideErpStartTiming(scheduled({ eventTime: '2026-12-07T00:00:00Z' }), start(), '2026-12-06', receivedAt)).toEqual({
      kind: 'older',
      scheduled: scheduled({ eventTime: '2026-12-07T00:00:00Z' }),
    });
  });
});

describe("an ERP's rescission of a scheduled start", () => {
  const scheduledStart: ScheduledStart = {
    firstDay: '2026-12-20',
    dueOn: '2026-12-20',
    causedBy: { source: 'urn:erp:test', id: 's1', type: 'erp.placement-start.v1' },
    eventTime: '2026-12-01T09:00:00Z',
    appliedEvent: 'ent|urn:erp:test|s1',
    receivedAt: new Date('2026-12-01T09:00:01Z'),
  };
  const placement = (over: Partial<{ status: string; scheduledStart: ScheduledStart | null }> = {}) => ({
    _id: 'pl-1',
    status: 'accepted',
    scheduledStart,
    ...over,
  });
  const rescission = { source: 'urn:erp:test', eventTime: '2026-12-06T09:00:00Z' };

  const takes = { kind: 'takes' };
  const marks = { kind: 'marks', because: 'nothing-scheduled' };
  const marksBeside = { kind: 'marks', because: 'another-day-scheduled' };
  const refused = (reason: string) => ({ kind: 'refused', reason });

  it('takes back the start scheduled on an accepted placement, named or not, when not older than it', () => {
    expect(decideErpStartRescission(placement(), rescission)).toEqual(takes);
    expect(decideErpStartRescission(placement(), { ...rescission, rescindedEventId: 's1' })).toEqual(takes);
    expect(decideErpStartRescission(placement(), { ...rescission, eventTime: scheduledStart.eventTime })).toEqual(takes);
  });

  it("naming a first day, takes back only a scheduled start of that day: with one of another day (HR's correction) it only leaves its mark", () => {
    expect(decideErpStartRescission(placement(), { ...rescission, day: '2026-12-20' })).toEqual(takes);
    // HR corrected the first day (a new record, scheduled) and deleted the old record: the correction stands, whether
    // the deletion is newer or older than it, and no operator has anything to decide.
    expect(decideErpStartRescission(placement(), { ...rescission, day: '2026-12-13' })).toEqual(marksBeside);
    expect(decideErpStartRescission(placement(), { ...rescission, day: '2026-12-13', eventTime: '2026-11-30T09:00:00Z' })).toEqual(
      marksBeside,
    );
    // Nothing scheduled: the mark is left whatever the day.
    expect(decideErpStartRescission(placement({ scheduledStart: null }), { ...rescission, day: '2026-12-13' })).toEqual(marks);
  });

  it('takes it on an accepted placement with no scheduled start (one held for signatures, or not yet arrived): only the mark is left', () => {
    expect(decideErpStartRescission(placement({ scheduledStart: null }), rescission)).toEqual(marks);
    expect(decideErpStartRescission(placement({ scheduledStart: null }), { ...rescission, rescindedEventId: 's0' })).toEqual(marks);
  });

  it('refuses, saying why: started already, not yet accepted, another start, an older rescission', () => {
    expect(decideErpStartRescission(placement({ status: 'active', scheduledStart: null }), rescission)).toEqual(
      refused('placement pl-1 is active: a start that took effect cannot be rescinded'),
    );
    expect(decideErpStartRescission(placement({ status: 'offered', scheduledStart: null }), rescission)).toEqual(
      refused('placement pl-1 is offered: it has no scheduled start to rescind'),
    );
    expect(decideErpStartRescission(placement(), { ...rescission, rescindedEventId: 's0' })).toEqual(
      refused('placement pl-1 has start event s1 of urn:erp:test scheduled, not s0'),
    );
    expect(decideErpStartRescission(placement(), { ...rescission, source: 'urn:erp:other', rescindedEventId: 's1' })).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('not s1'),
    });
    expect(decideErpStartRescission(placement(), { ...rescission, eventTime: '2026-11-30T09:00:00Z' })).toEqual(
      refused('placement pl-1 has a newer start scheduled (event s1 of 2026-12-01T09:00:00Z) than this rescission'),
    );
  });
});

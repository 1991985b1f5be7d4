import { checkAfter, checkAwaited, countsAsParticipant, participantCheckView, ParticipantCheck } from './participant-check';

const at = (iso: string) => ({ now: new Date(iso), checkHours: 24 });

describe('participant checks (ADR 0082)', () => {
  const pending: ParticipantCheck = { status: 'pending', joinedEventId: 'joined-1', requestedAt: '2026-04-20T08:00:00.000Z' };
  const refused = {
    joinedEventId: 'joined-1',
    outcome: 'refused' as const,
    reason: 'unknown-person' as const,
    detail: 'no such teacher',
    occurredAt: '2026-04-20T08:00:01.000Z',
  };

  it('shows a participation added before checks existed as unchecked, never as pending', () => {
    expect(participantCheckView(undefined, at('2026-04-20T08:00:00.000Z'), true)).toEqual({ status: 'unchecked' });
  });

  it('shows a pending check overdue from RD_PARTICIPANT_CHECK_HOURS after it was requested, an answered one never', () => {
    const dueBy = '2026-04-21T08:00:00.000Z';
    expect(participantCheckView(pending, at('2026-04-21T07:59:59.999Z'), true)).toEqual({ ...pending, answerDueBy: dueBy, overdue: false });
    expect(participantCheckView(pending, at(dueBy), true)).toEqual({ ...pending, answerDueBy: dueBy, overdue: true });
    const late = checkAfter(pending, { ...refused, occurredAt: '2026-04-25T08:00:00.000Z' }, pending.requestedAt);
    expect(participantCheckView(late, at('2026-04-26T08:00:00.000Z'), true)).toBe(late);
  });

  it('waits for a check only on a row still taking part in an open project: no `answerDueBy` nor `overdue` otherwise', () => {
    const open = { status: 'active' as const };
    const left = { reason: 'left-project' as const, withdrawnAt: '2026-04-20T09:00:00.000Z', withdrawnBy: 'school' as const };
    expect(checkAwaited({}, open)).toBe(true);
    expect(checkAwaited({ withdrawal: left }, open)).toBe(false);
    expect(checkAwaited({ withdrawal: { ...left, reason: 'entered-in-error' } }, open)).toBe(false);
    expect(checkAwaited({}, { status: 'closed' })).toBe(false);
    // Long past due, withdrawn or closed: still pending as a fact, but nobody waits, and the alert leaves it out.
    expect(participantCheckView(pending, at('2026-05-20T08:00:00.000Z'), false)).toEqual(pending);
  });

  it('records a refusal with its reason, and a later confirmation replaces it without the reason', () => {
    const afterRefusal = checkAfter(pending, refused, '2026-04-20T08:00:00.000Z');
    expect(afterRefusal).toEqual({
      ...pending,
      status: 'refused',
      reason: 'unknown-person',
      detail: 'no such teacher',
      checkedAt: refused.occurredAt,
    });
    const confirmed = checkAfter(
      afterRefusal,
      { joinedEventId: 'joined-1', outcome: 'confirmed', occurredAt: '2026-04-21T09:00:00.000Z' },
      'x',
    );
    expect(confirmed).toEqual({ ...pending, status: 'confirmed', checkedAt: '2026-04-21T09:00:00.000Z' });
  });

  it('ignores an answer older than the one recorded, and the same answer twice has one effect', () => {
    const confirmed = checkAfter(pending, { joinedEventId: 'joined-1', outcome: 'confirmed', occurredAt: '2026-04-21T09:00:00.000Z' }, 'x');
    expect(checkAfter(confirmed, refused, 'x')).toBe(confirmed);
    const once = checkAfter(pending, refused, 'x');
    expect(checkAfter(once, refused, 'x')).toEqual(once);
  });

  it('an answer for a participation that was never asked is recorded, joined at the participation', () => {
    expect(checkAfter(undefined, refused, '2026-01-01T00:00:00.000Z')).toMatchObject({
      status: 'refused',
      joinedEventId: 'joined-1',
      requestedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('only refused participants drop out of head counts', () => {
    expect(countsAsParticipant({})).toBe(true);
    expect(countsAsParticipant({ check: { status: 'pending' } })).toBe(true);
    expect(countsAsParticipant({ check: { status: 'confirmed' } })).toBe(true);
    expect(countsAsParticipant({ check: { status: 'refused' } })).toBe(false);
    // Withdrawn by the school (ADR 0082, addendum): out when entered in error, still in when the person left.
    expect(countsAsParticipant({ check: { status: 'confirmed' }, withdrawal: { reason: 'entered-in-error' } })).toBe(false);
    expect(countsAsParticipant({ check: { status: 'confirmed' }, withdrawal: { reason: 'left-project' } })).toBe(true);
  });
});

import { DomainError } from '../../shared/domain-error';
import { periodsOverlap } from '../../shared/period';
import { addLog, approve, cancel, complete, countersign, countersignedHours, evaluate, start, withdraw } from './secondment-lifecycle';
import { PracticeLog, SecondmentState } from './secondment-state';

const requested: SecondmentState = {
  status: 'requested',
  period: { start: '2026-03-01', end: '2026-06-30' },
  approvals: {},
  logs: [],
  deliverables: [],
};
const apply = (state: SecondmentState, decision: { set: Partial<SecondmentState> }) => ({ ...state, ...decision.set });
const log = (date: string, hours: number, logId = date): PracticeLog => ({
  logId,
  date,
  hours,
  tasks: ['gearbox assembly'],
  evidence: [],
  loggedBy: 'teacher',
  loggedAt: '2026-03-10T10:00:00Z',
});
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, title: error.title };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('secondment lifecycle', () => {
  it.each([
    ['school', 'enterprise'],
    ['enterprise', 'school'],
  ] as const)('is approved once both parties approved (%s first), recording who and when', (first, second) => {
    const one = approve(requested, first, `${first}-staff`, '2026-02-01T08:00:00Z');
    expect(one).toEqual({
      set: { status: 'requested', approvals: { [first]: { by: `${first}-staff`, at: '2026-02-01T08:00:00Z' } } },
      event: null,
    });
    const two = approve(apply(requested, one), second, `${second}-staff`, '2026-02-02T08:00:00Z');
    expect(two.event).toBe('approved');
    expect(two.set.status).toBe('approved');
    expect(two.set.approvals).toEqual({
      [first]: { by: `${first}-staff`, at: '2026-02-01T08:00:00Z' },
      [second]: { by: `${second}-staff`, at: '2026-02-02T08:00:00Z' },
    });
  });

  it('refuses a second approval by the same party and approvals after approval', () => {
    const once = apply(requested, approve(requested, 'school', 's', 'now'));
    expect(refusal(() => approve(once, 'school', 's', 'later'))).toEqual({ status: 409, title: 'already approved' });
    const approved = { ...requested, status: 'approved' as const };
    expect(refusal(() => approve(approved, 'enterprise', 'e', 'now'))).toEqual({ status: 409, title: 'illegal transition' });
  });

  it('starts only when approved, completes only when active', () => {
    expect(refusal(() => start(requested, '2026-03-01'))).toEqual({ status: 409, title: 'illegal transition' });
    expect(refusal(() => complete(requested, '2026-06-30'))).toEqual({ status: 409, title: 'illegal transition' });
    const active = apply({ ...requested, status: 'approved' }, start({ ...requested, status: 'approved' }, '2026-03-01'));
    expect(active.status).toBe('active');
    expect(complete(active, '2026-07-15')).toEqual({ set: { status: 'completed', endedOn: '2026-06-30' }, event: 'completed' });
  });

  it('withdraws only before it is active; cancels until it is finished', () => {
    expect(withdraw(requested, '2026-02-01', 'ill').event).toBe('withdrawn');
    expect(refusal(() => withdraw({ ...requested, status: 'active' }, '2026-04-01', 'ill'))).toEqual({
      status: 409,
      title: 'illegal transition',
    });
    expect(cancel({ ...requested, status: 'active' }, '2026-04-01', 'plant closed').event).toBe('cancelled');
    expect(refusal(() => cancel({ ...requested, status: 'completed' }, '2026-07-01', 'late'))).toEqual({
      status: 409,
      title: 'illegal transition',
    });
  });

  describe('practice logs', () => {
    const active: SecondmentState = { ...requested, status: 'active' };

    it('accepts a day inside the period and refuses days outside it or in the future', () => {
      expect(addLog(active, log('2026-03-02', 8), '2026-03-10').set.logs).toHaveLength(1);
      expect(refusal(() => addLog(active, log('2026-02-28', 8), '2026-03-10'))).toEqual({
        status: 422,
        title: 'date outside the secondment',
      });
      expect(refusal(() => addLog(active, log('2026-07-01', 8), '2026-07-10'))).toEqual({
        status: 422,
        title: 'date outside the secondment',
      });
      expect(refusal(() => addLog(active, log('2026-03-11', 8), '2026-03-10'))).toEqual({ status: 422, title: 'date in the future' });
    });

    it('refuses more than 24 hours on one day across logs', () => {
      const withOne = apply(active, addLog(active, log('2026-03-02', 16, 'a'), '2026-03-10'));
      expect(refusal(() => addLog(withOne, log('2026-03-02', 9, 'b'), '2026-03-10'))).toEqual({ status: 422, title: 'too many hours' });
      expect(addLog(withOne, log('2026-03-02', 8, 'b'), '2026-03-10').set.logs).toHaveLength(2);
    });

    it('refuses logs after completion (409)', () => {
      expect(refusal(() => addLog({ ...active, status: 'completed' }, log('2026-03-02', 8), '2026-07-10'))).toEqual({
        status: 409,
        title: 'illegal transition',
      });
    });

    it('counts only countersigned hours, each log countersigned once', () => {
      const logged = { ...active, logs: [log('2026-03-02', 8, 'a'), log('2026-03-03', 6, 'b')] };
      const signed = apply(logged, countersign(logged, 'a', 'mentor', '2026-03-04T09:00:00Z'));
      expect(countersignedHours(signed)).toBe(8);
      expect(refusal(() => countersign(signed, 'a', 'mentor', 'later'))).toEqual({ status: 409, title: 'already countersigned' });
      expect(refusal(() => countersign(signed, 'zzz', 'mentor', 'later'))).toEqual({ status: 404, title: 'log not found' });
    });

    it('records who countersigned: the mentor by its identity, or the enterprise key', () => {
      const logged = { ...active, logs: [log('2026-03-02', 8, 'a'), log('2026-03-03', 6, 'b')] };
      const mentor = { role: 'mentor' as const, id: 'm-1', name: 'Wang Lei' };
      const byMentor = apply(logged, countersign(logged, 'a', 'mentor:m-1', '2026-03-04T09:00:00Z', mentor));
      expect(byMentor.logs[0]).toMatchObject({ countersignedBy: 'mentor:m-1', countersigner: mentor });
      const byEnterprise = apply(byMentor, countersign(byMentor, 'b', 'enterprise:e-1', 'later', { role: 'enterprise', id: 'e-1' }));
      expect(byEnterprise.logs[1].countersigner).toEqual({ role: 'enterprise', id: 'e-1' });
      expect(countersignedHours(byEnterprise)).toBe(14);
      expect(byEnterprise.logs[0].countersigner).toEqual(mentor);
    });
  });

  it('takes one mentor evaluation', () => {
    const active: SecondmentState = { ...requested, status: 'active' };
    const evaluation = { score: 4, competencies: {}, evaluatedBy: 'mentor', evaluatedAt: 'now' };
    const evaluated = apply(active, evaluate(active, evaluation));
    expect(refusal(() => evaluate(evaluated, evaluation))).toEqual({ status: 409, title: 'already evaluated' });
  });

  it('tells overlapping periods, both ends included', () => {
    expect(periodsOverlap({ start: '2026-03-01', end: '2026-03-31' }, { start: '2026-03-31', end: '2026-04-30' })).toBe(true);
    expect(periodsOverlap({ start: '2026-03-01', end: '2026-03-30' }, { start: '2026-03-31', end: '2026-04-30' })).toBe(false);
  });
});

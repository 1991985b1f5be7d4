import { isFinished, withheldFromHost, withheldFromHostOn } from './host-view';
import { SecondmentView } from './secondment.response';

const view: SecondmentView = {
  id: 'a2f1c6de-6a8e-4b1f-9a55-1f2c3d4e5f60',
  teacherId: 't-1',
  schoolId: 's-1',
  enterpriseId: 'e-1',
  postId: 'b2f1c6de-6a8e-4b1f-9a55-1f2c3d4e5f61',
  mentor: { name: 'Mentor' },
  status: 'completed',
  period: { start: '2026-09-01', end: '2026-12-31' },
  approvals: {},
  startedOn: '2026-09-01',
  endedOn: '2026-12-31',
  reason: 'ended early for family reasons',
  logs: [
    {
      logId: 'c2f1c6de-6a8e-4b1f-9a55-1f2c3d4e5f62',
      date: '2026-09-02',
      hours: 6,
      tasks: ['fixture design'],
      evidence: [],
      loggedBy: 'teacher:t-1',
      loggedAt: '2026-09-02T10:00:00Z',
    },
  ],
  countersignedHours: 6,
  evaluation: { score: 4, competencies: {}, evaluatedBy: 'enterprise:e-1', evaluatedAt: '2026-12-31T10:00:00Z' },
  deliverables: [
    {
      deliverableId: 'd2f1c6de-6a8e-4b1f-9a55-1f2c3d4e5f63',
      kind: 'course-materials',
      title: 'CNC module',
      addedBy: 'teacher:t-1',
      addedAt: '2026-12-30T10:00:00Z',
    },
  ],
  requestedBy: 'school:s-1',
  createdAt: '2026-08-01T10:00:00Z',
  version: 9,
};

describe('what a host sees of a secondment while the teacher objects (ADR 0077)', () => {
  it('counts completed, cancelled and withdrawn as finished, and nothing a host still needs', () => {
    expect(['completed', 'cancelled', 'withdrawn'].every((s) => isFinished(s as never))).toBe(true);
    expect(['requested', 'approved', 'active'].some((s) => isFinished(s as never))).toBe(false);
  });

  it('keeps who, where, when, status, approvals and hours; withholds logs, evaluation, deliverables and the reason', () => {
    const { logs: _logs, evaluation: _evaluation, deliverables: _deliverables, reason: _reason, ...kept } = view;
    expect(withheldFromHost(view)).toEqual({ ...kept, logs: [], evaluation: null, deliverables: [], reason: null, redacted: true });
    expect(view.logs).toHaveLength(1);
  });

  it('withholds a finished secondment while its teacher objects, or once it ended more than the view days ago; never a live one', () => {
    const rule = { today: '2027-12-31', viewDays: 365, objecting: false };
    // Ended 2026-12-31: 365 days before 2027-12-31, still whole; a day later, withheld.
    expect(withheldFromHostOn(view, rule)).toBe(false);
    expect(withheldFromHostOn(view, { ...rule, today: '2028-01-01' })).toBe(true);
    expect(withheldFromHostOn(view, { ...rule, objecting: true })).toBe(true);
    expect(withheldFromHostOn({ status: 'cancelled', endedOn: '2026-12-30' }, { ...rule, viewDays: 0, today: '2026-12-31' })).toBe(true);
    expect(withheldFromHostOn({ status: 'withdrawn', endedOn: '2026-12-31' }, { ...rule, viewDays: 0, today: '2026-12-31' })).toBe(false);
    // A live secondment stays whole whatever the teacher or the calendar says.
    expect(withheldFromHostOn({ status: 'active', endedOn: null }, { ...rule, objecting: true })).toBe(false);
    expect(withheldFromHostOn({ status: 'approved', endedOn: null }, { ...rule, today: '2040-01-01' })).toBe(false);
  });
});

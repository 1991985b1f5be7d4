import { isFinished, withheldFromHost } from './host-view';
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
});

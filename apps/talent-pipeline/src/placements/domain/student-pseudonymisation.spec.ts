import { PlacementDocument } from '../placement.document';
import { ERASED, pseudonymisedPlacement } from './student-pseudonymisation';

const at = new Date('2026-12-01T00:00:00Z');
const placement = {
  _id: 'p1',
  studentId: 's1',
  agreement: {
    signatures: [
      { party: 'school', signedBy: 'Dean Zhou', signedAt: '2026-02-01' },
      { party: 'student', signedBy: 'Li Wei', signedAt: '2026-02-02' },
    ],
  },
  evaluations: [{ id: 'e1', evaluator: 'Mentor Wang', scores: { safety: 4 }, comment: 'Li was late twice', at: '2026-04-01' }],
  endOfPlacement: {
    reason: 'Li moved to Shenzhen',
    hoursLogged: 120,
    evaluation: { count: 1, averageScore: 4, competencies: { safety: 4 } },
  },
} as unknown as PlacementDocument;

describe('pseudonymisedPlacement', () => {
  it('erases the student signer name, evaluation comments and the end reason, keeping scores and hours', () => {
    const set = pseudonymisedPlacement(placement, at);
    expect(set.agreement!.signatures.map((s) => s.signedBy)).toEqual(['Dean Zhou', ERASED]);
    expect(set.evaluations).toEqual([{ id: 'e1', evaluator: 'Mentor Wang', scores: { safety: 4 }, at: '2026-04-01' }]);
    expect(set.endOfPlacement).toEqual({ hoursLogged: 120, evaluation: { count: 1, averageScore: 4, competencies: { safety: 4 } } });
    expect(set.studentPseudonymisedAt).toEqual(at);
    expect(JSON.stringify(set)).not.toMatch(/Li /);
  });

  it('erases the reason of an ERP end still waiting for its day, keeping what applies it', () => {
    const scheduledEnd = {
      outcome: 'terminated' as const,
      reason: 'Li moved to Shenzhen',
      lastDay: '2026-12-18',
      dueOn: '2026-12-19',
      causedBy: { source: 'urn:erp', id: 'evt-1', type: 'erp.placement-end.v1' },
      eventTime: '2026-12-01T08:00:00Z',
      appliedEvent: 'ent|urn:erp|evt-1',
      receivedAt: at,
    };
    const set = pseudonymisedPlacement({ ...placement, scheduledEnd }, at);
    const { reason: _reason, ...kept } = scheduledEnd;
    expect(set.scheduledEnd).toEqual(kept);
    expect(JSON.stringify(set)).not.toMatch(/Li /);
    expect(pseudonymisedPlacement(placement, at)).not.toHaveProperty('scheduledEnd');
  });

  it('changes nothing on a placement already pseudonymised', () => {
    expect(pseudonymisedPlacement({ ...placement, studentPseudonymisedAt: at }, new Date())).toEqual({});
  });
});

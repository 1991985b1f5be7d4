import { personalFieldsIn, redactedPlacement } from './placement-personal-fields';

describe('placement personal fields', () => {
  const view = {
    id: 'p-1',
    studentId: 's-1',
    programme: 'mechatronics',
    cohort: '2025',
    role: 'CNC intern',
    status: 'completed',
    hire: { positionTitle: 'Technician', hireDate: '2026-09-01' },
    agreement: {
      requiredParties: ['school', 'enterprise', 'student'],
      signatures: [{ party: 'student', signedBy: 'Li Wei', signedAt: '2026-02-01T00:00:00Z' }],
      missingParties: [],
    },
    evaluations: [{ evaluator: 'Zhang', scores: { safety: 5 } }],
    endOfPlacement: { hoursLogged: 120 },
    scheduledEnd: { outcome: 'terminated', reason: 'Moved abroad', lastDay: '2026-12-18' },
  };

  it('lists the personal fields present', () => {
    expect(personalFieldsIn(view)).toEqual([
      'studentId',
      'programme',
      'cohort',
      'hire',
      'agreement.signatures.signedBy',
      'evaluations',
      'endOfPlacement',
      'scheduledEnd',
    ]);
    expect(
      personalFieldsIn({
        ...view,
        hire: undefined,
        evaluations: [],
        endOfPlacement: undefined,
        scheduledEnd: undefined,
        agreement: { signatures: [] },
      }),
    ).toEqual(['studentId', 'programme', 'cohort']);
  });

  it('redacts every personal field and keeps the operational record', () => {
    const redacted = redactedPlacement(view);
    expect(JSON.stringify(redacted)).not.toMatch(/s-1|mechatronics|Li Wei|Zhang|Technician|hoursLogged|Moved abroad/);
    expect(redacted).toMatchObject({
      id: 'p-1',
      role: 'CNC intern',
      status: 'completed',
      agreement: { signatures: [{ party: 'student', signedAt: '2026-02-01T00:00:00Z' }], missingParties: [] },
      redacted: { reason: 'consent not in force' },
    });
  });
});

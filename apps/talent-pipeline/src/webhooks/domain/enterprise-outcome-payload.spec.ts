import { CloudEvent } from '@app/contracts';
import { outcomePersonalFields, redactedOutcome } from './enterprise-outcome-payload';

describe('enterprise outcome payload', () => {
  const event: CloudEvent<string, Record<string, unknown>> = {
    specversion: '1.0',
    id: 'evt-1',
    source: 'urn:test',
    type: 'talent.placement.hired.v1',
    time: '2026-09-01T08:00:00.000Z',
    datacontenttype: 'application/json',
    data: {
      placementId: 'p-1',
      schoolId: 'sch-1',
      enterpriseId: 'ent-1',
      studentId: 'stu-1',
      programme: 'mechatronics',
      cohort: '2025',
      kind: 'internship',
      role: 'CNC intern',
      outcome: 'hired',
      hire: { positionTitle: 'Technician', hireDate: '2026-09-01' },
    },
  };

  it('names the personal fields present', () => {
    expect(outcomePersonalFields(event.data)).toEqual(['studentId', 'programme', 'cohort', 'hire']);
  });

  it('removes them, keeps the rest and the event id', () => {
    const redacted = redactedOutcome(event);
    expect(redacted.id).toBe('evt-1');
    expect(redacted.data).toEqual({
      placementId: 'p-1',
      schoolId: 'sch-1',
      enterpriseId: 'ent-1',
      kind: 'internship',
      role: 'CNC intern',
      outcome: 'hired',
      redacted: { reason: 'consent not in force', fields: ['studentId', 'programme', 'cohort', 'hire', 'endOfPlacement'] },
    });
    expect(event.data.studentId).toBe('stu-1');
  });
});

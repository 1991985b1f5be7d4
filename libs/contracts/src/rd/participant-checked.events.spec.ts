import { rdParticipantCheckOf, SecondmentRdParticipantChecked, TalentRdParticipantChecked } from './participant-checked.events';

describe("the owners' check of an R&D participant (ADR 0082)", () => {
  it('confirms a person of the project school, and refuses nobody, another school’s person and an erased person with that reason', () => {
    expect(rdParticipantCheckOf({ schoolId: 'school-1' }, 'school-1', 'teacher')).toEqual({ outcome: 'confirmed' });
    expect(rdParticipantCheckOf(null, 'school-1', 'teacher')).toMatchObject({ outcome: 'refused', reason: 'unknown-person' });
    expect(rdParticipantCheckOf({ schoolId: 'school-2' }, 'school-1', 'student')).toMatchObject({
      outcome: 'refused',
      reason: 'person-of-another-school',
    });
    expect(rdParticipantCheckOf('erased', 'school-1', 'student')).toMatchObject({ outcome: 'refused', reason: 'person-erased' });
  });

  it('never tells which other school the person belongs to', () => {
    const refused = rdParticipantCheckOf({ schoolId: 'school-2' }, 'school-1', 'student');
    expect(JSON.stringify(refused)).not.toContain('school-2');
  });

  it('a refusal carries a reason and a confirmation none: the contract refuses either the other way round', () => {
    const base = { participationId: 'p', projectId: 'x', schoolId: 's', joinedEventId: 'e', occurredAt: '2026-04-20T08:00:01Z' };
    for (const contract of [TalentRdParticipantChecked, SecondmentRdParticipantChecked]) {
      expect(contract.schema.safeParse({ ...base, outcome: 'confirmed' }).success).toBe(true);
      expect(contract.schema.safeParse({ ...base, outcome: 'refused', reason: 'unknown-person', detail: 'd' }).success).toBe(true);
      expect(contract.schema.safeParse({ ...base, outcome: 'refused' }).success).toBe(false);
      expect(contract.schema.safeParse({ ...base, outcome: 'confirmed', reason: 'unknown-person' }).success).toBe(false);
    }
  });
});

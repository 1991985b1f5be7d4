import { StudentDocument } from '../../students/student.document';
import { disclosableProfileOf } from './disclosable-profile';

describe('disclosableProfileOf', () => {
  const student: StudentDocument = {
    _id: 'stu-1',
    schoolId: 'sch-1',
    givenName: 'Li',
    familyName: 'Wei',
    programme: 'mechatronics',
    cohort: '2025',
    externalIds: [{ value: 'E-1', schemeId: 'employee-number', schemeAgencyId: 'other-enterprise-erp' }],
    skills: [{ label: 'CNC milling', escoUri: 'http://data.europa.eu/esco/skill/abc' }],
    availability: { from: '2026-03-01', to: '2026-08-31' },
    registeredAt: new Date('2026-01-01T00:00:00Z'),
  };

  it('discloses the profile fields and lists exactly those fields', () => {
    const { profile, fields } = disclosableProfileOf(student);
    expect(profile).toEqual({
      id: 'stu-1',
      schoolId: 'sch-1',
      givenName: 'Li',
      familyName: 'Wei',
      programme: 'mechatronics',
      cohort: '2025',
      skills: student.skills,
      availability: student.availability,
    });
    expect(fields).toEqual(Object.keys(profile));
  });

  it('never discloses external ids or bookkeeping', () => {
    const { profile, fields } = disclosableProfileOf(student);
    expect(profile).not.toHaveProperty('externalIds');
    expect(profile).not.toHaveProperty('registeredAt');
    expect(fields).not.toContain('externalIds');
  });

  it('leaves out optional fields the student does not have, and does not list them', () => {
    const { profile, fields } = disclosableProfileOf({ ...student, skills: undefined, availability: undefined });
    expect(profile).not.toHaveProperty('skills');
    expect(fields).not.toContain('skills');
    expect(fields).not.toContain('availability');
  });
});

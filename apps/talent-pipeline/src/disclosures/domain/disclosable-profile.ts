import { StudentDocument } from '../../students/student.document';
import { StudentProfile } from '../disclosure.response';

/**
 * What an enterprise may see of a student's profile, and nothing more. External ids are
 * left out on purpose: they are other systems' identifiers (another enterprise's ERP, say).
 */
export const DISCLOSABLE_FIELDS = ['id', 'schoolId', 'givenName', 'familyName', 'programme', 'cohort', 'skills', 'availability'] as const;
export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number];

export interface DisclosableProfile {
  /** The answer's type is the documented StudentProfileSchema's. */
  profile: StudentProfile;
  /** The fields actually present in `profile`, for the disclosure ledger. */
  fields: DisclosableField[];
}

export function disclosableProfileOf(student: StudentDocument): DisclosableProfile {
  const profile: StudentProfile = {
    id: student._id,
    schoolId: student.schoolId,
    givenName: student.givenName,
    familyName: student.familyName,
    programme: student.programme,
    cohort: student.cohort,
    ...(student.skills !== undefined ? { skills: student.skills } : {}),
    ...(student.availability !== undefined ? { availability: student.availability } : {}),
  };
  const fields = DISCLOSABLE_FIELDS.filter((field) => profile[field] !== undefined);
  return { profile, fields };
}

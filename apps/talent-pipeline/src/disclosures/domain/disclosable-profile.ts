import { StudentDocument } from '../../students/student.document';

/**
 * What an enterprise may see of a student's profile, and nothing more. External ids are
 * left out on purpose: they are other systems' identifiers (another enterprise's ERP, say).
 */
export const DISCLOSABLE_FIELDS = ['id', 'schoolId', 'givenName', 'familyName', 'programme', 'cohort', 'skills', 'availability'] as const;
export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number];

export interface DisclosableProfile {
  profile: Partial<Record<DisclosableField, unknown>>;
  /** The fields actually present in `profile`, for the disclosure ledger. */
  fields: DisclosableField[];
}

export function disclosableProfileOf(student: StudentDocument): DisclosableProfile {
  const source: Record<DisclosableField, unknown> = {
    id: student._id,
    schoolId: student.schoolId,
    givenName: student.givenName,
    familyName: student.familyName,
    programme: student.programme,
    cohort: student.cohort,
    skills: student.skills,
    availability: student.availability,
  };
  const fields = DISCLOSABLE_FIELDS.filter((field) => source[field] !== undefined);
  return { profile: Object.fromEntries(fields.map((field) => [field, source[field]])), fields };
}

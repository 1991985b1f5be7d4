import { HrOpenIdentifier } from '@app/contracts';

export interface StudentDocument {
  _id: string;
  schoolId: string;
  givenName: string;
  familyName: string;
  programme: string;
  cohort: string;
  /** Identifiers other systems know the student by (HR Open Standards shape). */
  externalIds: HrOpenIdentifier[];
  registeredAt: Date;
}

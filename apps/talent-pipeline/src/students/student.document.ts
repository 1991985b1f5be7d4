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
  /** What the student can do; `escoUri` links a skill to the ESCO classification when known. Absent on older profiles. */
  skills?: StudentSkill[];
  /** When the student can take a placement: calendar dates (YYYY-MM-DD), both included. */
  availability?: { from: string; to: string };
  registeredAt: Date;
}

export interface StudentSkill {
  label: string;
  /** e.g. http://data.europa.eu/esco/skill/… */
  escoUri?: string;
}

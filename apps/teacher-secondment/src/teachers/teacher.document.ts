import { AggregateDocument } from '@app/persistence';

/** The last compliance answer published for the teacher (teacher.compliance.changed.v1). */
export interface ComplianceSnapshot {
  compliant: boolean;
  asOf: string;
  creditedDays: number;
  requiredDays: number;
  lapsesOn: string | null;
  ruleSetId: string;
  ruleSetVersion: number;
}

export interface TeacherDocument extends AggregateDocument {
  schoolId: string;
  /** The school's country when the teacher was registered: which jurisdiction's rule set applies. */
  jurisdiction: string;
  displayName: string;
  subject: string;
  professionalCourse: boolean;
  hireDate: string;
  priorEnterpriseExperienceMonths: number;
  /** Periods held by the teacher's live secondments; checked and extended in one conditional write. */
  bookings: { secondmentId: string; start: string; end: string }[];
  compliance?: ComplianceSnapshot;
  createdAt: Date;
}

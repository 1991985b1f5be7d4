import { AggregateDocument } from '@app/persistence';
import { TeacherPractice } from '../shared/practice-record';

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
  /**
   * Periods held by the teacher's live secondments; checked and extended in one conditional write.
   * `bookedAt`: when (absent on bookings made before the ADR 0084 addendum until the repair pass
   * dates them); a booking no secondment holds is given back once older than SEAT_HOLD_GRACE_MS.
   */
  bookings: { secondmentId: string; start: string; end: string; bookedAt?: Date }[];
  /**
   * True once the repair pass found every booking held by its secondment (or gave back those held
   * by none); a new booking sets it false again. Teachers without it true are the ones the pass reads.
   */
  bookingsChecked?: boolean;
  compliance?: ComplianceSnapshot;
  /**
   * The teacher's practice as the secondments record it (countersigned hours, periods,
   * completions, deliverables, mentor score), copied here after every change, so judging one
   * teacher reads one document.
   */
  practice?: TeacherPractice;
  /** R&D hours credited from rd.participation.hours-logged.v1, one entry per entryId. */
  rdHours?: RdHoursEntry[];
  /**
   * The teacher objects to host enterprises reading their finished secondments (GDPR Art. 21,
   * ADR 0077): from `since`, a host is answered with those records' period and status only.
   * Null once withdrawn.
   */
  hostObjection?: HostObjection | null;
  createdAt: Date;
}

export interface HostObjection {
  since: string;
  /** Who filed it: `teacher:<id>`, `school:<id>` or an operator. */
  by: string;
  reason?: string;
}

export interface RdHoursEntry {
  entryId: string;
  projectId: string;
  date: string;
  hours: number;
}

/** What a school's compliance answers and reports read of a teacher (TeachersService.ofSchool). */
export type SchoolTeacher = Pick<
  TeacherDocument,
  | '_id'
  | 'schoolId'
  | 'jurisdiction'
  | 'displayName'
  | 'subject'
  | 'professionalCourse'
  | 'hireDate'
  | 'priorEnterpriseExperienceMonths'
  | 'rdHours'
> & { practice?: Pick<TeacherPractice, 'hours' | 'periods'> };

/** A school's teacher as a report lists it once judged: without the practice the answer was computed from. */
export type SchoolTeacherListing = Omit<SchoolTeacher, 'practice' | 'rdHours'>;

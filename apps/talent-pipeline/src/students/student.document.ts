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
  /**
   * HR ids the student was known by before a profile change removed them: ERP events already
   * stored may name the student by them, so an erasure seeks and hashes these too (ADR 0088).
   */
  formerExternalIds?: HrOpenIdentifier[];
  /** What the student can do; `escoUri` links a skill to the ESCO classification when known. Absent on older profiles. */
  skills?: StudentSkill[];
  /** When the student can take a placement: calendar dates (YYYY-MM-DD), both included. */
  availability?: { from: string; to: string };
  registeredAt: Date;
  /**
   * With an Idempotency-Key only: the digest of the registration request (registrationDigestOf),
   * so a retry with the key is told from another request with it. Erased with the student.
   */
  registrationDigest?: string;
  /** The student's moves between schools, oldest first (POST /v1/students/{id}/school-transfers). */
  schoolTransfers?: SchoolTransfer[];
  /**
   * Counts the changes of the profile and moves of school; absent (0) until the first. Answered as
   * the student's ETag, so a change sent with If-Match applies only to the student its sender read.
   */
  version?: number;
  /**
   * When the student last changed as their school sees them (registered, changed, moved, erasure
   * started or done), stamped by the database server as it applies the write, so the order of
   * stamps is the order the writes became visible, give or take milliseconds (the feed's settle
   * window). Orders the school's change feed.
   */
  changedAt?: Date;
  /**
   * Set when the student was erased (privacy). An erased document keeps `_id`, `schoolId`,
   * `programme`, `cohort` and `registeredAt` (for aggregate reports), `changedAt` and
   * `departedAt` (for the change feeds), and the erasure's own fields; StudentsService never
   * returns it as a student, so the required fields above hold for every student it returns.
   */
  erasedAt?: Date;
  erasureRequestId?: string;
  /**
   * Set first when an erasure starts, before it finds and rewrites the student's copies: work
   * that checks for an erased student (the outcome fan-out, the webhook worker, a consent grant)
   * treats the student as erased from then on, so what it writes after the erasure's sweep is
   * caught by its own check after the write (ADR 0037, session 34 addendum).
   */
  erasureStartedAt?: Date;
  /**
   * An erased student's HR ids as keyed hashes (`ErasedHrIds`): an ERP event that names the
   * student only by them after the erasure still finds the student, and is kept without them.
   */
  erasedIdHashes?: string[];
  /**
   * When the student last left each school they left, by school id, stamped by the database server
   * in the move's write: that school's change feed lists them once, at that time (ADR 0091). Kept
   * by the erasure, so a school the student left still learns to drop its copy.
   */
  departedAt?: Record<string, Date>;
}

/** The student's version (its ETag): 0 before its first change. */
export function versionOf(student: Pick<StudentDocument, 'version'>): number {
  return student.version ?? 0;
}

/** A student erased, or whose erasure has started (`erasureStartedAt`): nothing new about them is kept or sent. */
export function isErasingOrErased(student: Pick<StudentDocument, 'erasedAt' | 'erasureStartedAt'>): boolean {
  return student.erasedAt !== undefined || student.erasureStartedAt !== undefined;
}

/** The fields a student's erasure removes from the students collection. */
export const ERASED_STUDENT_FIELDS = [
  'givenName',
  'familyName',
  'externalIds',
  'formerExternalIds',
  'skills',
  'availability',
  'schoolTransfers',
  'registrationDigest',
] as const;

/** A move from one school to another: the student's placements and consents made before stay the first school's. */
export interface SchoolTransfer {
  fromSchoolId: string;
  toSchoolId: string;
  at: Date;
}

export interface StudentSkill {
  label: string;
  /** e.g. http://data.europa.eu/esco/skill/… */
  escoUri?: string;
}

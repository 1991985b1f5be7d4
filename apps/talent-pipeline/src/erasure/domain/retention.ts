/** Retention periods in days; an unset rule never expires anyone. */
export interface RetentionRules {
  daysAfterLastPlacement?: number;
  unplacedDays?: number;
}

export interface StudentActivity {
  studentId: string;
  schoolId: string;
  registeredAt: Date;
  /** When the student last moved to another school (ADR 0088): the clock starts again there. */
  movedAt?: Date;
  /** Each placement's status and when it reached it (the last history entry). */
  placements: { status: string; since: Date }[];
}

export interface ExpiredStudent {
  studentId: string;
  schoolId: string;
  /** The rule that expired the student, e.g. `180 days after the last placement ended`. */
  rule: string;
}

/** Statuses after which a placement holds no more activity. */
const ENDED = new Set(['completed', 'terminated', 'hired']);
const DAY_MS = 86_400_000;

/**
 * Students whose retention period has passed: placed students once every placement has ended
 * and the last one ended more than N days ago; never-placed students N days after registration.
 * A student with an open placement (proposed … active) is never expired. A move to another school
 * counts as both a registration and an end: the periods run from it when it is later.
 */
export function expiredStudents(students: readonly StudentActivity[], rules: RetentionRules, now: Date): ExpiredStudent[] {
  const expired: ExpiredStudent[] = [];
  for (const student of students) {
    const { studentId, schoolId } = student;
    if (student.placements.length === 0) {
      const since = Math.max(student.registeredAt.getTime(), student.movedAt?.getTime() ?? 0);
      if (rules.unplacedDays !== undefined && since + rules.unplacedDays * DAY_MS < now.getTime()) {
        expired.push({ studentId, schoolId, rule: `${rules.unplacedDays} days after registration without a placement` });
      }
      continue;
    }
    if (rules.daysAfterLastPlacement === undefined) continue;
    if (student.placements.some((p) => !ENDED.has(p.status))) continue;
    const lastEnded = Math.max(...student.placements.map((p) => p.since.getTime()), student.movedAt?.getTime() ?? 0);
    if (lastEnded + rules.daysAfterLastPlacement * DAY_MS < now.getTime()) {
      expired.push({ studentId, schoolId, rule: `${rules.daysAfterLastPlacement} days after the last placement ended` });
    }
  }
  return expired;
}

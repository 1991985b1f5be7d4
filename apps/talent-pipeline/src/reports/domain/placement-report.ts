import { firstActiveAt, median, rate, reachedActive, reachedEnd, ReportPlacement, ReportStudent } from './report-inputs';

export interface PlacementFigures {
  students: number;
  /** Students with at least one placement that reached active. */
  placedStudents: number;
  placementRate: number | null;
  /** Internships that reached completed or hired. */
  internshipsEnded: number;
  /** Of those, the ones that ended in a hire. */
  internshipsHired: number;
  hireRate: number | null;
  /** Median days from student registration to the student's first active placement (1 decimal). */
  medianDaysToPlacement: number | null;
}

export interface PlacementGroupFigures extends PlacementFigures {
  programme: string;
  cohort: string;
}

export interface Destination {
  enterpriseId: string;
  enterpriseName: string | null;
  role: string;
  /** Placements that reached active at this enterprise in this role. */
  placements: number;
}

export interface PlacementReport {
  totals: PlacementFigures;
  groups: PlacementGroupFigures[];
  destinations: Destination[];
}

const DAY_MS = 86_400_000;

function figures(students: readonly ReportStudent[], placements: readonly ReportPlacement[]): PlacementFigures {
  const firstActiveByStudent = new Map<string, number>();
  for (const placement of placements) {
    if (!reachedActive(placement)) continue;
    const at = firstActiveAt(placement)?.getTime() ?? Number.POSITIVE_INFINITY;
    firstActiveByStudent.set(placement.studentId, Math.min(at, firstActiveByStudent.get(placement.studentId) ?? Number.POSITIVE_INFINITY));
  }
  const placed = students.filter((s) => firstActiveByStudent.has(s._id));
  const daysToPlacement = placed
    .map((s) => (firstActiveByStudent.get(s._id)! - new Date(s.registeredAt).getTime()) / DAY_MS)
    .filter((days) => Number.isFinite(days));
  const days = median(daysToPlacement);
  const internshipsEnded = placements.filter((p) => p.kind === 'internship' && reachedEnd(p));
  const internshipsHired = internshipsEnded.filter((p) => p.status === 'hired');
  return {
    students: students.length,
    placedStudents: placed.length,
    placementRate: rate(placed.length, students.length),
    internshipsEnded: internshipsEnded.length,
    internshipsHired: internshipsHired.length,
    hireRate: rate(internshipsHired.length, internshipsEnded.length),
    medianDaysToPlacement: days === null ? null : Math.round(days * 10) / 10,
  };
}

const groupKey = (programme: string, cohort: string) => JSON.stringify([programme, cohort]);

/**
 * Placement rate, hire rate after internship, time to placement and destinations, for the
 * students and placements given (already narrowed to a school, programme or cohort), overall
 * and per programme and cohort. Students are grouped by their own programme and cohort,
 * placements by the programme and cohort copied onto them at creation.
 */
export function placementReport(
  students: readonly ReportStudent[],
  placements: readonly ReportPlacement[],
  enterpriseNames: ReadonlyMap<string, string> = new Map(),
): PlacementReport {
  const groups = new Map<string, { programme: string; cohort: string; students: ReportStudent[]; placements: ReportPlacement[] }>();
  const groupOf = (programme: string, cohort: string) => {
    const key = groupKey(programme, cohort);
    if (!groups.has(key)) groups.set(key, { programme, cohort, students: [], placements: [] });
    return groups.get(key)!;
  };
  for (const student of students) groupOf(student.programme, student.cohort).students.push(student);
  for (const placement of placements) groupOf(placement.programme, placement.cohort).placements.push(placement);

  const destinations = new Map<string, Destination>();
  for (const placement of placements.filter(reachedActive)) {
    const key = JSON.stringify([placement.enterpriseId, placement.role]);
    const destination = destinations.get(key) ?? {
      enterpriseId: placement.enterpriseId,
      enterpriseName: enterpriseNames.get(placement.enterpriseId) ?? null,
      role: placement.role,
      placements: 0,
    };
    destination.placements += 1;
    destinations.set(key, destination);
  }

  return {
    totals: figures(students, placements),
    groups: [...groups.values()]
      .sort((a, b) => a.programme.localeCompare(b.programme) || a.cohort.localeCompare(b.cohort))
      .map((g) => ({ programme: g.programme, cohort: g.cohort, ...figures(g.students, g.placements) })),
    destinations: [...destinations.values()].sort(
      (a, b) => b.placements - a.placements || a.enterpriseId.localeCompare(b.enterpriseId) || a.role.localeCompare(b.role),
    ),
  };
}

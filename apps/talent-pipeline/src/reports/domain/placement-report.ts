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

/** What a group (or the whole report) keeps while placements and students stream in. */
interface Tally {
  /** Per student with a placement that reached active: the earliest time it became active (Infinity: unknown). */
  firstActiveByStudent: Map<string, number>;
  internshipsEnded: number;
  internshipsHired: number;
  studentIds: string[];
  registeredAt: number[];
}

const newTally = (): Tally => ({
  firstActiveByStudent: new Map(),
  internshipsEnded: 0,
  internshipsHired: 0,
  studentIds: [],
  registeredAt: [],
});

function tallyPlacement(tally: Tally, placement: ReportPlacement): void {
  if (reachedActive(placement)) {
    const at = firstActiveAt(placement)?.getTime() ?? Number.POSITIVE_INFINITY;
    const known = tally.firstActiveByStudent.get(placement.studentId) ?? Number.POSITIVE_INFINITY;
    tally.firstActiveByStudent.set(placement.studentId, Math.min(at, known));
  }
  if (placement.kind === 'internship' && reachedEnd(placement)) {
    tally.internshipsEnded++;
    if (placement.status === 'hired') tally.internshipsHired++;
  }
}

function figures(tally: Tally): PlacementFigures {
  let placed = 0;
  const daysToPlacement: number[] = [];
  for (let i = 0; i < tally.studentIds.length; i++) {
    const firstActive = tally.firstActiveByStudent.get(tally.studentIds[i]);
    if (firstActive === undefined) continue;
    placed++;
    const days = (firstActive - tally.registeredAt[i]) / DAY_MS;
    if (Number.isFinite(days)) daysToPlacement.push(days);
  }
  const days = median(daysToPlacement);
  const students = tally.studentIds.length;
  return {
    students,
    placedStudents: placed,
    placementRate: rate(placed, students),
    internshipsEnded: tally.internshipsEnded,
    internshipsHired: tally.internshipsHired,
    hireRate: rate(tally.internshipsHired, tally.internshipsEnded),
    medianDaysToPlacement: days === null ? null : Math.round(days * 10) / 10,
  };
}

const groupKey = (programme: string, cohort: string) => JSON.stringify([programme, cohort]);

/**
 * Placement rate, hire rate after internship, time to placement and destinations, for the
 * students and placements given (already narrowed to a school, programme or cohort), overall
 * and per programme and cohort. Students are grouped by their own programme and cohort,
 * placements by the programme and cohort copied onto them (kept in step with the student's by
 * StudentProfilesService).
 */
export function placementReport(
  students: Iterable<ReportStudent>,
  placements: Iterable<ReportPlacement>,
  enterpriseNames: ReadonlyMap<string, string> = new Map(),
): PlacementReport {
  const builder = new PlacementReportBuilder();
  for (const student of students) builder.addStudent(student);
  for (const placement of placements) builder.addPlacement(placement);
  return builder.report(enterpriseNames);
}

/**
 * The same report, fed one student and one placement at a time, in any order and interleaved,
 * so both can come straight from database cursors: it keeps per student an id, a time and a
 * number, never the documents (a school's 10,000 placements with their histories are not held
 * at once; docs/decisions/0056-memory-budget.md).
 */
export class PlacementReportBuilder {
  private readonly total = newTally();
  private readonly groups = new Map<string, { programme: string; cohort: string; tally: Tally }>();
  private readonly destinations = new Map<string, { enterpriseId: string; role: string; placements: number }>();

  addStudent(student: ReportStudent): void {
    const registeredAt = new Date(student.registeredAt).getTime();
    for (const tally of [this.total, this.groupOf(student.programme, student.cohort)]) {
      tally.studentIds.push(student._id);
      tally.registeredAt.push(registeredAt);
    }
  }

  addPlacement(placement: ReportPlacement): void {
    tallyPlacement(this.total, placement);
    tallyPlacement(this.groupOf(placement.programme, placement.cohort), placement);
    if (!reachedActive(placement)) return;
    const key = JSON.stringify([placement.enterpriseId, placement.role]);
    const destination = this.destinations.get(key) ?? { enterpriseId: placement.enterpriseId, role: placement.role, placements: 0 };
    destination.placements += 1;
    this.destinations.set(key, destination);
  }

  /** The enterprises of the destinations (whose names the report shows). */
  enterpriseIds(): string[] {
    return [...new Set([...this.destinations.values()].map((d) => d.enterpriseId))];
  }

  report(enterpriseNames: ReadonlyMap<string, string> = new Map()): PlacementReport {
    return {
      totals: figures(this.total),
      groups: [...this.groups.values()]
        .sort((a, b) => a.programme.localeCompare(b.programme) || a.cohort.localeCompare(b.cohort))
        .map((g) => ({ programme: g.programme, cohort: g.cohort, ...figures(g.tally) })),
      destinations: [...this.destinations.values()]
        .map((d): Destination => ({
          enterpriseId: d.enterpriseId,
          enterpriseName: enterpriseNames.get(d.enterpriseId) ?? null,
          role: d.role,
          placements: d.placements,
        }))
        .sort((a, b) => b.placements - a.placements || a.enterpriseId.localeCompare(b.enterpriseId) || a.role.localeCompare(b.role)),
    };
  }

  private groupOf(programme: string, cohort: string): Tally {
    const key = groupKey(programme, cohort);
    let group = this.groups.get(key);
    if (!group) {
      group = { programme, cohort, tally: newTally() };
      this.groups.set(key, group);
    }
    return group.tally;
  }
}

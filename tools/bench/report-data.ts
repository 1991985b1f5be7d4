/**
 * One school's students and placements for the report measurements (report-bench.ts in process,
 * report-query.ts over HTTP), in the document shapes the service writes (StudentDocument,
 * PlacementDocument): inserted directly, since the API would need ~6 requests per placement.
 */
import { randomUUID } from 'node:crypto';
import type { PlacementStatus } from '../../apps/talent-pipeline/src/placements/domain/placement-lifecycle';
import type { PlacementDocument } from '../../apps/talent-pipeline/src/placements/placement.document';
import type { StudentDocument } from '../../apps/talent-pipeline/src/students/student.document';

/** Where placements end, in turn: still proposed, active, completed, hired, terminated after or before starting. */
export const PATHS: PlacementStatus[][] = [
  ['proposed'],
  ['proposed', 'offered', 'accepted', 'active'],
  ['proposed', 'offered', 'accepted', 'active', 'completed'],
  ['proposed', 'offered', 'accepted', 'active', 'completed', 'hired'],
  ['proposed', 'offered', 'accepted', 'active', 'terminated'],
  ['proposed', 'terminated'],
];
export const REPORT_PROGRAMMES = ['mechatronics', 'welding', 'logistics', 'nursing', 'software'];
export const REPORT_COHORTS = ['2023', '2024', '2025'];
const ROLES = ['CNC intern', 'Welder', 'Warehouse assistant', 'Care assistant', 'Junior developer'];

export interface ReportPopulation {
  students: StudentDocument[];
  placements: PlacementDocument[];
}

/**
 * `placementCount` placements of one school spread over `enterpriseIds` (round robin), for
 * 0.8 × placementCount students (some students have two); every fifth placement is a job, the
 * rest internships.
 */
export function reportPopulation(schoolId: string, enterpriseIds: readonly string[], placementCount: number): ReportPopulation {
  const studentCount = Math.ceil(placementCount * 0.8);
  const day = 86_400_000;
  const base = Date.parse('2025-09-01T00:00:00Z');
  const students: StudentDocument[] = Array.from({ length: studentCount }, (_, i) => ({
    _id: randomUUID(),
    schoolId,
    givenName: 'Bench',
    familyName: `Student ${i}`,
    programme: REPORT_PROGRAMMES[i % REPORT_PROGRAMMES.length],
    cohort: REPORT_COHORTS[i % REPORT_COHORTS.length],
    externalIds: [],
    registeredAt: new Date(base + (i % 60) * day),
  }));
  const placements: PlacementDocument[] = Array.from({ length: placementCount }, (_, i) => {
    const student = students[i % studentCount];
    const path = PATHS[i % PATHS.length];
    const start = student.registeredAt.getTime() + (10 + (i % 90)) * day;
    return {
      _id: randomUUID(),
      studentId: student._id,
      schoolId,
      enterpriseId: enterpriseIds[i % enterpriseIds.length],
      programme: student.programme,
      cohort: student.cohort,
      kind: i % 5 === 4 ? 'job' : 'internship',
      role: ROLES[i % ROLES.length],
      startDate: '2026-03-01',
      status: path.at(-1)!,
      history: path.map((status, step) => ({ status, at: new Date(start + step * day), cause: 'http' })),
      agreement: { signatures: [] },
      createdAt: new Date(start),
      version: path.length,
      outbox: [],
      appliedEvents: [],
    };
  });
  return { students, placements };
}

import { PlacementStatus } from '../../placements/domain/placement-lifecycle';
import { ReportPlacement, ReportStudent } from './report-inputs';

/** Test helper: a student registered on `registered` (YYYY-MM-DD). */
export function student(id: string, registered: string, programme = 'mechatronics', cohort = '2025'): ReportStudent {
  return { _id: id, programme, cohort, registeredAt: new Date(`${registered}T00:00:00Z`) };
}

/** Test helper: a placement that went through `path`, one status per day from `from`. */
export function placement(
  studentId: string,
  path: PlacementStatus[],
  options: Partial<Pick<ReportPlacement, 'enterpriseId' | 'role' | 'kind' | 'programme' | 'cohort'>> & { from?: string } = {},
): ReportPlacement {
  const start = new Date(`${options.from ?? '2026-01-01'}T00:00:00Z`).getTime();
  return {
    studentId,
    enterpriseId: options.enterpriseId ?? 'e1',
    programme: options.programme ?? 'mechatronics',
    cohort: options.cohort ?? '2025',
    kind: options.kind ?? 'internship',
    role: options.role ?? 'CNC intern',
    status: path.at(-1)!,
    history: path.map((status, day) => ({ status, at: new Date(start + day * 86_400_000) })),
  };
}

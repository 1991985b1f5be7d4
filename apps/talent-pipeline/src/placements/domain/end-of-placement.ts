import { AttendanceTotals } from './attendance';
import { Evaluation, summarizeEvaluations } from './evaluation';
import { PlacementStatus } from './placement-lifecycle';

export interface EndOfPlacementSummary {
  reason?: string;
  /** The last day at the enterprise, when the ERP that ended it said. */
  lastDay?: string;
  hoursLogged: number;
  evaluation: { count: number; averageScore: number | null; competencies: Record<string, number> };
}

/** The statuses that end a placement and so carry an end-of-placement outcome. */
export function endsPlacement(status: PlacementStatus): boolean {
  return status === 'completed' || status === 'terminated';
}

/** A reason belongs only to a transition that ends the placement. */
export function reasonProblems(to: PlacementStatus, reason: string | undefined): { field: string; message: string }[] {
  if (reason !== undefined && !endsPlacement(to)) return [{ field: 'reason', message: 'only for completed or terminated' }];
  return [];
}

export function endOfPlacementSummary(
  end: { reason?: string; lastDay?: string },
  attendance: AttendanceTotals,
  evaluations: readonly Evaluation[],
): EndOfPlacementSummary {
  return {
    ...(end.reason ? { reason: end.reason } : {}),
    ...(end.lastDay ? { lastDay: end.lastDay } : {}),
    hoursLogged: attendance.hours,
    evaluation: summarizeEvaluations(evaluations),
  };
}

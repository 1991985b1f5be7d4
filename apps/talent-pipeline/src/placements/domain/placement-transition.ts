import { CloudEvent, PlacementOutcome } from '@app/contracts';
import { EndOfPlacement, PlacementDocument } from '../placement.document';
import { endsPlacement } from './end-of-placement';
import { outcomeOf, PlacementStatus } from './placement-lifecycle';

/**
 * A placement moving to `to` at `at`, with all it needs already read: the service checks that
 * the lifecycle allows it (assertTransition) and computes the end-of-placement summary (from
 * the attendance it reads) when `to` ends the placement. Everything below is pure.
 */
export interface PlacementTransition {
  to: PlacementStatus;
  at: Date;
  /** Why: the CloudEvent that caused it, or none for an HTTP request. */
  causedBy?: Pick<CloudEvent, 'source' | 'id' | 'type'>;
  hire?: { positionTitle: string; hireDate: string };
  /** The first day an ERP reported for the start: becomes the placement's `startDate` when `to` is `active` (ADR 0079). */
  firstDay?: string;
  /** How the placement ended; used only when `to` ends it. */
  endOfPlacement?: EndOfPlacement;
}

/** The history entry's `cause` of a transition: the CloudEvent that caused it, or `http`. */
export function historyCause(causedBy: Pick<CloudEvent, 'id' | 'type'> | undefined): string {
  return causedBy ? `${causedBy.type} ${causedBy.id}` : 'http';
}

/**
 * What became of the ERP event `appliedEvent` (`event` its CloudEvent) once scheduled on the
 * placement (ADR 0079): undefined while it is still scheduled there, or when the placement never
 * took it; `applied` when the history shows a change it caused (the scheduler's apply names it as
 * the cause, nothing else does); `superseded` when the step is gone without one.
 */
export function scheduledStepFate(
  placement: Pick<PlacementDocument, 'appliedEvents' | 'history' | 'scheduledStart' | 'scheduledEnd'>,
  appliedEvent: string,
  event: Pick<CloudEvent, 'type' | 'id'>,
): 'applied' | 'superseded' | undefined {
  if (!placement.appliedEvents?.includes(appliedEvent)) return undefined;
  if ([placement.scheduledStart, placement.scheduledEnd].some((step) => step?.appliedEvent === appliedEvent)) return undefined;
  return placement.history.some((entry) => entry.cause === historyCause(event)) ? 'applied' : 'superseded';
}

/**
 * evolve: the fields the transition changes on the placement (its status, history, hire, first
 * day, summary).
 * Every transition leaves the status the placement had, so a scheduled start or end is dropped
 * with it: applied by this transition, or overtaken by another path out of `accepted` or
 * `active` (ADR 0076, 0079).
 */
export function evolvePlacement(placement: PlacementDocument, transition: PlacementTransition): Partial<PlacementDocument> {
  const { to, at, causedBy, hire, firstDay, endOfPlacement } = transition;
  return {
    status: to,
    history: [...placement.history, { status: to, at, cause: historyCause(causedBy) }],
    ...(hire ? { hire } : {}),
    ...(to === 'active' && firstDay ? { startDate: firstDay } : {}),
    ...(endsPlacement(to) && endOfPlacement ? { endOfPlacement } : {}),
    ...(placement.scheduledStart ? { scheduledStart: null } : {}),
    ...(placement.scheduledEnd ? { scheduledEnd: null } : {}),
  };
}

/**
 * decide: the outcome schools hear about for the placement as the transition left it (`after`),
 * or none when its new status is not an outcome. Ids, programme and cohort only, never names.
 */
export function decidePlacementOutcome(after: PlacementDocument, transition: PlacementTransition): PlacementOutcome | undefined {
  const outcome = outcomeOf(after.status);
  if (!outcome) return undefined;
  return {
    placementId: after._id,
    schoolId: after.schoolId,
    enterpriseId: after.enterpriseId,
    studentId: after.studentId,
    programme: after.programme,
    cohort: after.cohort,
    kind: after.kind,
    role: after.role,
    outcome,
    occurredAt: transition.at.toISOString(),
    ...(transition.causedBy ? { causedBy: transition.causedBy } : {}),
    ...(after.hire ? { hire: after.hire } : {}),
    ...(endsPlacement(after.status) && after.endOfPlacement ? { endOfPlacement: after.endOfPlacement } : {}),
  };
}

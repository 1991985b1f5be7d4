import { CloudEvent } from '@app/contracts';
import { decideSchedule, OlderThanScheduledStepError, ScheduleDecision, ScheduledStep } from './scheduled-step';

export { isDue } from './scheduled-step';

/**
 * An ERP's end of a placement dated after the day it arrived (ADR 0076, addendum "future-dated
 * ends"): recorded on the still active placement and applied on `dueOn`, the day after `lastDay`.
 * Days are UTC calendar days.
 */
export interface ScheduledEnd extends ScheduledStep {
  outcome: 'completed' | 'terminated';
  /** The ERP's `endReason`: free text that may describe the student (removed at erasure). */
  reason?: string;
  /** The student's last day at the enterprise. */
  lastDay: string;
  /** The day the end takes effect: the day after `lastDay`. */
  dueOn: string;
}

/** What an ERP's end, as the placement decides, needs of the event. */
export interface ErpEndRequest {
  outcome: 'completed' | 'terminated';
  reason?: string;
  lastDay?: string;
  causedBy: Pick<CloudEvent, 'source' | 'id' | 'type'>;
  eventTime: string;
  appliedEvent: string;
  correlationid?: string;
}

export type ErpEndDecision = ScheduleDecision<ScheduledEnd>;

const MS_PER_DAY = 86_400_000;

/** The day after `date` (YYYY-MM-DD, UTC calendar). */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whether an end with this last day waits: only a last day after today does. */
export function takesEffectLater(lastDay: string | undefined, today: string): lastDay is string {
  return lastDay !== undefined && lastDay > today;
}

/**
 * decide: what an ERP's end does to an active placement that may carry a scheduled end, on
 * `today`: applied now (no last day, or today or past), scheduled for the day after its last
 * day, or refused as older than the end scheduled (decideSchedule: the newest ERP event wins).
 */
export function decideErpEnd(
  scheduled: ScheduledEnd | null | undefined,
  end: ErpEndRequest,
  today: string,
  receivedAt: Date,
): ErpEndDecision {
  const lastDay = end.lastDay;
  return decideSchedule(scheduled, end.eventTime, takesEffectLater(lastDay, today), () => ({
    outcome: end.outcome,
    ...(end.reason !== undefined ? { reason: end.reason } : {}),
    lastDay: lastDay!,
    dueOn: dayAfter(lastDay!),
    causedBy: end.causedBy,
    eventTime: end.eventTime,
    appliedEvent: end.appliedEvent,
    ...(end.correlationid !== undefined ? { correlationid: end.correlationid } : {}),
    receivedAt,
  }));
}

/** An ERP end older than the end scheduled on the placement: the newer one stands; the caller holds this one for review. */
export class OlderThanScheduledEndError extends OlderThanScheduledStepError {
  constructor(placementId: string, scheduled: ScheduledEnd) {
    super(placementId, 'end', scheduled, `${scheduled.outcome} after ${scheduled.lastDay}`);
  }
}

/** What an ERP's rescission of an end needs of the event (ADR 0079). */
export interface ErpEndRescission {
  /** The CloudEvent id (same source) of the end it takes back, when the ERP names it. */
  rescindedEventId?: string;
  source: string;
  eventTime: string;
}

/**
 * decide: why a placement cannot have its scheduled end taken back by the ERP's rescission, or
 * undefined when it can. Only an end still waiting for its day can be rescinded: one that took
 * effect (the placement is no longer active) is the school's record already, and undoing it is
 * an operator's decision. The newest ERP event wins, as between ends.
 */
export function erpEndRescissionRefusal(
  placement: { _id: string; status: string; scheduledEnd?: ScheduledEnd | null },
  rescission: ErpEndRescission,
): string | undefined {
  const scheduled = placement.scheduledEnd;
  if (placement.status !== 'active')
    return `placement ${placement._id} is ${placement.status}: an end that took effect cannot be rescinded`;
  if (!scheduled) return `placement ${placement._id} has no scheduled end to rescind`;
  const named = rescission.rescindedEventId;
  if (named !== undefined && (named !== scheduled.causedBy.id || rescission.source !== scheduled.causedBy.source)) {
    return `placement ${placement._id} has end event ${scheduled.causedBy.id} of ${scheduled.causedBy.source} scheduled, not ${named}`;
  }
  if (Date.parse(rescission.eventTime) < Date.parse(scheduled.eventTime)) {
    return `placement ${placement._id} has a newer end scheduled (event ${scheduled.causedBy.id} of ${scheduled.eventTime}) than this rescission`;
  }
  return undefined;
}

/** An ERP rescission the placement refuses (its reason from erpEndRescissionRefusal): held for review, a 409 when linked. */
export class ErpEndRescissionRefusedError extends Error {}

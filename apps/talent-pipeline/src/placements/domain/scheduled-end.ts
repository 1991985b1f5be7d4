import { CloudEvent } from '@app/contracts';
import {
  decideSchedule,
  ErpStepRescission,
  decideStepRescission,
  RescissionRule,
  OlderThanScheduledStepError,
  ScheduleDecision,
  ScheduledStep,
  StepRescission,
  StepRescissionDecision,
} from './scheduled-step';

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
  rescinded?: StepRescission | null,
): ErpEndDecision {
  const lastDay = end.lastDay;
  return decideSchedule(
    scheduled,
    { eventTime: end.eventTime, day: lastDay },
    takesEffectLater(lastDay, today),
    () => ({
      outcome: end.outcome,
      ...(end.reason !== undefined ? { reason: end.reason } : {}),
      lastDay: lastDay!,
      dueOn: dayAfter(lastDay!),
      causedBy: end.causedBy,
      eventTime: end.eventTime,
      appliedEvent: end.appliedEvent,
      ...(end.correlationid !== undefined ? { correlationid: end.correlationid } : {}),
      receivedAt,
    }),
    rescinded,
  );
}

/** An ERP end older than the end scheduled on the placement: the newer one stands; the caller holds this one for review. */
export class OlderThanScheduledEndError extends OlderThanScheduledStepError {
  constructor(placementId: string, scheduled: ScheduledEnd) {
    super(placementId, 'end', scheduled, `${scheduled.outcome} after ${scheduled.lastDay}`);
  }
}

const END_RESCISSION: RescissionRule<ScheduledEnd> = {
  step: 'end',
  waitsIn: 'active',
  notWaiting: () => 'an end that took effect cannot be rescinded',
  marksWithoutScheduled: false,
  dayOf: (scheduled) => scheduled.lastDay,
};

/**
 * decide: what the ERP's rescission of an end does to the placement: only an end still waiting
 * for its day on an active placement can be taken back (one that took effect is the school's
 * record already), and one with nothing scheduled is refused; see decideStepRescission.
 */
export function decideErpEndRescission(
  placement: { _id: string; status: string; scheduledEnd?: ScheduledEnd | null },
  rescission: ErpStepRescission,
): StepRescissionDecision {
  return decideStepRescission(END_RESCISSION, placement, placement.scheduledEnd, rescission);
}

import { CloudEvent } from '@app/contracts';

/**
 * An ERP's end of a placement dated after the day it arrived (ADR 0076, addendum "future-dated
 * ends"): recorded on the still active placement and applied on `dueOn`, the day after `lastDay`.
 * Days are UTC calendar days.
 */
export interface ScheduledEnd {
  outcome: 'completed' | 'terminated';
  /** The ERP's `endReason`: free text that may describe the student (removed at erasure). */
  reason?: string;
  /** The student's last day at the enterprise. */
  lastDay: string;
  /** The day the end takes effect: the day after `lastDay`. The scheduler's query filters on it. */
  dueOn: string;
  /** The ERP event that scheduled it: the cause of the status change and of the school's outcome. */
  causedBy: Pick<CloudEvent, 'source' | 'id' | 'type'>;
  /** The ERP event's own time: a later end replaces this one only if it is not older. */
  eventTime: string;
  /** The event's dedupe key (also in `appliedEvents`). */
  appliedEvent: string;
  correlationid?: string;
  receivedAt: Date;
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

export type ErpEndDecision =
  /** Apply now: no last day, or it is today or past. Any schedule is cleared by the transition. */
  | { kind: 'now' }
  /** Record (or replace) the schedule; the status stays `active`. */
  | { kind: 'schedule'; scheduledEnd: ScheduledEnd }
  /** An end older (by the ERP's event time) than the one scheduled: the newer one stands. */
  | { kind: 'older'; scheduled: ScheduledEnd };

const MS_PER_DAY = 86_400_000;

/** The day after `date` (YYYY-MM-DD, UTC calendar). */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whether an end with this last day waits: only a last day after today does. */
export function takesEffectLater(lastDay: string | undefined, today: string): lastDay is string {
  return lastDay !== undefined && lastDay > today;
}

/** Whether a scheduled end is due on `today` (the day after its last day, or later). */
export function isDue(scheduled: Pick<ScheduledEnd, 'dueOn'>, today: string): boolean {
  return scheduled.dueOn <= today;
}

/**
 * decide: what an ERP's end does to an active placement that may carry a scheduled end, on
 * `today`. The newest ERP event (by its CloudEvent `time`; equal times: the later arrival) wins,
 * whether it schedules or applies at once.
 */
export function decideErpEnd(
  scheduled: ScheduledEnd | null | undefined,
  end: ErpEndRequest,
  today: string,
  receivedAt: Date,
): ErpEndDecision {
  if (scheduled && Date.parse(end.eventTime) < Date.parse(scheduled.eventTime)) return { kind: 'older', scheduled };
  if (!takesEffectLater(end.lastDay, today)) return { kind: 'now' };
  return {
    kind: 'schedule',
    scheduledEnd: {
      outcome: end.outcome,
      ...(end.reason !== undefined ? { reason: end.reason } : {}),
      lastDay: end.lastDay,
      dueOn: dayAfter(end.lastDay),
      causedBy: end.causedBy,
      eventTime: end.eventTime,
      appliedEvent: end.appliedEvent,
      ...(end.correlationid !== undefined ? { correlationid: end.correlationid } : {}),
      receivedAt,
    },
  };
}

/** An ERP end older than the end scheduled on the placement: the newer one stands; the caller holds this one for review. */
export class OlderThanScheduledEndError extends Error {
  constructor(
    readonly placementId: string,
    readonly scheduled: ScheduledEnd,
  ) {
    super(
      `placement ${placementId} has a newer end scheduled (event ${scheduled.causedBy.id} of ${scheduled.eventTime}, ` +
        `${scheduled.outcome} after ${scheduled.lastDay}); this older end is not applied`,
    );
  }
}

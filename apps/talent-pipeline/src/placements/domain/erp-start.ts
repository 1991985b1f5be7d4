import { CloudEvent } from '@app/contracts';
import { AgreementParty, AgreementSignature, missingParties } from './agreement-sign-off';
import { PlacementStatus } from './placement-lifecycle';
import {
  decideSchedule,
  ErpStepRescission,
  decideStepRescission,
  RescissionRule,
  OlderThanScheduledStepError,
  rescindedAlready,
  ScheduleDecision,
  ScheduledStep,
  StepRescission,
  StepRescissionDecision,
} from './scheduled-step';

/** What an ERP's start of a placement can do to it now (ADR 0079). */
export type ErpStartDecision =
  | { kind: 'start' }
  /** Not later than the ERP's rescission of a start on the placement (`rescindedStart`): taken back already, whatever the status or signatures. */
  | { kind: 'rescinded'; rescission: StepRescission }
  /** Not `accepted`: not yet accepted, or started or ended already. */
  | { kind: 'wrong-status'; reason: string }
  /** The first day lies outside the placement's period (before its planned start, or after its end): the event or the placement is wrong. */
  | { kind: 'outside-period'; reason: string }
  /** Accepted, but the three-party agreement lacks signatures: the start waits for them. */
  | { kind: 'unsigned'; missing: AgreementParty[]; reason: string };

/**
 * decide: an ERP start applies only to an `accepted` placement whose agreement every required
 * party signed (school, enterprise, and the student or, for a minor, the guardian): the platform
 * gates `active` on those signatures, which an HR system cannot give. Its first day (when given)
 * must lie in the placement's period, from the planned `startDate` to `endDate` (when set): the
 * agreement and the school's plan cover that period, so a first day outside it is an operator's
 * question, not something to apply. Checked before the signatures: signing does not cure it.
 * Before all that, with the ERP's event time: a start not later than the placement's
 * `rescindedStart` is one the ERP took back (an old copy, the start held for signatures it
 * rescinded), superseded rather than held for any of the other reasons.
 */
export function decideErpStart(
  placement: {
    _id: string;
    status: PlacementStatus;
    startDate?: string;
    endDate?: string;
    guardianRequired?: boolean;
    agreement?: { signatures: AgreementSignature[] };
    rescindedStart?: StepRescission | null;
  },
  firstDay?: string,
  eventTime?: string,
): ErpStartDecision {
  const rescission = eventTime !== undefined ? rescindedAlready(placement.rescindedStart, { eventTime, day: firstDay }) : undefined;
  if (rescission) return { kind: 'rescinded', rescission };
  if (placement.status !== 'accepted') {
    return { kind: 'wrong-status', reason: `placement ${placement._id} is ${placement.status} and cannot be started` };
  }
  if (firstDay !== undefined && !inPeriod(firstDay, placement)) {
    const period = `from ${day(placement.startDate!)}${placement.endDate ? ` to ${day(placement.endDate)}` : ''}`;
    return {
      kind: 'outside-period',
      reason: `placement ${placement._id} cannot be started on ${firstDay}: the first day is outside the placement's period (${period})`,
    };
  }
  const missing = missingParties(placement.guardianRequired ?? false, placement.agreement?.signatures ?? []);
  if (!missing.length) return { kind: 'start' };
  return {
    kind: 'unsigned',
    missing,
    reason: `placement ${placement._id} cannot be started yet: the placement agreement lacks the signatures of ${missing.join(', ')}`,
  };
}

/** A placement's dates may be instants (dateOrInstant): their UTC day is what a first day is compared with. */
function day(dateOrInstant: string): string {
  return dateOrInstant.slice(0, 10);
}

function inPeriod(firstDay: string, period: { startDate?: string; endDate?: string }): boolean {
  if (period.startDate !== undefined && firstDay < day(period.startDate)) return false;
  return period.endDate === undefined || firstDay <= day(period.endDate);
}

/**
 * An ERP's start dated after the day it arrived (ADR 0079, "future-dated starts"): recorded on
 * the accepted placement and applied on `dueOn`, the first day itself (UTC), so the school hears
 * `started` on the day the student starts, not when HR entered it.
 */
export interface ScheduledStart extends ScheduledStep {
  /** The student's first day at the enterprise; the placement's `startDate` once applied. */
  firstDay: string;
}

/** What an ERP's start, as the placement decides, needs of the event. */
export interface ErpStartRequest {
  firstDay: string;
  causedBy: Pick<CloudEvent, 'source' | 'id' | 'type'>;
  eventTime: string;
  appliedEvent: string;
  correlationid?: string;
}

/** decide: whether a start the placement can take applies now (its first day is today or past), waits for its first day, or is older than the start scheduled. */
export function decideErpStartTiming(
  scheduled: ScheduledStart | null | undefined,
  start: ErpStartRequest,
  today: string,
  receivedAt: Date,
  rescinded?: StepRescission | null,
): ScheduleDecision<ScheduledStart> {
  return decideSchedule(
    scheduled,
    { eventTime: start.eventTime, day: start.firstDay },
    start.firstDay > today,
    () => ({
      firstDay: start.firstDay,
      dueOn: start.firstDay,
      causedBy: start.causedBy,
      eventTime: start.eventTime,
      appliedEvent: start.appliedEvent,
      ...(start.correlationid !== undefined ? { correlationid: start.correlationid } : {}),
      receivedAt,
    }),
    rescinded,
  );
}

/** An ERP start older than the start scheduled on the placement: the newer one stands; the caller holds this one for review. */
export class OlderThanScheduledStartError extends OlderThanScheduledStepError {
  constructor(placementId: string, scheduled: ScheduledStart) {
    super(placementId, 'start', scheduled, `first day ${scheduled.firstDay}`);
  }
}

/** An ERP start whose first day is outside the placement's period (an operator's link refuses it with a 409). */
export class StartOutsidePeriodError extends Error {}

const START_RESCISSION: RescissionRule<ScheduledStart> = {
  step: 'start',
  waitsIn: 'accepted',
  notWaiting: (status) => (status === 'active' ? 'a start that took effect cannot be rescinded' : 'it has no scheduled start to rescind'),
  marksWithoutScheduled: true,
  dayOf: (scheduled) => scheduled.firstDay,
};

/**
 * decide: what the ERP's rescission of a start (`erp.placement-start-rescinded.v1`, ADR 0079)
 * does to the placement (see decideStepRescission): only an accepted
 * placement, whose start still waits for its first day, or has not come to be scheduled: held
 * for the agreement's signatures, or not arrived yet (webhooks out of order). There the
 * rescission leaves only its mark, and the start it takes back is superseded when it comes
 * (at the last signature, on arrival). A placement that started is the school's record (it heard
 * `started`); one not yet accepted, or ended, has no start to take back.
 */
export function decideErpStartRescission(
  placement: { _id: string; status: string; scheduledStart?: ScheduledStart | null },
  rescission: ErpStepRescission,
): StepRescissionDecision {
  return decideStepRescission(START_RESCISSION, placement, placement.scheduledStart, rescission);
}

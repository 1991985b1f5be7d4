import { CloudEvent } from '@app/contracts';

/**
 * An ERP's step of a placement dated after the day it arrived (ADR 0076's future-dated ends,
 * ADR 0079's future-dated starts): recorded on the placement with the event's dedupe key and
 * applied by the scheduler on `dueOn`, through the same transition and outbox as on arrival.
 * Days are UTC calendar days.
 */
export interface ScheduledStep {
  /** The day the step takes effect. The scheduler's query filters on it. */
  dueOn: string;
  /** The ERP event that scheduled it: the cause of the status change and of the school's outcome. */
  causedBy: Pick<CloudEvent, 'source' | 'id' | 'type'>;
  /** The ERP event's own time: a later event of the same kind replaces this one only if it is not older. */
  eventTime: string;
  /** The event's dedupe key (also in `appliedEvents`). */
  appliedEvent: string;
  correlationid?: string;
  receivedAt: Date;
}

/** The kinds of step the scheduler applies; each is its own field on the placement (`scheduledStart`, `scheduledEnd`). */
export type ScheduledStepKind = 'start' | 'end';

export type ScheduleDecision<S extends ScheduledStep> =
  /** Apply now: its day is today or past (or it has none). Any step of its kind scheduled before is dropped by the transition. */
  | { kind: 'now' }
  /** Record (or replace) the step; the status stays as it is until `dueOn`. */
  | { kind: 'schedule'; step: S }
  /** Older (by the ERP's event time) than the step scheduled: the newer one stands. */
  | { kind: 'older'; scheduled: S }
  /** Not later (by the ERP's event time) than the ERP's last rescission of a step of its kind (and day, when it named one): taken back already. */
  | { kind: 'rescinded'; rescission: StepRescission };

/**
 * The mark an ERP's rescission leaves on the placement (`rescindedStart`, `rescindedEnd`; ADR
 * 0079): a step of that kind whose ERP event time is not later than the rescission's is one the
 * ERP already took back (an old end resent, a late copy), so it is not scheduled or applied again.
 * A rescission that named a day (SuccessFactors deletes the record of one day) takes back only
 * steps of that day: HR's correction to another day, sent before the deletion, still stands.
 */
export interface StepRescission extends RescissionLine {
  /**
   * The lines of the placement's earlier rescissions of the kind that this one does not cover (of
   * another day, or newer than it), oldest first, at most MAX_EARLIER_LINES: a step any of them
   * took back stays taken back when a later rescission replaces the mark (nextMark).
   */
  earlier?: RescissionLine[];
  /** The rescission event. */
  by: Pick<CloudEvent, 'source' | 'id' | 'type'>;
  /**
   * The step it took back (the ERP event that had scheduled it), or the one it named
   * (`rescindedEventId`) when none was scheduled: a start held for signatures, or not yet arrived.
   * Absent when neither.
   */
  rescinded?: Pick<CloudEvent, 'source' | 'id' | 'type'>;
}

/** What a rescission takes back: steps of its kind not later than its time, of the day it named when it named one. */
export interface RescissionLine {
  /** The rescission's own CloudEvent `time`: the line a later step of the kind must cross. */
  eventTime: string;
  /** The day the rescission named (a start's first day, an end's last day): only steps of that day are taken back. */
  day?: string;
  /** The rescission event (absent on lines written before lines kept it). */
  by?: Pick<CloudEvent, 'source' | 'id' | 'type'>;
}

/** How many earlier rescissions' lines a mark keeps: a placement's start or end is rescinded a few times at most. */
export const MAX_EARLIER_LINES = 20;

/** Whether a scheduled step is due on `today`. */
export function isDue(scheduled: Pick<ScheduledStep, 'dueOn'>, today: string): boolean {
  return scheduled.dueOn <= today;
}

/**
 * decide: whether an ERP step applies now, waits (`build` gives the step to record), or is older
 * than the step of its kind already scheduled on the placement. The newest ERP event (by its
 * CloudEvent `time`; equal times: the later arrival) wins, whether it schedules or applies at
 * once; a step not later than the ERP's last rescission of its kind (`rescinded`) is taken back
 * already, whether it would wait or not. Whether it waits is the kind's rule: an end waits only for a last day after today, and
 * is then due the day after; a start waits for a first day after today, due that day.
 */
export function decideSchedule<S extends ScheduledStep>(
  scheduled: S | null | undefined,
  step: { eventTime: string; day?: string },
  waits: boolean,
  build: () => S,
  rescinded?: StepRescission | null,
): ScheduleDecision<S> {
  const { eventTime } = step;
  const rescission = rescindedAlready(rescinded, step);
  if (rescission) return { kind: 'rescinded', rescission };
  if (scheduled && Date.parse(eventTime) < Date.parse(scheduled.eventTime)) return { kind: 'older', scheduled };
  return waits ? { kind: 'schedule', step: build() } : { kind: 'now' };
}

/**
 * decide: the ERP's rescission (the placement's mark of the step's kind) that took back a step
 * with this ERP event time and day already, or undefined. Taken back by the ERP after it was sent
 * (equal times too: the rescission is the later word), unless the rescission named another day
 * than the step's (an undated step is not of the day named). Asked before anything else about
 * the step (its placement's status, its signatures): an old copy is superseded, not held,
 * whatever the placement is now (ADR 0079).
 */
export function rescindedAlready(
  rescinded: StepRescission | null | undefined,
  step: { eventTime: string; day?: string },
): StepRescission | undefined {
  if (!rescinded) return undefined;
  if (covers(rescinded, step)) return rescinded;
  // An earlier rescission's line: that one took the step back, and is named as such.
  const line = rescinded.earlier?.find((earlier) => covers(earlier, step));
  return line && { eventTime: line.eventTime, ...(line.day !== undefined ? { day: line.day } : {}), by: line.by ?? rescinded.by };
}

function covers(line: RescissionLine, step: { eventTime: string; day?: string }): boolean {
  return Date.parse(step.eventTime) <= Date.parse(line.eventTime) && (line.day === undefined || line.day === step.day);
}

/**
 * decide: the placement's mark of a kind after another rescission of it (`fresh`): the newer of
 * the two (by the ERP's event time; equal: the fresh one) is the mark shown, and it keeps the
 * lines of the other and of both marks' earlier rescissions that it does not cover itself, so a
 * late copy of a step any of them took back is still superseded (SuccessFactors: the old first
 * day deleted, then the corrected one; the first start delivered last). The oldest lines go
 * beyond MAX_EARLIER_LINES.
 */
export function nextMark(before: StepRescission | null | undefined, fresh: StepRescission): StepRescission {
  if (!before) return fresh;
  const [newer, older] = Date.parse(before.eventTime) > Date.parse(fresh.eventTime) ? [before, fresh] : [fresh, before];
  const { earlier: olderLines = [], ...olderMark } = older;
  const lines = [...olderLines, lineOf(olderMark), ...(newer.earlier ?? [])]
    .filter((line) => !covers(newer, line))
    .filter((line, i, all) => all.findIndex((other) => other.eventTime === line.eventTime && other.day === line.day) === i)
    .sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime))
    .slice(-MAX_EARLIER_LINES);
  const { earlier: _replaced, ...mark } = newer;
  return lines.length ? { ...mark, earlier: lines } : mark;
}

function lineOf(mark: RescissionLine): RescissionLine {
  return { eventTime: mark.eventTime, ...(mark.day !== undefined ? { day: mark.day } : {}), ...(mark.by ? { by: mark.by } : {}) };
}

/** An ERP step older than the one of its kind scheduled on the placement: the newer one stands; the caller holds this one for review. */
export class OlderThanScheduledStepError extends Error {
  constructor(
    readonly placementId: string,
    readonly step: ScheduledStepKind,
    readonly scheduled: ScheduledStep,
    what: string,
  ) {
    super(
      `placement ${placementId} has a newer ${step} scheduled (event ${scheduled.causedBy.id} of ${scheduled.eventTime}, ${what}); ` +
        `this older ${step} is not applied`,
    );
  }
}

/** What an ERP's rescission of a scheduled step needs of the event (ADR 0079). */
export interface ErpStepRescission {
  /** The CloudEvent id (same source) of the step it takes back, when the ERP names it. */
  rescindedEventId?: string;
  /**
   * The day of the step it takes back (a start's first day, an end's last day), when the ERP
   * names that instead (SuccessFactors deletes a record): a step of another day is not it.
   */
  day?: string;
  source: string;
  eventTime: string;
}

/** What differs between rescinding a start and an end (see decideStepRescission). */
export interface RescissionRule<S extends ScheduledStep> {
  step: ScheduledStepKind;
  /** The status a placement waits in for this step: `accepted` for a start, `active` for an end. */
  waitsIn: string;
  /** Why a placement in another status refuses the rescission. */
  notWaiting: (status: string) => string;
  /** A start: a placement in `waitsIn` with nothing scheduled takes the rescission, only its mark is left. */
  marksWithoutScheduled: boolean;
  /** The day of the scheduled step, compared with a rescission that names a day. */
  dayOf: (scheduled: S) => string;
}

/** What an ERP's rescission does to a placement (decideStepRescission). */
export type StepRescissionDecision =
  /** Takes back the step scheduled: it is cleared and superseded, and the mark is left. */
  | { kind: 'takes' }
  /**
   * Leaves only its mark: nothing is scheduled (a start held for signatures, or not yet here,
   * found by the mark when it comes), or the step scheduled is of another day than the one the
   * rescission named (HR corrected the day, then deleted the old record: the correction stands).
   */
  | { kind: 'marks'; because: 'nothing-scheduled' | 'another-day-scheduled' }
  /** The placement refuses it (held for review, a 409 when linked), saying why. */
  | { kind: 'refused'; reason: string };

/**
 * decide: what an ERP's rescission does to the placement's scheduled step. Only a step still
 * waiting for its day can be rescinded, on a placement still in `rule.waitsIn`; any other status
 * refuses it (a step that took effect is the school's record, and undoing it is an operator's
 * decision). The newest ERP event wins, as between steps. With `rule.marksWithoutScheduled` (a
 * start), a placement in `waitsIn` with nothing scheduled takes it too: only its mark is left,
 * for the step it takes back to find when it comes (held or late). A rescission naming a day
 * takes back only a step of that day; with a step of another day scheduled it leaves its mark
 * (a late copy of the deleted day's step is superseded) and the scheduled step stands.
 */
export function decideStepRescission<S extends ScheduledStep>(
  rule: RescissionRule<S>,
  placement: { _id: string; status: string },
  scheduled: S | null | undefined,
  rescission: ErpStepRescission,
): StepRescissionDecision {
  const { step, waitsIn, notWaiting, marksWithoutScheduled, dayOf } = rule;
  const refused = (reason: string): StepRescissionDecision => ({ kind: 'refused', reason });
  if (placement.status !== waitsIn) return refused(`placement ${placement._id} is ${placement.status}: ${notWaiting(placement.status)}`);
  // Nothing scheduled: the step may be held (a start for its signatures) or not yet here; the mark takes it back when it comes.
  if (!scheduled)
    return marksWithoutScheduled
      ? { kind: 'marks', because: 'nothing-scheduled' }
      : refused(`placement ${placement._id} has no scheduled ${step} to rescind`);
  const named = rescission.rescindedEventId;
  if (named !== undefined && (named !== scheduled.causedBy.id || rescission.source !== scheduled.causedBy.source)) {
    return refused(
      `placement ${placement._id} has ${step} event ${scheduled.causedBy.id} of ${scheduled.causedBy.source} scheduled, not ${named}`,
    );
  }
  // A step of another day is not the one taken back: HR corrected the day (a new record) and deleted the old one.
  if (rescission.day !== undefined && rescission.day !== dayOf(scheduled)) return { kind: 'marks', because: 'another-day-scheduled' };
  if (Date.parse(rescission.eventTime) < Date.parse(scheduled.eventTime)) {
    return refused(
      `placement ${placement._id} has a newer ${step} scheduled (event ${scheduled.causedBy.id} of ${scheduled.eventTime}) than this rescission`,
    );
  }
  return { kind: 'takes' };
}

/**
 * How surely the placement is the one an ERP's rescission is about, when it names the person and
 * not the placement (a person may have several at the enterprise): it takes back the step
 * scheduled there (2), or nothing is scheduled there and the step may be held or on its way (1),
 * or only a step of another day is (0); undefined when the placement refuses it.
 */
export function rescissionFit(decision: StepRescissionDecision): number | undefined {
  if (decision.kind === 'takes') return 2;
  if (decision.kind === 'marks') return decision.because === 'nothing-scheduled' ? 1 : 0;
  return undefined;
}

/** An ERP rescission the placement refuses (its reason from decideStepRescission): held for review, a 409 when linked. */
export class ErpRescissionRefusedError extends Error {
  constructor(
    readonly step: ScheduledStepKind,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * An ERP step not later than the ERP's rescission of a step of its kind on the placement: the ERP
 * took it back already. Not held for review (nothing to decide): its inbox record says
 * `superseded`; an operator's link is a 409.
 */
export class RescindedStepError extends Error {
  constructor(
    readonly placementId: string,
    readonly step: ScheduledStepKind,
    readonly rescission: StepRescission,
  ) {
    super(
      `placement ${placementId} had its ${step} rescinded by event ${rescission.by.id} of ${rescission.eventTime} ` +
        `(${rescission.rescinded ? `taking back ${rescission.rescinded.id}` : `no ${step} scheduled then`}); this ${step}, not later, is not applied`,
    );
  }
}

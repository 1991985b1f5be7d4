import { SecondmentStatus } from '@app/contracts';
import { DomainError } from '../../shared/domain-error';
import { Deliverable, HostSigner, MentorEvaluation, PracticeLog, SecondmentState } from './secondment-state';

export type SecondmentEventKind = 'requested' | 'approved' | 'started' | 'completed' | 'cancelled' | 'withdrawn';

/** A decision: the fields that change and the lifecycle event to publish, if any. */
export interface Decision {
  set: Partial<SecondmentState>;
  event: SecondmentEventKind | null;
}

export type ApprovingParty = 'school' | 'enterprise';
export const MAX_LOGS = 400;
export const MAX_DELIVERABLES = 50;

function requireStatus(state: SecondmentState, allowed: readonly SecondmentStatus[], action: string): void {
  if (!allowed.includes(state.status)) {
    throw new DomainError(
      409,
      'illegal transition',
      `cannot ${action} a secondment that is ${state.status} (allowed from ${allowed.join(', ')})`,
    );
  }
}

/** School and enterprise each approve once, in either order; the second approval makes it `approved`. */
export function approve(state: SecondmentState, party: ApprovingParty, by: string, at: string): Decision {
  requireStatus(state, ['requested'], 'approve');
  if (state.approvals[party]) throw new DomainError(409, 'already approved', `the ${party} approved on ${state.approvals[party].at}`);
  const approvals = { ...state.approvals, [party]: { by, at } };
  const both = Boolean(approvals.school && approvals.enterprise);
  return { set: { approvals, status: both ? 'approved' : 'requested' }, event: both ? 'approved' : null };
}

export function start(state: SecondmentState, on: string): Decision {
  requireStatus(state, ['approved'], 'start');
  return { set: { status: 'active', startedOn: on }, event: 'started' };
}

export function complete(state: SecondmentState, on: string): Decision {
  requireStatus(state, ['active'], 'complete');
  if (on < state.period.start) throw new DomainError(422, 'too early', `the secondment period starts on ${state.period.start}`);
  return { set: { status: 'completed', endedOn: on < state.period.end ? on : state.period.end }, event: 'completed' };
}

export function cancel(state: SecondmentState, on: string, reason: string): Decision {
  requireStatus(state, ['requested', 'approved', 'active'], 'cancel');
  return { set: { status: 'cancelled', endedOn: on, reason }, event: 'cancelled' };
}

export function withdraw(state: SecondmentState, on: string, reason: string): Decision {
  requireStatus(state, ['requested', 'approved'], 'withdraw');
  return { set: { status: 'withdrawn', endedOn: on, reason }, event: 'withdrawn' };
}

/** A day of practice: only while active, inside the period, not in the future, at most 24 hours a day in all. */
export function addLog(state: SecondmentState, log: PracticeLog, today: string): Decision {
  requireStatus(state, ['active'], 'log practice for');
  if (log.date < state.period.start || log.date > state.period.end) {
    throw new DomainError(422, 'date outside the secondment', `${log.date} is outside ${state.period.start}..${state.period.end}`, 'date');
  }
  if (log.date > today) throw new DomainError(422, 'date in the future', `${log.date} has not happened yet`, 'date');
  const sameDay = state.logs.filter((existing) => existing.date === log.date).reduce((sum, existing) => sum + existing.hours, 0);
  if (sameDay + log.hours > 24) {
    throw new DomainError(422, 'too many hours', `${log.date} already has ${sameDay} hours logged; a day has 24`, 'hours');
  }
  if (state.logs.length >= MAX_LOGS) throw new DomainError(422, 'too many logs', `a secondment keeps at most ${MAX_LOGS} logs`);
  return { set: { logs: [...state.logs, log] }, event: null };
}

/** The mentor's countersignature makes a log count as practice. */
export function countersign(state: SecondmentState, logId: string, by: string, at: string, signer?: HostSigner): Decision {
  requireStatus(state, ['active', 'completed'], 'countersign logs of');
  const log = state.logs.find((existing) => existing.logId === logId);
  if (!log) throw new DomainError(404, 'log not found', `no log ${logId} on this secondment`);
  if (log.countersignedAt)
    throw new DomainError(409, 'already countersigned', `countersigned by ${log.countersignedBy} at ${log.countersignedAt}`);
  const logs = state.logs.map((existing) =>
    existing.logId === logId
      ? { ...existing, countersignedBy: by, countersignedAt: at, ...(signer ? { countersigner: signer } : {}) }
      : existing,
  );
  return { set: { logs }, event: null };
}

export function evaluate(state: SecondmentState, evaluation: MentorEvaluation): Decision {
  requireStatus(state, ['active', 'completed'], 'evaluate');
  if (state.evaluation) throw new DomainError(409, 'already evaluated', `evaluated by ${state.evaluation.evaluatedBy}`);
  return { set: { evaluation }, event: null };
}

export function addDeliverable(state: SecondmentState, deliverable: Deliverable): Decision {
  requireStatus(state, ['active', 'completed'], 'add deliverables to');
  if (state.deliverables.length >= MAX_DELIVERABLES) throw new DomainError(422, 'too many deliverables', `at most ${MAX_DELIVERABLES}`);
  return { set: { deliverables: [...state.deliverables, deliverable] }, event: null };
}

/** Countersigned hours, the total the lifecycle events carry. */
export function countersignedHours(state: { logs: readonly { hours: number; countersignedAt?: string }[] }): number {
  return state.logs.filter((log) => log.countersignedAt).reduce((sum, log) => sum + log.hours, 0);
}

/** Statuses in which a secondment still holds the teacher's time and a seat of the post. */
export const HOLDING_STATUSES: readonly SecondmentStatus[] = ['requested', 'approved', 'active'];

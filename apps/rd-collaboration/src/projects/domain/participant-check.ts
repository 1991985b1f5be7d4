import { RdParticipantRefusalReason } from '@app/contracts';
import { enteredInError, isActiveParticipation, ParticipantWithdrawal } from './participant-withdrawal';

/**
 * Whether the service that owns a participant's person (the talent pipeline for students, the
 * secondment service for teachers) confirmed them as a person of the project's school (ADR 0082).
 * Stored from the moment the participant is added (`pending`) until the answer comes.
 */
export interface ParticipantCheck {
  status: 'pending' | 'confirmed' | 'refused';
  /** The CloudEvent id of the rd.participation.joined.v1 the owner answers. */
  joinedEventId: string;
  requestedAt: string;
  reason?: RdParticipantRefusalReason;
  detail?: string;
  checkedAt?: string;
}

/** The answer as the owner sent it (either rd-participant-checked event's data). */
export interface ParticipantCheckAnswer {
  joinedEventId: string;
  outcome: 'confirmed' | 'refused';
  reason?: RdParticipantRefusalReason;
  detail?: string;
  occurredAt: string;
}

/** When a pending check counts as overdue, as of `now` (RD_PARTICIPANT_CHECK_HOURS). */
export interface CheckRule {
  now: Date;
  checkHours: number;
}

/**
 * Whether anybody waits for a participant's check: only on a row still taking part (a withdrawn one
 * takes no more work, whatever the owner answers) of a project still open (a closed project takes
 * none either, and an owner that never answers would otherwise keep the operators' alert firing for
 * good). The view and the gauge `rd_participant_checks_overdue` (ProjectsRepository's
 * `pendingChecksRequestedBy`, the same rule as a query) both follow it.
 */
export function checkAwaited(x: { withdrawal?: ParticipantWithdrawal }, project: { status: 'active' | 'closed' }): boolean {
  return project.status !== 'closed' && isActiveParticipation(x);
}

/**
 * How a participant's check shows: participations added before checks existed were never asked,
 * and say so; a pending one that is `awaited` (checkAwaited) says by when its answer is due
 * (`answerDueBy`, requestedAt + RD_PARTICIPANT_CHECK_HOURS) and whether that passed (`overdue`):
 * an owner that dead-lettered the joined event or is down never answers. A pending check nobody
 * waits for shows neither, as the alert leaves it out. A late answer still settles it.
 */
export type ParticipantCheckView =
  ParticipantCheck | (ParticipantCheck & { answerDueBy: string; overdue: boolean }) | { status: 'unchecked' };

export function participantCheckView(check: ParticipantCheck | undefined, rule: CheckRule, awaited: boolean): ParticipantCheckView {
  if (!check) return { status: 'unchecked' };
  if (check.status !== 'pending' || !awaited) return check;
  const due = checkDueBy(check.requestedAt, rule.checkHours);
  return { ...check, answerDueBy: due.toISOString(), overdue: due <= rule.now };
}

/** The instant a check requested at `requestedAt` is overdue from. */
export function checkDueBy(requestedAt: string, checkHours: number): Date {
  return new Date(Date.parse(requestedAt) + checkHours * 3_600_000);
}

/**
 * The check after an answer. An answer older than the one recorded changes nothing (answers
 * arrive in order on one partition, but a replay may bring an old one back); the same answer
 * again leaves it as it is. An owner may answer again later (a teacher registered after being
 * named), and the newer answer wins.
 */
export function checkAfter(current: ParticipantCheck | undefined, answer: ParticipantCheckAnswer, joinedAt: string): ParticipantCheck {
  if (current?.checkedAt && current.checkedAt > answer.occurredAt) return current;
  return {
    status: answer.outcome,
    joinedEventId: current?.joinedEventId ?? answer.joinedEventId,
    requestedAt: current?.requestedAt ?? joinedAt,
    ...(answer.outcome === 'refused' ? { reason: answer.reason, detail: answer.detail } : {}),
    checkedAt: answer.occurredAt,
  };
}

/**
 * Whether a participant counts in the project's head counts: not when the owner refused them (an
 * id of nobody, of another school's person, or of a person erased is not a person who took part),
 * nor when the school withdrew them as entered in error. Pending and unchecked participants
 * count, as before checks existed; so does one who left the project (they took part).
 */
export function countsAsParticipant(x: {
  check?: Pick<ParticipantCheck, 'status'>;
  withdrawal?: Pick<ParticipantWithdrawal, 'reason'>;
}): boolean {
  return x.check?.status !== 'refused' && !enteredInError(x);
}

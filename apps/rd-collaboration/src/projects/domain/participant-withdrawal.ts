import { Side } from './ledger';

/**
 * Why the school took a participant off a project: `entered-in-error` (the wrong id or the wrong
 * person: typically a participant the owning service refused, ADR 0082) or `left-project` (the
 * person took part and stopped).
 */
export const WITHDRAWAL_REASONS = ['entered-in-error', 'left-project'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/**
 * A withdrawn participation stays in the project's history (its hours, its check, its placement
 * proposal), flagged: when, why, and which side did it (a role, never a person: the access keys
 * are the school's or the enterprise's, not a named user's).
 */
export interface ParticipantWithdrawal {
  reason: WithdrawalReason;
  withdrawnAt: string;
  withdrawnBy: Side | 'operator';
}

/** Whether a participation still takes part: it logs hours and may be proposed for a placement. */
export function isActiveParticipation(x: { withdrawal?: ParticipantWithdrawal }): boolean {
  return x.withdrawal === undefined;
}

/**
 * Whether the row names nobody who took part: withdrawn as entered in error. It links no new
 * placement or secondment and is left out of head counts; a person who left the project did take
 * part, and still counts.
 */
export function enteredInError(x: { withdrawal?: Pick<ParticipantWithdrawal, 'reason'> }): boolean {
  return x.withdrawal?.reason === 'entered-in-error';
}

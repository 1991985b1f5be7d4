import { latestCalendarDay } from '@app/base';
import { Side } from './ledger';
import { ProjectRuleError } from './project-rules';

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

/**
 * Whether the row takes hours dated `date`. An active row does (inside the project period, checked
 * apart). A person who left worked until their withdrawal day, and schools log late: hours dated up
 * to that day are still logged and published, later ones are a 409 naming `date`. A row entered in
 * error named nobody who worked: no hours at all.
 *
 * The withdrawal day is the latest calendar day anywhere at `withdrawnAt` (UTC+14), not its UTC
 * date: schools have no time zone in this service, and a school east of UTC withdrawing a leaver in
 * its morning would otherwise have its own today counted as the day before, its hours for that day
 * refused. At worst a school far west of UTC+14 may log one day past its own withdrawal day.
 */
export function assertTakesHoursOn(x: { withdrawal?: ParticipantWithdrawal }, date: string): void {
  const withdrawal = x.withdrawal;
  if (!withdrawal) return;
  const { reason, withdrawnAt } = withdrawal;
  if (reason === 'entered-in-error') {
    throw new ProjectRuleError(409, 'participationId', `this participation was withdrawn (${reason}) on ${withdrawnAt}`);
  }
  const lastDay = latestCalendarDay(new Date(withdrawnAt));
  if (date > lastDay) {
    throw new ProjectRuleError(
      409,
      'date',
      `this participation was withdrawn (${reason}) on ${withdrawnAt}: it takes hours dated up to ${lastDay}, not ${date}`,
    );
  }
}

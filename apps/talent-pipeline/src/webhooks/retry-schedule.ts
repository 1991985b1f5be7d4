/**
 * When to try again after `failedAttempts` failures, or null when the schedule is exhausted
 * and the delivery is given up.
 */
export function nextAttemptAt(failedAttempts: number, scheduleMs: readonly number[], now: Date): Date | null {
  const delay = scheduleMs[failedAttempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}

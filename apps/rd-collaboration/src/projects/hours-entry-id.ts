import { uuidShapedIdOf } from '@app/base';

/** A stable UUID-shaped id from the key, so the secondment service deduplicates a retried entry too. */
export function entryIdFor(projectId: string, participationId: string, key: string): string {
  return uuidShapedIdOf(`${projectId}|${participationId}|${key}`);
}

/** What the erasure leaves of an hours entry's activity text (ADR 0041). */
export const ERASED_ACTIVITY = '';

/**
 * Whether a stored hours entry records this request (its id already matched the key). The entry is
 * the request's record (no fingerprint is stored): date, hours and activity must match. An erased
 * student's entry keeps date and hours but its activity is blanked (ADR 0041), the one way a stored
 * activity is empty (the request's is trimmed and at least one character), so a retry of such an
 * entry is compared on what the erasure left: date, hours and the key; the activity it sent cannot
 * be checked any more (ADR 0083, as a proposal whose fingerprint went with the erasure).
 */
export function isSameHoursRequest(
  stored: { date: string; hours: number; activity: string },
  request: { date: string; hours: number; activity: string },
): boolean {
  if (stored.date !== request.date || stored.hours !== request.hours) return false;
  return stored.activity === ERASED_ACTIVITY || stored.activity === request.activity;
}

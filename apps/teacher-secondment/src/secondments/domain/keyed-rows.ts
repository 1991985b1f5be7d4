import { idempotencyKeyReused, requestFingerprint } from '@app/base';

/**
 * Whether a request creating a row of a secondment (a practice log, a deliverable) under an
 * Idempotency-Key was done before (ADR 0093): true when the row with the key's id (`id`) records
 * this request, so there is nothing to write; a 422 when it records another request; false when no
 * row has the id (or no key was sent). The row is the request's record (no fingerprint is kept), so
 * `requestOf` picks what of a row the request sent. Asked before any rule: a retry is answered as
 * the first time even once the secondment has ended.
 */
export function isRetriedRow<Row>(
  rows: readonly Row[],
  id: string | undefined,
  spec: { idOf: (row: Row) => string; requestOf: (row: Row) => unknown; request: unknown; what: string },
): boolean {
  if (id === undefined) return false;
  const earlier = rows.find((row) => spec.idOf(row) === id);
  if (earlier === undefined) return false;
  if (requestFingerprint(spec.requestOf(earlier)) !== requestFingerprint(spec.request)) throw idempotencyKeyReused(spec.what);
  return true;
}

import { createHash } from 'node:crypto';
import { uuidV5 } from '../shared/uuid-v5';

/** Namespace of student ids derived from a caller's Idempotency-Key (a fixed random UUID). */
const IDEMPOTENT_STUDENT_NAMESPACE = '0c6f3a52-7d1e-4b9a-a4e8-2f5b9d71c3e0';

/**
 * The id a student registered with an Idempotency-Key gets: a UUID v5 of who registers (`scope`:
 * the operator, or one school) and the key. A retried POST lands on the same id, so it finds the
 * student its first attempt registered rather than registering a second one.
 */
export function studentIdForIdempotencyKey(scope: string, idempotencyKey: string): string {
  return uuidV5(IDEMPOTENT_STUDENT_NAMESPACE, `${scope}|${idempotencyKey}`);
}

/**
 * A digest of the registration request as validated (its fields in the schema's order), kept on
 * the student: a retry with the same key is told from another request with it even after the
 * student changed since.
 */
export function registrationDigestOf(request: object): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

import type { Participant } from './project.document';
import type { AddParticipant } from './project.schemas';

/**
 * Whether a stored participant row records this request (its id already matched the key, ADR
 * 0083). The row is the request's record (no fingerprint is stored): kind, personId, name and role
 * must match; what the row gained since (a check, a withdrawal, a placement or secondment) is not
 * the request's. A student's erasure pseudonymises the row's personId and blanks name and role (ADR
 * 0041), leaving of the request only its kind: a retry of an erased row is compared on the kind and
 * the key, which names the row, as an hours entry or a proposal whose fingerprint went with the
 * erasure. Comparing the person sent with the pseudonym would tie the erased person to the row again.
 */
export function isSameParticipantRequest(stored: Participant, request: AddParticipant): boolean {
  if (stored.kind !== request.kind) return false;
  if (stored.erased) return true;
  return stored.personId === request.personId && stored.name === request.name && stored.role === request.role;
}

import { idempotencyKeyReused } from '@app/base';

/**
 * What a document created under an Idempotency-Key (a post, a secondment, an engineer's teaching)
 * keeps to tell a retry from another request under the key (ADR 0093). Its id is derived from the
 * kind, the caller (`actorOf`: keys are each caller's own) and the key (`keyedDocument`).
 */
export interface IdempotentOrigin {
  /** The SHA-256 of the request's canonical JSON (`requestFingerprint`). The key itself is not kept: a client may put a person's number in it. */
  fingerprint: string;
}

/** The stored document answers a retry of the request that created it; the key sent with another request is a 422. */
export function replayOf<T extends { idempotency?: IdempotentOrigin }>(stored: T, fingerprint: string, what: string): T {
  if (stored.idempotency?.fingerprint !== fingerprint) throw idempotencyKeyReused(what);
  return stored;
}

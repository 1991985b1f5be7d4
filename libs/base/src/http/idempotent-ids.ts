import { createHash } from 'node:crypto';
import { idempotencyKeyReused } from './idempotency-key';

/**
 * The id of what a caller's request with an Idempotency-Key creates: a stable UUID-shaped id from
 * the kind of resource, where it is created (`scope`: a project, or '' for a top-level resource),
 * the caller and the key. A retry names the same id, so the store's unique `_id` (or the single
 * project document it is written to) lets only one of two racing requests create it.
 */
export function idempotentIdFor(kind: string, scope: string, caller: string, key: string): string {
  return uuidShapedIdOf(JSON.stringify([kind, scope, caller, key]));
}

/**
 * A stable UUID-shaped id (version nibble 5, variant a) from the SHA-256 of `name`: the one rule
 * behind every id this service derives instead of drawing (Idempotency-Keys, the R&D service's hours
 * entries and placement proposals, the teacher secondment service's rows). Ids already stored depend on it: it must not change.
 */
export function uuidShapedIdOf(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A document of its own created under an optional Idempotency-Key (a challenge, a proposal, a
 * project; ADR 0083): its id derived from the kind, the caller and the key, and what it keeps to
 * tell a retry from another request under the key. Undefined without a key.
 */
export function keyedDocument(
  kind: string,
  caller: string,
  key: string | undefined,
  request: unknown,
): { id: string; idempotency: { key: string; fingerprint: string } } | undefined {
  if (key === undefined) return undefined;
  return { id: idempotentIdFor(kind, '', caller, key), idempotency: { key, fingerprint: requestFingerprint(request) } };
}

/** A request's fingerprint: the SHA-256 of its canonical JSON (object keys sorted), telling a retry from another request under one key. */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a document created under an Idempotency-Key keeps to tell a retry from another request under
 * the key (ADR 0093, ADR 0094): the request's fingerprint (`requestFingerprint`). Services that keep
 * no key keep only this, since a client may put a person's number in the key.
 */
export interface IdempotentOrigin {
  fingerprint: string;
}

/** The stored document answers a retry of the request that created it; the key sent with another request is a 422 naming it. */
export function replayOf<T extends { idempotency?: IdempotentOrigin }>(stored: T, fingerprint: string, what: string): T {
  if (stored.idempotency?.fingerprint !== fingerprint) throw idempotencyKeyReused(what);
  return stored;
}

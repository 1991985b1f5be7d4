import { createHmac, hkdfSync } from 'node:crypto';
import { uuidOfHash, uuidV5 } from './uuid-v5';

/** What the ids of one kind of record are derived for: the HKDF label of their key, and the UUID v5 namespace without one. */
export interface IdempotentIdUse {
  /** Labels the key derived from SECRETS_ENCRYPTION_KEY for this kind alone. */
  label: string;
  /** Namespace of the ids derived without a secrets key (local runs): a fixed random UUID. */
  namespace: string;
}

/**
 * The ids a record created with an Idempotency-Key can have: a keyed hash of who creates it
 * (`scope`: the operator, or one school) and the key, so a retried POST lands on its first
 * attempt's id. Keyed (HMAC, key derived from SECRETS_ENCRYPTION_KEY for this use alone) because
 * keys are often the caller's own numbers for a person: an id anyone could compute from them would
 * tie an erased student's kept pseudonym, or their placements, back to them. Under each previous
 * key too, so a retry across a key rotation still finds its record. Without a secrets key (local
 * runs), a UUID v5 in the use's namespace.
 */
export class KeyedIdempotentIds {
  private readonly keys: readonly Buffer[];

  constructor(
    private readonly use: IdempotentIdUse,
    secretsKey?: Buffer,
    previousSecretsKeys: readonly Buffer[] = [],
  ) {
    this.keys = secretsKey ? [secretsKey, ...previousSecretsKeys].map((key) => idKeyOf(key, use.label)) : [];
  }

  /** The candidate ids, the current key's first: a new record takes that one. */
  candidates(scope: string, idempotencyKey: string): string[] {
    const name = `${scope}|${idempotencyKey}`;
    if (this.keys.length === 0) return [uuidV5(this.use.namespace, name)];
    return this.keys.map((key) => uuidOfHash(createHmac('sha256', key).update(name).digest(), 4));
  }
}

function idKeyOf(secretsKey: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), label, 32));
}

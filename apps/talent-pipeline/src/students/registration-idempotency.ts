import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { uuidV5 } from '../shared/uuid-v5';

/** Namespace of student ids derived from an Idempotency-Key without a secrets key (a fixed random UUID). */
const IDEMPOTENT_STUDENT_NAMESPACE = '0c6f3a52-7d1e-4b9a-a4e8-2f5b9d71c3e0';

/**
 * The ids a student registered with an Idempotency-Key can have: a keyed hash of who registers
 * (`scope`: the operator, or one school) and the key, so a retried POST lands on its first
 * attempt's id. Keyed (HMAC, key derived from SECRETS_ENCRYPTION_KEY for this use alone) because
 * keys are often the school's own student numbers: an id anyone could compute from the school and
 * the number would tie an erased student's kept pseudonym back to them. Under each previous key
 * too, so a retry across a key rotation still finds its student. Without a secrets key (local
 * runs), a UUID v5 in a fixed namespace.
 */
export class IdempotentStudentIds {
  private readonly keys: readonly Buffer[];

  constructor(secretsKey?: Buffer, previousSecretsKeys: readonly Buffer[] = []) {
    this.keys = secretsKey ? [secretsKey, ...previousSecretsKeys].map(idKeyOf) : [];
  }

  /** The candidate ids, the current key's first: a new student takes that one. */
  candidates(scope: string, idempotencyKey: string): string[] {
    const name = `${scope}|${idempotencyKey}`;
    if (this.keys.length === 0) return [uuidV5(IDEMPOTENT_STUDENT_NAMESPACE, name)];
    return this.keys.map((key) => uuidOf(createHmac('sha256', key).update(name).digest()));
  }
}

function idKeyOf(secretsKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'talent-pipeline idempotent student ids', 32));
}

/** A UUID (version 4 and variant bits set) from the first 16 bytes of a hash. */
function uuidOf(hash: Buffer): string {
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A digest of the registration request as validated (its fields in the schema's order; arrays in
 * the order sent), kept on the student: a retry with the same key is told from another request
 * with it even after the student changed since.
 */
export function registrationDigestOf(request: object): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { uuidOfHash, uuidV5 } from '../shared/uuid-v5';

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
    return this.keys.map((key) => uuidOfHash(createHmac('sha256', key).update(name).digest(), 4));
  }
}

function idKeyOf(secretsKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'talent-pipeline idempotent student ids', 32));
}

/**
 * A digest of the registration request as validated (its fields in the schema's order; arrays in
 * the order sent), kept on the student: a retry with the same key is told from another request
 * with it even after the student changed since.
 */
export function registrationDigestOf(request: object): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

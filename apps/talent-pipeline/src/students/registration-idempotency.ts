import { createHash } from 'node:crypto';
import { KeyedIdempotentIds } from '../shared/keyed-idempotent-ids';

/** Student ids derived from an Idempotency-Key (ADR 0092). Ids already stored depend on the label and namespace: they must not change. */
export class IdempotentStudentIds extends KeyedIdempotentIds {
  constructor(secretsKey?: Buffer, previousSecretsKeys: readonly Buffer[] = []) {
    super(
      { label: 'talent-pipeline idempotent student ids', namespace: '0c6f3a52-7d1e-4b9a-a4e8-2f5b9d71c3e0' },
      secretsKey,
      previousSecretsKeys,
    );
  }
}

/**
 * A digest of the registration request as validated (its fields in the schema's order; arrays in
 * the order sent), kept on the student: a retry with the same key is told from another request
 * with it even after the student changed since.
 */
export function registrationDigestOf(request: object): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

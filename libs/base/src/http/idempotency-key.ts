import { ApiHeader } from '@nestjs/swagger';
import { ProblemException } from './problem.exception';

/**
 * An `Idempotency-Key` header, as clients that retry POSTs send it: 1-200 visible ASCII
 * characters. Undefined when absent; a malformed one is a 400 naming the header.
 */
export function checkedIdempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ProblemException(400, 'invalid request', 'bad Idempotency-Key', [
      { field: 'Idempotency-Key', message: '1-200 visible ASCII characters' },
    ]);
  }
  return key;
}

/** The same key sent with a different request (`what` names the kind of resource it created). */
export function idempotencyKeyReused(what: string): ProblemException {
  return new ProblemException(422, 'idempotency key reused', 'this Idempotency-Key was already used with a different request', [
    { field: 'Idempotency-Key', message: `already used for another ${what}` },
  ]);
}

/** What a 422 says of an Idempotency-Key used before with another request (ADR 0083, ADR 0093). */
export const KEY_REUSED = 'The Idempotency-Key was already used by the caller with another request (`errors` names `Idempotency-Key`).';

/**
 * The optional Idempotency-Key of a creating POST (ADR 0083, ADR 0093): `what` says what a retry with the same
 * key does, `whose` whose keys are one key space. A malformed key is a 400, the key used before with
 * another request a 422; both name it.
 */
export const ApiIdempotencyKey = (what: string, whose = "A key is the caller's own (another partner's same key is another request).") =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      `${what} ${whose} 1-200 visible ASCII characters (else 400); the same key with another request is a 422. ` +
      'Both problems name `Idempotency-Key`.',
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
  });

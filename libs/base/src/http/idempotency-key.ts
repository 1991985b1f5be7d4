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

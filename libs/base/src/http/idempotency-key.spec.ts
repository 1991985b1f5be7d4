import { checkedIdempotencyKey, idempotencyKeyReused } from './idempotency-key';
import { ProblemException } from './problem.exception';

describe('Idempotency-Key', () => {
  const refusal = (key: string) => {
    try {
      checkedIdempotencyKey(key);
      return undefined;
    } catch (error) {
      const problem = error as ProblemException;
      return { status: problem.getStatus(), errors: problem.errors };
    }
  };

  it('takes an absent key and 1-200 visible ASCII characters as they are', () => {
    expect(checkedIdempotencyKey(undefined)).toBeUndefined();
    expect(checkedIdempotencyKey('a')).toBe('a');
    expect(checkedIdempotencyKey('erp-2026/05:04#1')).toBe('erp-2026/05:04#1');
    expect(checkedIdempotencyKey('~'.repeat(200))).toBe('~'.repeat(200));
  });

  it('refuses an empty, too long, spaced, control or non-ASCII key with 400 naming the header', () => {
    for (const key of ['', 'x'.repeat(201), 'has space', 'tab\tkey', 'line\n', 'ключ', 'café']) {
      expect(refusal(key)).toEqual({ status: 400, errors: [{ field: 'Idempotency-Key', message: '1-200 visible ASCII characters' }] });
    }
  });

  it('answers a key reused for another request with 422 naming the header and the kind of resource', () => {
    const problem = idempotencyKeyReused('requisition');
    expect(problem.getStatus()).toBe(422);
    expect(problem.title).toBe('idempotency key reused');
    expect(problem.errors).toEqual([{ field: 'Idempotency-Key', message: 'already used for another requisition' }]);
  });
});

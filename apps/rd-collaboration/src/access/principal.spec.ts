import { idempotencyCallerOf } from './principal';

describe('the caller an Idempotency-Key belongs to (ADR 0083)', () => {
  it('keeps each caller its own keys', () => {
    expect(idempotencyCallerOf({ role: 'enterprise', enterpriseId: 'e1' })).toBe('enterprise:e1');
    expect(idempotencyCallerOf({ role: 'school', schoolId: 'e1' })).toBe('school:e1');
    expect(idempotencyCallerOf({ role: 'operator', caller: { via: 'operator-key', operatorId: 'ops-1', permissions: [] } })).toBe(
      'operator:ops-1',
    );
    expect(idempotencyCallerOf({ role: 'operator', caller: { via: 'shared-token', operatorKeysConfigured: false, permissions: [] } })).toBe(
      'operator',
    );
  });
});

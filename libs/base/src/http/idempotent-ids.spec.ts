import { idempotentIdFor, requestFingerprint } from './idempotent-ids';

describe('idempotency of creating POSTs (ADR 0083)', () => {
  it('derives one UUID-shaped id per kind, scope, caller and key', () => {
    const id = idempotentIdFor('outcome', 'p1', 'school:s1', 'k');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotentIdFor('outcome', 'p1', 'school:s1', 'k')).toBe(id);
    // Stored resources carry ids derived so: the derivation never changes.
    expect(id).toBe('a08b910c-c580-5ac5-a376-d30ba2875d54');
    for (const other of [
      idempotentIdFor('contribution', 'p1', 'school:s1', 'k'),
      idempotentIdFor('outcome', 'p2', 'school:s1', 'k'),
      idempotentIdFor('outcome', 'p1', 'enterprise:s1', 'k'),
      idempotentIdFor('outcome', 'p1', 'school:s1', 'k2'),
      // No separator games: the parts stay apart.
      idempotentIdFor('outcome', 'p1|school:s1', '', 'k'),
    ]) {
      expect(other).not.toBe(id);
    }
  });

  it('fingerprints a request by its content, not its key order', () => {
    const a = requestFingerprint({ kind: 'product', title: 'T', product: { name: 'N', novelty: 'new' }, at: new Date(0) });
    expect(requestFingerprint({ at: new Date(0), product: { novelty: 'new', name: 'N' }, title: 'T', kind: 'product', x: undefined })).toBe(
      a,
    );
    expect(requestFingerprint({ kind: 'product', title: 'T2', product: { name: 'N', novelty: 'new' }, at: new Date(0) })).not.toBe(a);
    expect(requestFingerprint([1, 2])).not.toBe(requestFingerprint([2, 1]));
  });
});

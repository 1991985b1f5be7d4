import { operatorAccessOf } from './operator-headers';

describe('operator access headers', () => {
  it('takes both headers (case-insensitive names arrive lower-cased)', () => {
    expect(operatorAccessOf({ 'x-operator-id': 'ops:alice', 'x-access-reason': 'ticket 42' })).toEqual({
      operatorId: 'ops:alice',
      reason: 'ticket 42',
      authenticated: false,
    });
  });

  it("an operator key's holder is who the key says, with or without the header; the reason is still required", () => {
    const key = { via: 'operator-key' as const, operatorId: 'alice', permissions: [] };
    expect(operatorAccessOf({ 'x-access-reason': 'ticket 42' }, key)).toEqual({
      operatorId: 'alice',
      reason: 'ticket 42',
      authenticated: true,
    });
    expect(operatorAccessOf({ 'x-operator-id': 'alice' }, key)).toEqual([expect.objectContaining({ field: 'X-Access-Reason' })]);
    const shared = { via: 'shared-token' as const, operatorKeysConfigured: false, permissions: [] };
    expect(operatorAccessOf({ 'x-operator-id': 'carol', 'x-access-reason': 'ticket 42' }, shared)).toEqual({
      operatorId: 'carol',
      reason: 'ticket 42',
      authenticated: false,
    });
  });

  it('names each missing or bad header', () => {
    expect(operatorAccessOf({})).toEqual([
      expect.objectContaining({ field: 'X-Operator-Id' }),
      expect.objectContaining({ field: 'X-Access-Reason' }),
    ]);
    expect(operatorAccessOf({ 'x-operator-id': 'alice', 'x-access-reason': '  ' })).toEqual([
      expect.objectContaining({ field: 'X-Access-Reason' }),
    ]);
    expect(operatorAccessOf({ 'x-operator-id': 'two words', 'x-access-reason': 'x'.repeat(501) })).toEqual([
      { field: 'X-Operator-Id', message: '1-200 visible ASCII characters' },
      { field: 'X-Access-Reason', message: 'at most 500 characters' },
    ]);
  });
});

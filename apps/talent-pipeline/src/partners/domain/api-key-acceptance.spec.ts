import { isApiKeyAccepted } from './api-key-acceptance';

describe('isApiKeyAccepted', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const later = new Date('2026-12-04T12:00:00Z');
  const earlier = new Date('2026-12-02T12:00:00Z');

  it('accepts the current key, unless it has expired', () => {
    expect(isApiKeyAccepted({ apiKeyHash: 'a' }, 'a', now)).toBe(true);
    expect(isApiKeyAccepted({ apiKeyHash: 'a', apiKeyExpiresAt: later }, 'a', now)).toBe(true);
    expect(isApiKeyAccepted({ apiKeyHash: 'a', apiKeyExpiresAt: earlier }, 'a', now)).toBe(false);
  });

  it('accepts the previous key only within its overlap', () => {
    expect(isApiKeyAccepted({ apiKeyHash: 'b', previousApiKey: { hash: 'a', expiresAt: later } }, 'a', now)).toBe(true);
    expect(isApiKeyAccepted({ apiKeyHash: 'b', previousApiKey: { hash: 'a', expiresAt: earlier } }, 'a', now)).toBe(false);
  });

  it('accepts no other key', () => {
    expect(isApiKeyAccepted({ apiKeyHash: 'b', previousApiKey: { hash: 'a', expiresAt: later } }, 'c', now)).toBe(false);
  });
});

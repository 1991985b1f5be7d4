import { isApiKeyAccepted, replacedKeyAcceptedUntil } from './api-key-acceptance';

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

describe('replacedKeyAcceptedUntil', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const overlapEnd = new Date('2026-12-04T12:00:00Z');

  it('keeps the replaced key for the overlap, but never past its own expiry', () => {
    expect(replacedKeyAcceptedUntil({}, overlapEnd, now)).toEqual(overlapEnd);
    expect(replacedKeyAcceptedUntil({ apiKeyExpiresAt: new Date('2026-12-05T12:00:00Z') }, overlapEnd, now)).toEqual(overlapEnd);
    const soon = new Date('2026-12-03T13:00:00Z');
    expect(replacedKeyAcceptedUntil({ apiKeyExpiresAt: soon }, overlapEnd, now)).toEqual(soon);
  });

  it('gives no grace to an expired or revoked key, nor without an overlap', () => {
    expect(replacedKeyAcceptedUntil({ apiKeyExpiresAt: new Date('2026-12-03T11:59:59Z') }, overlapEnd, now)).toBeUndefined();
    expect(replacedKeyAcceptedUntil({ apiKeyExpiresAt: now }, overlapEnd, now)).toBeUndefined();
    expect(replacedKeyAcceptedUntil({ apiKeyRevokedAt: new Date('2026-12-01T00:00:00Z') }, overlapEnd, now)).toBeUndefined();
    expect(replacedKeyAcceptedUntil({}, now, now)).toBeUndefined();
  });
});

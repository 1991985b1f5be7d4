import { consentInForce, ConsentRecord, findConsentInForce } from './consent-in-force';

describe('consentInForce', () => {
  const enterprise = 'ent-1';
  const grantedAt = new Date('2026-03-01T10:00:00Z');
  const now = new Date('2026-04-01T10:00:00Z');
  const granted: ConsentRecord = { enterpriseId: enterprise, purpose: 'matching', grantedAt };

  it('is in force once granted, for that enterprise and purpose', () => {
    expect(consentInForce([granted], enterprise, 'matching', now)).toBe(true);
    expect(consentInForce([granted], enterprise, 'matching', grantedAt)).toBe(true);
  });

  it('is not in force before it was granted', () => {
    expect(consentInForce([granted], enterprise, 'matching', new Date('2026-02-28T00:00:00Z'))).toBe(false);
  });

  it('is not in force without any consent', () => {
    expect(consentInForce([], enterprise, 'matching', now)).toBe(false);
  });

  it('stops at withdrawal, and still covers the time before it', () => {
    const withdrawn = { ...granted, withdrawnAt: new Date('2026-03-15T00:00:00Z') };
    expect(consentInForce([withdrawn], enterprise, 'matching', now)).toBe(false);
    expect(consentInForce([withdrawn], enterprise, 'matching', withdrawn.withdrawnAt)).toBe(false);
    expect(consentInForce([withdrawn], enterprise, 'matching', new Date('2026-03-10T00:00:00Z'))).toBe(true);
  });

  it('stops at expiry', () => {
    const expiring = { ...granted, expiresAt: new Date('2026-03-31T00:00:00Z') };
    expect(consentInForce([expiring], enterprise, 'matching', now)).toBe(false);
    expect(consentInForce([expiring], enterprise, 'matching', expiring.expiresAt)).toBe(false);
    expect(consentInForce([expiring], enterprise, 'matching', new Date('2026-03-30T23:59:59Z'))).toBe(true);
  });

  it('does not carry over to another enterprise', () => {
    expect(consentInForce([granted], 'ent-2', 'matching', now)).toBe(false);
  });

  it('does not carry over to another purpose', () => {
    expect(consentInForce([granted], enterprise, 'data-sharing-with-enterprise', now)).toBe(false);
    expect(consentInForce([granted], enterprise, 'placement', now)).toBe(false);
  });

  it('is in force when a later grant follows a withdrawn one', () => {
    const withdrawn = { ...granted, withdrawnAt: new Date('2026-03-15T00:00:00Z') };
    const regranted = { ...granted, grantedAt: new Date('2026-03-20T00:00:00Z') };
    expect(consentInForce([withdrawn, regranted], enterprise, 'matching', now)).toBe(true);
    expect(findConsentInForce([withdrawn, regranted], enterprise, 'matching', now)).toBe(regranted);
  });
});

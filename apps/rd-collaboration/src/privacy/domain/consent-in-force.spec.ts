import { consentInForce } from './consent-in-force';

describe('consentInForce', () => {
  const now = new Date('2026-12-01T08:00:00Z');

  it('is in force once granted, until withdrawn or expired', () => {
    expect(consentInForce({ grantedAt: '2026-11-01T08:00:00Z' }, now)).toBe(true);
    expect(consentInForce({ grantedAt: '2026-12-02T08:00:00Z' }, now)).toBe(false);
    expect(consentInForce({ grantedAt: '2026-11-01T08:00:00Z', withdrawnAt: '2026-11-30T08:00:00Z' }, now)).toBe(false);
    expect(consentInForce({ grantedAt: '2026-11-01T08:00:00Z', withdrawnAt: '2026-12-05T08:00:00Z' }, now)).toBe(true);
    expect(consentInForce({ grantedAt: '2026-11-01T08:00:00Z', expiresAt: '2026-12-01T08:00:00Z' }, now)).toBe(false);
    expect(consentInForce({ grantedAt: '2026-11-01T08:00:00Z', expiresAt: '2027-01-01T00:00:00.000Z' }, now)).toBe(true);
  });

  it('compares instants, whatever the precision of the timestamps', () => {
    expect(consentInForce({ grantedAt: '2026-12-01T08:00:00.000Z', withdrawnAt: '2026-12-01T08:00:00.001Z' }, now)).toBe(true);
  });
});

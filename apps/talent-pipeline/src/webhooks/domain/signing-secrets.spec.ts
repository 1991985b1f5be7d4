import { rotatedSecrets, signingSecretsOf } from './signing-secrets';

const now = new Date('2026-09-01T08:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('signingSecretsOf', () => {
  it('signs with the current secret only when there was no rotation', () => {
    expect(signingSecretsOf({ secret: 'new' }, now)).toEqual(['new']);
  });

  it('signs with both secrets during the grace period, the old one first', () => {
    expect(signingSecretsOf({ secret: 'new', previousSecret: { secret: 'old', expiresAt: later(1) } }, now)).toEqual(['old', 'new']);
  });

  it('drops the old secret once the grace period is over', () => {
    const subscription = { secret: 'new', previousSecret: { secret: 'old', expiresAt: now } };
    expect(signingSecretsOf(subscription, now)).toEqual(['new']);
    expect(signingSecretsOf(subscription, later(1000))).toEqual(['new']);
  });
});

describe('rotatedSecrets', () => {
  it('keeps the replaced secret for the grace period', () => {
    expect(rotatedSecrets({ secret: 'a' }, 'b', 60_000, now)).toEqual({
      secret: 'b',
      previousSecret: { secret: 'a', expiresAt: later(60_000) },
    });
  });

  it('rotating again during the grace period keeps only the two newest secrets', () => {
    const once = rotatedSecrets({ secret: 'a' }, 'b', 60_000, now);
    const twice = rotatedSecrets(once, 'c', 60_000, later(1000));
    expect(signingSecretsOf(twice, later(2000))).toEqual(['b', 'c']);
  });

  it('with no grace period the old secret stops signing at once', () => {
    const rotated = rotatedSecrets({ secret: 'a' }, 'b', 0, now);
    expect(signingSecretsOf(rotated, now)).toEqual(['b']);
  });
});

import { randomBytes } from 'node:crypto';
import { SecretBox, UnreadableSecretError } from './secret-box';

describe('SecretBox', () => {
  const key = randomBytes(32);
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('seals to a value that does not contain the secret and opens it again', () => {
    const box = new SecretBox(key);
    const sealed = box.seal(secret);
    expect(sealed).toMatch(/^sbx1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.open(sealed)).toBe(secret);
  });

  it('uses a fresh IV each time, so equal secrets do not look equal', () => {
    const box = new SecretBox(key);
    expect(box.seal(secret)).not.toBe(box.seal(secret));
  });

  it('refuses a tampered value and a value sealed with another key', () => {
    const sealed = new SecretBox(key).seal(secret);
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    expect(() => new SecretBox(key).open([...parts.slice(0, 3), flipped.toString('base64url')].join(':'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it('without a key stores as given, and reads values stored before a key was set', () => {
    expect(new SecretBox().seal(secret)).toBe(secret);
    expect(new SecretBox(key).open(secret)).toBe(secret);
    expect(() => new SecretBox().open(new SecretBox(key).seal(secret))).toThrow(/SECRETS_ENCRYPTION_KEY/);
  });

  it('insists on a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });

  describe('after a rotation of the key (ADR 0018, addendum)', () => {
    const previous = randomBytes(32);
    const older = randomBytes(32);
    const rotated = new SecretBox(key, [previous, older]);

    it('opens what the current key or any previous key sealed, and seals with the current key only', () => {
      expect(rotated.open(new SecretBox(previous).seal(secret))).toBe(secret);
      expect(rotated.open(new SecretBox(older).seal(secret))).toBe(secret);
      expect(rotated.open(rotated.seal(secret))).toBe(secret);
      expect(new SecretBox(key).open(rotated.seal(secret))).toBe(secret);
      expect(() => new SecretBox(previous).open(rotated.seal(secret))).toThrow(UnreadableSecretError);
    });

    it('says what a reseal would change, and reseals onto the current key', () => {
      const underPrevious = new SecretBox(previous).seal(secret);
      expect(rotated.needsReseal(underPrevious)).toBe(true);
      expect(rotated.needsReseal(secret)).toBe(true); // stored before encryption was on
      expect(rotated.needsReseal(rotated.seal(secret))).toBe(false);
      const resealed = rotated.reseal(underPrevious);
      expect(new SecretBox(key).open(resealed)).toBe(secret);
      expect(new SecretBox(key).open(rotated.reseal(secret))).toBe(secret);
      expect(new SecretBox().needsReseal(secret)).toBe(false);
    });

    it('refuses a value no key of it opens, naming both settings, and previous keys without a current one', () => {
      const elsewhere = new SecretBox(randomBytes(32)).seal(secret);
      expect(() => rotated.open(elsewhere)).toThrow(/SECRETS_ENCRYPTION_KEY nor any of SECRETS_ENCRYPTION_PREVIOUS_KEYS/);
      expect(() => rotated.reseal(elsewhere)).toThrow(UnreadableSecretError);
      expect(rotated.openIfReadable(elsewhere)).toBeUndefined();
      expect(rotated.openIfReadable(new SecretBox(previous).seal(secret))).toBe(secret);
      expect(() => new SecretBox(undefined, [previous])).toThrow(/without SECRETS_ENCRYPTION_KEY/);
      expect(() => new SecretBox(key, [randomBytes(16)])).toThrow(/32 bytes/);
    });
  });
});

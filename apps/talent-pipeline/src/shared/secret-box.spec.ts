import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

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
});

import { randomBytes } from 'node:crypto';
import { GcmKeyRing } from './key-ring';

describe('GcmKeyRing', () => {
  const [current, previous, other] = [randomBytes(32), randomBytes(32), randomBytes(32)];

  it('seals with the current key and opens with whichever key of the ring sealed the value', () => {
    const ring = new GcmKeyRing(current, [previous]);
    const sealed = ring.seal('whsec_secret');
    expect(sealed.ciphertext.toString('utf8')).not.toContain('secret');
    expect(ring.open(sealed)).toBe('whsec_secret');
    expect(new GcmKeyRing(current).open(sealed)).toBe('whsec_secret');
    expect(ring.opensWithCurrent(sealed)).toBe(true);

    const underPrevious = new GcmKeyRing(previous).seal('old');
    expect(ring.open(underPrevious)).toBe('old');
    expect(ring.opensWithCurrent(underPrevious)).toBe(false);
  });

  it('opens nothing sealed under another key, or altered', () => {
    const ring = new GcmKeyRing(current, [previous]);
    expect(ring.open(new GcmKeyRing(other).seal('x'))).toBeUndefined();
    const sealed = ring.seal('value');
    sealed.ciphertext[0] ^= 1;
    expect(ring.open(sealed)).toBeUndefined();
    expect(ring.open({ iv: Buffer.alloc(0), tag: Buffer.alloc(0), ciphertext: Buffer.alloc(0) })).toBeUndefined();
    // A tag cut short (GCM would check only its first bytes) opens nothing.
    const whole = ring.seal('value');
    expect(ring.open({ ...whole, tag: whole.tag.subarray(0, 12) })).toBeUndefined();
    expect(ring.open(whole)).toBe('value');
  });

  it('names its setting when a key is not 32 bytes, previous keys come alone, or there is nothing to seal with', () => {
    expect(() => new GcmKeyRing(randomBytes(16), [], 'THE_KEY')).toThrow(/THE_KEY must be 32 bytes/);
    expect(() => new GcmKeyRing(current, [randomBytes(31)], 'THE_KEY')).toThrow(/32 bytes/);
    expect(() => new GcmKeyRing(undefined, [previous], 'THE_KEY')).toThrow(/without THE_KEY/);
    expect(() => new GcmKeyRing(undefined, [], 'THE_KEY').seal('x')).toThrow(/THE_KEY is not set/);
    expect(new GcmKeyRing(undefined).open(new GcmKeyRing(current).seal('x'))).toBeUndefined();
  });
});

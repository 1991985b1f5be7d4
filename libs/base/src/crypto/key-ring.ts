import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What AES-256-GCM made of one value: the IV, the authentication tag and the ciphertext. */
export interface GcmSealed {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

const IV_BYTES = 12;

/**
 * A current key and the keys it replaced, for values encrypted at rest with AES-256-GCM: seals
 * with the current key, opens with whichever key sealed the value. GCM's tag tells them apart: a
 * wrong key fails the tag, it never opens a value to garbage, so trying each in turn is safe (and
 * cheap with the handful a rotation leaves). Both services' secret boxes sit on it (ADR 0018,
 * addendum): their stored formats differ, their keys rotate the same way.
 */
export class GcmKeyRing {
  private readonly keys: readonly Buffer[];

  /** Throws naming `keyName` when a key is not 32 bytes, or previous keys come without a current one. */
  constructor(
    readonly current: Buffer | undefined,
    previous: readonly Buffer[] = [],
    private readonly keyName = 'the encryption key',
  ) {
    for (const key of [...(current ? [current] : []), ...previous])
      if (key.length !== 32) throw new Error(`${keyName} must be 32 bytes (and so must each previous key)`);
    if (!current && previous.length) throw new Error(`previous keys were given without ${keyName}`);
    this.keys = current ? [current, ...previous] : [];
  }

  /** Sealed with the current key; the caller checks there is one. */
  seal(plaintext: string): GcmSealed {
    if (!this.current) throw new Error(`nothing to seal with: ${this.keyName} is not set`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), ciphertext };
  }

  /** The plaintext, or undefined when no key of the ring opens it (another key, or altered). */
  open(sealed: GcmSealed): string | undefined {
    for (const key of this.keys) {
      const plaintext = openWith(key, sealed);
      if (plaintext !== undefined) return plaintext;
    }
    return undefined;
  }

  /** Whether the current key opens it: false means a reseal would move it onto the current key. */
  opensWithCurrent(sealed: GcmSealed): boolean {
    return this.current !== undefined && openWith(this.current, sealed) !== undefined;
  }
}

function openWith(key: Buffer, { iv, tag, ciphertext }: GcmSealed): string | undefined {
  try {
    // Only a whole 16-byte tag: a truncated one would be easier to forge.
    if (tag.length !== 16) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

import { GcmKeyRing } from '@app/base';

export interface SealedText {
  alg: 'A256GCM' | 'none';
  iv?: string;
  tag?: string;
  data: string;
}

/**
 * Encrypts the private signing keys at rest with AES-256-GCM under
 * CREDENTIAL_KEY_ENCRYPTION_KEY. Without that key the text is stored as it is (`alg: none`),
 * a shortcut for local demos that ADR 0026 names. The key rotates (ADR 0026, addendum): the
 * keys it replaced (CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS) still open what they sealed, and
 * `reseal` moves a value onto the current key.
 */
export class KeyBox {
  private readonly ring: GcmKeyRing;

  constructor(base64Key?: string, previousKeys: readonly Buffer[] = []) {
    this.ring = new GcmKeyRing(base64Key ? Buffer.from(base64Key, 'base64') : undefined, previousKeys, 'CREDENTIAL_KEY_ENCRYPTION_KEY');
  }

  seal(plain: string): SealedText {
    if (!this.ring.current) return { alg: 'none', data: plain };
    const { iv, tag, ciphertext } = this.ring.seal(plain);
    return { alg: 'A256GCM', iv: iv.toString('base64'), tag: tag.toString('base64'), data: ciphertext.toString('base64') };
  }

  open(sealed: SealedText): string {
    if (sealed.alg === 'none') return sealed.data;
    if (!this.ring.current) throw new Error('a signing key is encrypted but CREDENTIAL_KEY_ENCRYPTION_KEY is not set');
    const plain = this.ring.open(gcmOf(sealed));
    if (plain === undefined)
      throw new Error(
        'a signing key opens with neither CREDENTIAL_KEY_ENCRYPTION_KEY nor any of CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS (or it was altered)',
      );
    return plain;
  }

  /** Whether `reseal` would change it: sealed under a previous key, or stored in clear while this box has a key. */
  needsReseal(sealed: SealedText): boolean {
    if (!this.ring.current) return false;
    return sealed.alg === 'none' || !this.ring.opensWithCurrent(gcmOf(sealed));
  }

  /** The text sealed under the current key (throws as `open`). */
  reseal(sealed: SealedText): SealedText {
    return this.seal(this.open(sealed));
  }
}

function gcmOf(sealed: SealedText) {
  const decode = (part?: string) => Buffer.from(part ?? '', 'base64');
  return { iv: decode(sealed.iv), tag: decode(sealed.tag), ciphertext: decode(sealed.data) };
}

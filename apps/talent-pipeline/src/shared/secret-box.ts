import { GcmKeyRing } from '@app/base';

const PREFIX = 'sbx1';

/** A value sealed under a key this box does not hold (neither the current key nor a previous one). */
export class UnreadableSecretError extends Error {}

/**
 * Encrypts the signing secrets the talent pipeline must keep readable (an HMAC needs the
 * secret itself, so hashing is not an option): ERP signing secrets and webhook subscription
 * secrets. AES-256-GCM with a random IV per value, stored as `sbx1:<iv>:<tag>:<ciphertext>`
 * (base64url), so a copy of the database alone does not let anyone forge ERP hires or school
 * webhooks. Without a key, values are stored as given; values stored before a key was set are
 * still read as they are, so encryption can be switched on without a migration.
 *
 * The key rotates (ADR 0018, addendum): values are sealed with the current key and opened with it
 * or any of the previous keys (`GcmKeyRing`), and `reseal` moves a value onto the current key, so a
 * previous key can be dropped once no value needs it.
 */
export class SecretBox {
  private readonly ring: GcmKeyRing;

  constructor(key?: Buffer, previousKeys: readonly Buffer[] = []) {
    this.ring = new GcmKeyRing(key, previousKeys, 'SECRETS_ENCRYPTION_KEY');
  }

  get encrypts(): boolean {
    return this.ring.current !== undefined;
  }

  seal(plaintext: string): string {
    if (!this.encrypts) return plaintext;
    const { iv, tag, ciphertext } = this.ring.seal(plaintext);
    return [PREFIX, iv, tag, ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join(':');
  }

  /** The secret; throws UnreadableSecretError when no key this box holds opens it (or it was altered). */
  open(stored: string): string {
    if (!isSealed(stored)) return stored;
    if (!this.encrypts) throw new UnreadableSecretError('an encrypted secret was found but SECRETS_ENCRYPTION_KEY is not set');
    const plaintext = this.ring.open(parse(stored));
    if (plaintext === undefined)
      throw new UnreadableSecretError(
        'an encrypted secret opens with neither SECRETS_ENCRYPTION_KEY nor any of SECRETS_ENCRYPTION_PREVIOUS_KEYS (or it was altered)',
      );
    return plaintext;
  }

  /**
   * The secret, or undefined when no key this box holds opens it: for a rotation's previous
   * secret, which must not stop the current one from working when its key was lost.
   */
  openIfReadable(stored: string): string | undefined {
    try {
      return this.open(stored);
    } catch (error) {
      if (error instanceof UnreadableSecretError) return undefined;
      throw error;
    }
  }

  /**
   * Whether `reseal` would change the stored value: it is sealed under a previous key, or stored
   * as given (from before encryption was switched on), while this box has a key.
   */
  needsReseal(stored: string): boolean {
    if (!this.encrypts) return false;
    return !isSealed(stored) || !this.ring.opensWithCurrent(parse(stored));
  }

  /** The value sealed under the current key (throws UnreadableSecretError as `open`). */
  reseal(stored: string): string {
    return this.seal(this.open(stored));
  }
}

function isSealed(stored: string): boolean {
  return stored.startsWith(`${PREFIX}:`);
}

function parse(stored: string) {
  const [, iv, tag, ciphertext] = stored.split(':').map((part) => Buffer.from(part ?? '', 'base64url'));
  return { iv, tag, ciphertext };
}

export const SECRET_BOX = Symbol('SECRET_BOX');

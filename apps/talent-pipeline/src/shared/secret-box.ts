import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sbx1';
const IV_BYTES = 12;

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
 * or any of the previous keys, and `reseal` moves a value onto the current key, so a previous key
 * can be dropped once no value needs it. GCM's tag tells which key a value was sealed with: a
 * wrong key never opens it.
 */
export class SecretBox {
  private readonly keys: readonly Buffer[];

  constructor(
    private readonly key?: Buffer,
    previousKeys: readonly Buffer[] = [],
  ) {
    for (const k of [...(key ? [key] : []), ...previousKeys]) if (k.length !== 32) throw new Error('the secret box key must be 32 bytes');
    if (!key && previousKeys.length) throw new Error('previous secret keys were given without SECRETS_ENCRYPTION_KEY');
    this.keys = key ? [key, ...previousKeys] : [];
  }

  get encrypts(): boolean {
    return this.key !== undefined;
  }

  seal(plaintext: string): string {
    if (!this.key) return plaintext;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [PREFIX, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join(':');
  }

  /** The secret; throws UnreadableSecretError when no key this box holds opens it (or it was altered). */
  open(stored: string): string {
    if (!isSealed(stored)) return stored;
    if (!this.key) throw new UnreadableSecretError('an encrypted secret was found but SECRETS_ENCRYPTION_KEY is not set');
    for (const key of this.keys) {
      const plaintext = openWith(key, stored);
      if (plaintext !== undefined) return plaintext;
    }
    throw new UnreadableSecretError(
      'an encrypted secret opens with neither SECRETS_ENCRYPTION_KEY nor any of SECRETS_ENCRYPTION_PREVIOUS_KEYS (or it was altered)',
    );
  }

  /**
   * Whether `reseal` would change the stored value: it is sealed under a previous key, or stored
   * as given (from before encryption was switched on), while this box has a key.
   */
  needsReseal(stored: string): boolean {
    if (!this.key) return false;
    return !isSealed(stored) || openWith(this.key, stored) === undefined;
  }

  /** The value sealed under the current key (throws UnreadableSecretError as `open`). */
  reseal(stored: string): string {
    return this.seal(this.open(stored));
  }
}

function isSealed(stored: string): boolean {
  return stored.startsWith(`${PREFIX}:`);
}

/** The plaintext, or undefined when `key` is not the key the value was sealed with (or it was altered). */
function openWith(key: Buffer, stored: string): string | undefined {
  const [, iv, tag, ciphertext] = stored.split(':').map((part) => Buffer.from(part, 'base64url'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

export const SECRET_BOX = Symbol('SECRET_BOX');

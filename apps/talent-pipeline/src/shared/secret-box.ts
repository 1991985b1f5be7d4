import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sbx1';
const IV_BYTES = 12;

/**
 * Encrypts the signing secrets the talent pipeline must keep readable (an HMAC needs the
 * secret itself, so hashing is not an option): ERP signing secrets and webhook subscription
 * secrets. AES-256-GCM with a random IV per value, stored as `sbx1:<iv>:<tag>:<ciphertext>`
 * (base64url), so a copy of the database alone does not let anyone forge ERP hires or school
 * webhooks. Without a key, values are stored as given; values stored before a key was set are
 * still read as they are, so encryption can be switched on without a migration.
 */
export class SecretBox {
  constructor(private readonly key?: Buffer) {
    if (key && key.length !== 32) throw new Error('the secret box key must be 32 bytes');
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

  open(stored: string): string {
    if (!stored.startsWith(`${PREFIX}:`)) return stored;
    if (!this.key) throw new Error('an encrypted secret was found but SECRETS_ENCRYPTION_KEY is not set');
    const [, iv, tag, ciphertext] = stored.split(':').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    // Throws if the value was altered or sealed with another key.
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  }
}

export const SECRET_BOX = Symbol('SECRET_BOX');

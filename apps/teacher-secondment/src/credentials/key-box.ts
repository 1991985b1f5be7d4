import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedText {
  alg: 'A256GCM' | 'none';
  iv?: string;
  tag?: string;
  data: string;
}

/**
 * Encrypts the private signing keys at rest with AES-256-GCM under
 * CREDENTIAL_KEY_ENCRYPTION_KEY. Without that key the text is stored as it is (`alg: none`),
 * a shortcut for local demos that ADR 0026 names.
 */
export class KeyBox {
  private readonly key?: Buffer;

  constructor(base64Key?: string) {
    this.key = base64Key ? Buffer.from(base64Key, 'base64') : undefined;
  }

  seal(plain: string): SealedText {
    if (!this.key) return { alg: 'none', data: plain };
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { alg: 'A256GCM', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  open(sealed: SealedText): string {
    if (sealed.alg === 'none') return sealed.data;
    if (!this.key) throw new Error('a signing key is encrypted but CREDENTIAL_KEY_ENCRYPTION_KEY is not set');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv!, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag!, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }
}

import { createHash, randomBytes } from 'node:crypto';

/** An opaque API key, `<prefix>_<32 base64url chars>`; only its hash is stored. */
export function newApiKey(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** What is stored of an API key and looked up on each request. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/**
 * Whether a key's recorded last use is missing or older than a minute, so recording this use is
 * worth a write (decided from the key already read: most requests write nothing).
 */
export function lastUseIsStale(lastUsedAt: Date | undefined, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= 60_000;
}

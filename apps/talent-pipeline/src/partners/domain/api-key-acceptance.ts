/** The credential fields a school or an enterprise carries besides its current key's hash. */
export interface ApiKeyState {
  apiKeyHash: string;
  /** When the current key stops being accepted (absent: it does not expire). */
  apiKeyExpiresAt?: Date;
  /** The key the last rotation replaced, accepted until `expiresAt` so clients can switch over. */
  previousApiKey?: { hash: string; expiresAt: Date };
}

/**
 * Whether a presented key (by its hash) is accepted now: the current key unless expired, or the
 * previous one within its overlap. (A revocation replaces the hash by one of a discarded key.)
 */
export function isApiKeyAccepted(state: ApiKeyState, presentedHash: string, now: Date): boolean {
  if (state.apiKeyHash === presentedHash) return !state.apiKeyExpiresAt || state.apiKeyExpiresAt > now;
  return state.previousApiKey?.hash === presentedHash && state.previousApiKey.expiresAt > now;
}

/**
 * Until when a rotation keeps accepting the key it replaces: the overlap's end, but never past that
 * key's own expiry, so a rotation cannot revive an expired key. Undefined when it gets no grace: no
 * overlap, already expired, or revoked (ADR 0045: the next rotation gives a revoked key no grace).
 */
export function replacedKeyAcceptedUntil(
  replaced: { apiKeyExpiresAt?: Date; apiKeyRevokedAt?: Date },
  overlapEnd: Date,
  now: Date,
): Date | undefined {
  if (replaced.apiKeyRevokedAt || overlapEnd <= now) return undefined;
  const expiresAt = replaced.apiKeyExpiresAt;
  if (!expiresAt) return overlapEnd;
  if (expiresAt <= now) return undefined;
  return expiresAt < overlapEnd ? expiresAt : overlapEnd;
}

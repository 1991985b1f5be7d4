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

import { Principal } from './principal';

/** An access key issued by an operator; only the SHA-256 of the key is stored. */
export interface AccessKeyDocument {
  /** sha256(key), hex. */
  _id: string;
  /** Public handle of the key, for revoking it (the key itself is never stored). */
  keyId: string;
  principal: Exclude<Principal, { role: 'operator' }>;
  label: string;
  createdAt: Date;
  /** Past this the key authenticates nobody (unset: no expiry). */
  expiresAt?: Date;
  /** Updated at most once a minute. */
  lastUsedAt?: Date;
  revokedAt?: Date;
}

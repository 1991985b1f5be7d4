import { AggregateDocument } from '@app/persistence';
import { ApiKeyState } from './domain/api-key-acceptance';

/** Credential bookkeeping shared by schools and enterprises (rotation, expiry, revocation, last use). */
export interface PartnerCredentials extends ApiKeyState {
  apiKeyIssuedAt?: Date;
  /** Updated at most once a minute, so a busy client does not write on every request. */
  apiKeyLastUsedAt?: Date;
  apiKeyRevokedAt?: Date;
}

export interface SchoolDocument extends AggregateDocument, PartnerCredentials {
  name: string;
  country: string;
  /** sha256 of the school's API key (used for its outcome feed and subscriptions). */
  apiKeyHash: string;
  registeredAt: Date;
}

export interface EnterpriseDocument extends AggregateDocument, PartnerCredentials {
  name: string;
  country: string;
  industry?: string;
  /** IANA zone where the enterprise's days begin (its ERP's scheduled starts and ends); absent: UTC. */
  timeZone?: string;
  /** sha256 of the enterprise's API key (its demand, matches and consented student data). */
  apiKeyHash: string;
  /** Standard Webhooks secret the enterprise's ERP signs with. Shortcut: stored as is. */
  /** Sealed by SecretBox when SECRETS_ENCRYPTION_KEY is set (the HMAC needs it readable, so not hashed). */
  erpSigningSecret: string;
  /** The secret the last rotation replaced (sealed the same way), still verified until `expiresAt`. */
  previousErpSigningSecret?: { secret: string; expiresAt: Date };
  erpSigningSecretRotatedAt?: Date;
  registeredAt: Date;
}

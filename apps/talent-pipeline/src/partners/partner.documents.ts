import { AggregateDocument } from '@app/persistence';

export interface SchoolDocument extends AggregateDocument {
  name: string;
  country: string;
  /** sha256 of the school's API key (used for its outcome feed and subscriptions). */
  apiKeyHash: string;
  registeredAt: Date;
}

export interface EnterpriseDocument extends AggregateDocument {
  name: string;
  country: string;
  industry?: string;
  /** sha256 of the enterprise's API key (its demand, matches and consented student data). */
  apiKeyHash: string;
  /** Standard Webhooks secret the enterprise's ERP signs with. Shortcut: stored as is. */
  /** Sealed by SecretBox when SECRETS_ENCRYPTION_KEY is set (the HMAC needs it readable, so not hashed). */
  erpSigningSecret: string;
  registeredAt: Date;
}

import { CredentialAuditEntry } from './credential-audit.repository';
import { DEFAULT_TIME_ZONE } from './domain/time-zone';
import { EnterpriseDocument, PartnerCredentials, SchoolDocument } from './partner.documents';
import { ApiKeyStateView, CredentialAuditPage, EnterpriseView, SchoolView } from './partner.response';

/** What an operator may see of a partner's credentials: times, never keys or hashes. */
function credentialsView(p: PartnerCredentials, now: Date): ApiKeyStateView {
  return {
    apiKeyIssuedAt: p.apiKeyIssuedAt?.toISOString(),
    apiKeyExpiresAt: p.apiKeyExpiresAt?.toISOString(),
    apiKeyLastUsedAt: p.apiKeyLastUsedAt?.toISOString(),
    apiKeyRevokedAt: p.apiKeyRevokedAt?.toISOString(),
    previousApiKeyValidUntil: p.previousApiKey && p.previousApiKey.expiresAt > now ? p.previousApiKey.expiresAt.toISOString() : undefined,
  };
}

/** A registered school as an operator reads it, without its API key. */
export function schoolView(school: SchoolDocument, now = new Date()): SchoolView {
  const { _id, name, country, registeredAt } = school;
  return { id: _id, name, country, registeredAt: registeredAt.toISOString(), credentials: credentialsView(school, now) };
}

/** A registered enterprise as an operator reads it, without its API key or ERP signing secret. */
export function enterpriseView(enterprise: EnterpriseDocument, now = new Date()): EnterpriseView {
  const { _id, name, country, industry, registeredAt } = enterprise;
  const previousSecret = enterprise.previousErpSigningSecret;
  return {
    id: _id,
    name,
    country,
    industry,
    timeZone: enterprise.timeZone ?? DEFAULT_TIME_ZONE,
    registeredAt: registeredAt.toISOString(),
    credentials: {
      ...credentialsView(enterprise, now),
      erpSigningSecretRotatedAt: enterprise.erpSigningSecretRotatedAt?.toISOString(),
      previousErpSigningSecretValidUntil:
        previousSecret && previousSecret.expiresAt > now ? previousSecret.expiresAt.toISOString() : undefined,
    },
  };
}

/** The credential audit log as the API answers it: the entries, never the credentials. */
export function credentialAuditView(entries: CredentialAuditEntry[]): CredentialAuditPage {
  return {
    items: entries.map(({ _id, at, action, partner, actor, reason, previousValidUntil, correlationId }) => ({
      id: _id,
      at: at.toISOString(),
      action,
      partner,
      actor,
      reason,
      previousValidUntil: previousValidUntil?.toISOString(),
      correlationId,
    })),
  };
}

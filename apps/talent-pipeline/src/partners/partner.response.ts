import { z } from 'zod';
import { CREDENTIAL_ACTIONS } from './credential-audit.repository';

/**
 * What the partner routes answer (registration, reads, credential changes, the credential audit
 * log), documented in the OpenAPI document from these schemas. Keys and secrets appear only in
 * the answers that issue them; reads carry the credentials' times, never a key, hash or secret.
 */
const instant = z.iso.datetime({ offset: true });
const country = z.string().describe('ISO 3166-1 alpha-2, as registered.');

/** The state of a partner's API key (times only). */
const ApiKeyStateSchema = z.object({
  apiKeyIssuedAt: instant.optional().describe('When the current key was issued (absent on partners registered before it was recorded).'),
  apiKeyExpiresAt: instant.optional().describe('When the current key stops being accepted; absent: it does not expire.'),
  apiKeyLastUsedAt: instant.optional().describe('Last accepted use (recorded at most once a minute).'),
  apiKeyRevokedAt: instant.optional().describe('Set by a revocation; a rotation clears it.'),
  previousApiKeyValidUntil: instant.optional().describe('While the key a rotation replaced is still accepted: until when.'),
});

export type ApiKeyStateView = z.output<typeof ApiKeyStateSchema>;

const school = { id: z.uuid(), name: z.string(), country, registeredAt: instant };
const enterprise = {
  ...school,
  industry: z.string().optional(),
  timeZone: z
    .string()
    .describe("IANA zone where the enterprise's days begin for its ERP's scheduled starts and ends; `UTC` when none was given."),
};

export const RegisteredSchoolSchema = z.object({
  ...school,
  apiKey: z.string().describe('The school API key (sk_school_…), shown only in this answer.'),
});
export type RegisteredSchool = z.output<typeof RegisteredSchoolSchema>;

export const SchoolViewSchema = z.object({ ...school, credentials: ApiKeyStateSchema });
export type SchoolView = z.output<typeof SchoolViewSchema>;

export const RegisteredEnterpriseSchema = z.object({
  ...enterprise,
  apiKey: z.string().describe('The enterprise API key (sk_enterprise_…), shown only in this answer.'),
  erpSigningSecret: z
    .string()
    .describe("The Standard Webhooks secret (whsec_…) the enterprise's ERP signs with, shown only in this answer."),
});
export type RegisteredEnterprise = z.output<typeof RegisteredEnterpriseSchema>;

/** The answer to a change of an enterprise's time zone: the zone now and the one it replaced (no personal data). */
export const EnterpriseTimeZoneSchema = z.object({
  enterpriseId: z.uuid(),
  timeZone: z.string().describe("The enterprise's IANA time zone from now on, as Intl spells it."),
  previousTimeZone: z.string().describe('The zone it replaced; `UTC` when none had been set.'),
  changedAt: instant,
});
export type EnterpriseTimeZone = z.output<typeof EnterpriseTimeZoneSchema>;

export const EnterpriseViewSchema = z.object({
  ...enterprise,
  credentials: ApiKeyStateSchema.extend({
    erpSigningSecretRotatedAt: instant.optional().describe('When the ERP signing secret was last rotated; absent: never.'),
    previousErpSigningSecretValidUntil: instant
      .optional()
      .describe('While events signed with the secret a rotation replaced still verify: until when.'),
  }),
});
export type EnterpriseView = z.output<typeof EnterpriseViewSchema>;

export const ApiKeyRotationSchema = z.object({
  apiKey: z.string().describe('The new API key, shown only in this answer.'),
  issuedAt: instant,
  expiresAt: instant.optional().describe('When the new key expires (`expiresInDays`); absent: it does not expire.'),
  previousKeyValidUntil: instant
    .optional()
    .describe(
      'Until when the replaced key is still accepted: never past its own expiry; absent when `overlapSeconds` was 0 or the key had been revoked or had expired.',
    ),
});
export type ApiKeyRotation = z.output<typeof ApiKeyRotationSchema>;

export const ApiKeyRevocationSchema = z.object({ revokedAt: instant });
export type ApiKeyRevocation = z.output<typeof ApiKeyRevocationSchema>;

export const ErpSecretRotationSchema = z.object({
  erpSigningSecret: z.string().describe('The new ERP signing secret (whsec_…), shown only in this answer.'),
  rotatedAt: instant,
  previousSecretValidUntil: instant
    .optional()
    .describe('Until when events signed with the replaced secret still verify; absent when `overlapSeconds` was 0.'),
});
export type ErpSecretRotation = z.output<typeof ErpSecretRotationSchema>;

export const CredentialAuditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      at: instant,
      action: z.enum(CREDENTIAL_ACTIONS),
      partner: z.object({ kind: z.enum(['school', 'enterprise']), id: z.string() }),
      actor: z.string().describe("The operator key's id; with the shared token, the `X-Operator-Id` when sent, else `operator`."),
      reason: z.string().optional(),
      previousValidUntil: instant.optional().describe('Rotations: until when the replaced credential is still accepted.'),
      correlationId: z.string().describe('The request id of the change.'),
    }),
  ),
});
export type CredentialAuditPage = z.output<typeof CredentialAuditPageSchema>;

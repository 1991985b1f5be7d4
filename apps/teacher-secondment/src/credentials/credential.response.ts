import { z } from 'zod';
import { DOUBLE_QUALIFIED_TIERS } from '@app/contracts';
import { CREDENTIAL_STATUSES } from './credential.document';
import { OB3_CONTEXT, VC_CONTEXT } from './domain/vc-context';

/**
 * What the credential routes answer. `OpenBadgeCredentialSchema` is the credential as this
 * service issues it (domain/open-badge.ts builds exactly this type): the Open Badges 3.0 /
 * VC data model 2.0 fields it must carry, with the values this service puts in, not the whole
 * OB 3.0 model.
 */
const instant = z.iso.datetime({ offset: true });
const urnUuid = z.string().startsWith('urn:uuid:');

export const OpenBadgeCredentialSchema = z
  .object({
    '@context': z
      .tuple([z.literal(VC_CONTEXT), z.literal(OB3_CONTEXT)])
      .describe('The VC 2.0 context, then the OB 3.0 context, in this order.'),
    id: urnUuid.describe('`urn:uuid:<credential id>`.'),
    type: z.tuple([z.literal('VerifiableCredential'), z.literal('OpenBadgeCredential')]),
    name: z.string().describe('`Double-qualified teacher (<Tier>)`.'),
    issuer: z
      .object({ id: z.url(), type: z.tuple([z.literal('Profile')]), name: z.string(), url: z.url() })
      .describe('The issuer Profile (also served at `id`, which is `<url>/issuer`).'),
    validFrom: instant,
    credentialSubject: z.object({
      id: urnUuid.describe('`urn:uuid:<teacher id>`.'),
      type: z.tuple([z.literal('AchievementSubject')]),
      name: z.string().describe("The teacher's display name."),
      achievement: z.object({
        id: z.url().describe('`<issuer url>/achievements/double-qualified-teacher/<tier>`.'),
        type: z.tuple([z.literal('Achievement')]),
        achievementType: z.literal('Certification'),
        name: z.string(),
        description: z.string(),
        criteria: z.object({ narrative: z.string().describe('The tier criteria of the rule set that were met, as a sentence.') }),
      }),
    }),
    evidence: z
      .array(
        z.object({
          id: z.url().describe('`<base>/v1/secondments/<id>`.'),
          type: z.tuple([z.literal('Evidence')]),
          name: z.string(),
          narrative: z.string().describe('The countersigned practice hours of the secondment.'),
        }),
      )
      .describe("The teacher's completed secondments."),
    credentialStatus: z
      .object({
        id: z.string().describe('`<statusListCredential>#<statusListIndex>`.'),
        type: z.literal('BitstringStatusListEntry'),
        statusPurpose: z.literal('revocation'),
        statusListIndex: z.string().regex(/^\d+$/).describe('A decimal string, as the Bitstring Status List asks.'),
        statusListCredential: z.url().describe('`<base>/v1/credentials/status/revocation-<n>`.'),
      })
      .describe('Its bit in the revocation list is set when the tier lapses.'),
  })
  .describe('The Open Badges 3.0 OpenBadgeCredential signed in `jwt` (the JWT payload).');

export const CredentialViewSchema = z.object({
  id: z.uuid(),
  teacherId: z.string(),
  schoolId: z.string(),
  tier: z.enum(DOUBLE_QUALIFIED_TIERS),
  status: z.enum(CREDENTIAL_STATUSES),
  issuedAt: instant,
  revokedAt: instant.nullable(),
  revocationReason: z.string().nullable(),
  statusListIndex: z.int().min(0).describe("As in the credential's credentialStatus: the index within `statusList`."),
  statusList: z.string().regex(/^revocation-[1-9]\d*$/),
  kid: z.string().describe('The signing key, in the JWKS at /.well-known/jwks.json.'),
  verifyUrl: z.url(),
  jwt: z.string().describe('The VC-JOSE compact JWT (EdDSA, `typ: vc+jwt`) as handed to the teacher.'),
  credential: OpenBadgeCredentialSchema,
});

export const CredentialListSchema = z.object({ items: z.array(CredentialViewSchema).describe('Newest first (at most 500).') });

export const RotatedKeySchema = z.object({ kid: z.string().describe('The new active signing key (its JWK thumbprint).') });

export type OpenBadgeCredential = z.output<typeof OpenBadgeCredentialSchema>;
export type CredentialView = z.output<typeof CredentialViewSchema>;
export type CredentialList = z.output<typeof CredentialListSchema>;
export type RotatedKey = z.output<typeof RotatedKeySchema>;

export const ResealedKeysSchema = z.object({
  resealed: z.int().describe('Private signing keys this pass moved onto the current CREDENTIAL_KEY_ENCRYPTION_KEY.'),
  unreadable: z
    .int()
    .describe('Private signing keys no configured key opens: left as they are (an active one needs a signing-key rotation).'),
  previousKeys: z.int().describe('How many keys CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS holds.'),
});

export type ResealedKeys = z.output<typeof ResealedKeysSchema>;

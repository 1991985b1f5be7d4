import { z } from 'zod';
import { DOUBLE_QUALIFIED_TIERS, PLACEMENT_KINDS } from '@app/contracts';
import { PLACEMENT_OUTCOME_ORDER, SECONDMENT_STEPS } from './person-copy.documents';

/**
 * The copies of other services' facts about a person as the cross-programme trails show them
 * (built only from those services' events). `unknown`: no step of the lifecycle arrived yet.
 */
const instant = z.iso.datetime({ offset: true });

export const PlacementCopyViewSchema = z.object({
  placementId: z.string(),
  enterpriseId: z.string(),
  schoolId: z.string(),
  kind: z.enum(PLACEMENT_KINDS),
  role: z.string(),
  status: z.enum([...PLACEMENT_OUTCOME_ORDER, 'unknown']).describe('The latest outcome seen; a hire is final.'),
  startedAt: instant.nullable(),
  hiredAt: instant.nullable(),
  hire: z.object({ positionTitle: z.string(), hireDate: z.string() }).nullable(),
});
export type PlacementCopyView = z.output<typeof PlacementCopyViewSchema>;

export const SecondmentCopyViewSchema = z.object({
  secondmentId: z.string(),
  enterpriseId: z.string(),
  schoolId: z.string(),
  postId: z.string(),
  period: z.object({ start: z.iso.date(), end: z.iso.date() }),
  hoursLogged: z.number(),
  status: z.enum([...SECONDMENT_STEPS, 'unknown']).describe('The latest lifecycle step seen.'),
});
export type SecondmentCopyView = z.output<typeof SecondmentCopyViewSchema>;

export const CredentialCopyViewSchema = z.object({
  credentialId: z.string(),
  tier: z.enum(DOUBLE_QUALIFIED_TIERS),
  issuedAt: instant.nullable().describe('Null when only the revocation arrived.'),
  verifyUrl: z.string().nullable(),
  status: z.enum(['issued', 'revoked']),
  revokedAt: instant.nullable(),
  revokeReason: z.string().nullable(),
});
export type CredentialCopyView = z.output<typeof CredentialCopyViewSchema>;

import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { DOUBLE_QUALIFIED_TIERS } from './secondment.schema';

const id = z.string().min(1).max(128);

export const CredentialIssued = defineEventContract({
  type: 'credential.issued.v1',
  topic: Topics.credentials,
  description: 'A double-qualified teacher credential (Open Badges 3.0, VC-JOSE JWT) was issued; verifyUrl verifies it.',
  schema: z.object({
    credentialId: id,
    teacherId: id,
    schoolId: id,
    tier: z.enum(DOUBLE_QUALIFIED_TIERS),
    issuedAt: z.iso.datetime(),
    verifyUrl: z.string().min(1).max(2000),
    occurredAt: z.iso.datetime(),
  }),
});

export const CredentialRevoked = defineEventContract({
  type: 'credential.revoked.v1',
  topic: Topics.credentials,
  description: 'A double-qualified teacher credential was revoked (its status list entry set), e.g. when the tier lapsed.',
  schema: z.object({
    credentialId: id,
    teacherId: id,
    schoolId: id,
    tier: z.enum(DOUBLE_QUALIFIED_TIERS),
    reason: z.string().min(1).max(1000),
    occurredAt: z.iso.datetime(),
  }),
});

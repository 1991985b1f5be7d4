import { z } from 'zod';
import { CONSENT_GRANTORS, CONSENT_PURPOSES } from './domain/consent-purpose';

/** What a consent answer carries (grant, withdrawal, list; operator and school alike), documented from this schema. */
const instant = z.iso.datetime({ offset: true });

export const ConsentViewSchema = z.object({
  id: z.uuid(),
  studentId: z.string(),
  schoolId: z.string(),
  enterpriseId: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  grantedBy: z.enum(CONSENT_GRANTORS),
  grantedAt: instant,
  expiresAt: instant.optional().describe('Absent: the consent does not expire.'),
  withdrawnAt: instant.optional().describe('Set by a withdrawal; the consent stays on record.'),
  recordedBy: z.string().describe('Who recorded the grant: `operator` or `school:<schoolId>`.'),
  withdrawalRecordedBy: z.string().optional().describe('Who recorded the withdrawal: `operator` or `school:<schoolId>`.'),
  inForce: z.boolean().describe('Whether the consent is in force now (granted, not withdrawn, not expired).'),
});

export type ConsentView = z.output<typeof ConsentViewSchema>;

export const ConsentListSchema = z.object({ items: z.array(ConsentViewSchema) });

export type ConsentList = z.output<typeof ConsentListSchema>;

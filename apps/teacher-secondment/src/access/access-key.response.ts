import { z } from 'zod';

/**
 * What the operator's key routes answer (ADR 0025): who a key of this service is for and its
 * times, never the key or its hash; and, once, the key itself when it is issued.
 */
const instant = z.iso.datetime({ offset: true });

const keyTimes = {
  keyId: z.uuid().optional().describe('The public handle to list or revoke the key; absent on keys issued before handles existed.'),
  issuedAt: instant,
  expiresAt: instant.optional().describe('Absent: the key does not expire by itself.'),
  lastUsedAt: instant.optional().describe('When the key last authenticated a request (recorded at most once a minute); absent if never.'),
  revokedAt: instant.optional(),
  revokeReason: z.string().optional(),
};

/** One key as the operator sees it: the principal it authenticates (by role) and its times. */
export const AccessKeySchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('school'), schoolId: z.string(), ...keyTimes }),
  z.object({ role: z.literal('enterprise'), enterpriseId: z.string(), ...keyTimes }),
  z.object({ role: z.literal('teacher'), teacherId: z.string(), schoolId: z.string(), ...keyTimes }),
  z.object({
    role: z.literal('mentor'),
    mentorId: z.uuid(),
    enterpriseId: z.string(),
    postIds: z.array(z.uuid()).describe('The post(s) the mentor reads, countersigns and evaluates secondments of.'),
    name: z.string(),
    email: z.string().optional(),
    ...keyTimes,
  }),
]);

export const AccessKeyListSchema = z.object({ items: z.array(AccessKeySchema).describe('Newest first (at most 500).') });

/** A key just issued: shown once here, stored only as its hash. */
export const IssuedKeySchema = z.object({
  apiKey: z.string().describe('The bearer token: shown only in this answer.'),
  keyId: z.uuid(),
  expiresAt: instant.optional().describe('Absent: the key does not expire by itself.'),
});

export const IssuedPartnerKeySchema = IssuedKeySchema.extend({
  role: z.enum(['school', 'enterprise']),
  partnerId: z.uuid(),
  expiresInDays: z.int().optional().describe('As requested.'),
});

export type AccessKey = z.output<typeof AccessKeySchema>;
export type AccessKeyList = z.output<typeof AccessKeyListSchema>;
export type IssuedKey = z.output<typeof IssuedKeySchema>;
export type IssuedPartnerKey = z.output<typeof IssuedPartnerKeySchema>;

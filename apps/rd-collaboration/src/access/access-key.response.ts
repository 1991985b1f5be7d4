import { z } from 'zod';

/**
 * What the access-key answers carry, documented in the OpenAPI document from these schemas:
 * the holder (`role` with its `schoolId`, `enterpriseId` or `reviewerId`) and the key's times,
 * never the key's hash; the key itself only once, when it is issued.
 */
const instant = z.iso.datetime({ offset: true });

/** One object per kind of holder, each with `fields` (an object schema per holder: a union of intersections would refuse every answer). */
function perHolder<F extends z.ZodRawShape>(fields: F) {
  return z.discriminatedUnion('role', [
    z.object({ role: z.literal('school'), schoolId: z.string(), ...fields }),
    z.object({ role: z.literal('enterprise'), enterpriseId: z.string(), ...fields }),
    z.object({ role: z.literal('reviewer'), reviewerId: z.string(), ...fields }),
  ]);
}

export const IssuedKeySchema = perHolder({
  apiKey: z.string().describe('The key (`rdk_…`), shown this once: only its hash is kept.'),
  keyId: z.string().describe('Public handle of the key, to revoke it.'),
  expiresAt: instant.optional().describe('Absent: the key does not expire.'),
});
export type IssuedKey = z.output<typeof IssuedKeySchema>;

export const AccessKeyListSchema = z.object({
  items: z
    .array(
      perHolder({
        keyId: z.string(),
        label: z.string(),
        createdAt: instant,
        expiresAt: instant.optional(),
        lastUsedAt: instant.optional().describe('Updated at most once a minute.'),
        revokedAt: instant.optional(),
      }),
    )
    .describe('Newest first.'),
});
export type AccessKeyList = z.output<typeof AccessKeyListSchema>;

export const RevokedKeySchema = perHolder({ keyId: z.string(), label: z.string(), revokedAt: instant });
export type RevokedKey = z.output<typeof RevokedKeySchema>;

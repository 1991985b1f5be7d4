import { z } from 'zod';

export const SECONDMENT_STATUSES = ['requested', 'approved', 'active', 'completed', 'cancelled', 'withdrawn'] as const;
export type SecondmentStatus = (typeof SECONDMENT_STATUSES)[number];

export const DOUBLE_QUALIFIED_TIERS = ['junior', 'intermediate', 'senior'] as const;
export type DoubleQualifiedTier = (typeof DOUBLE_QUALIFIED_TIERS)[number];

const id = z.string().min(1).max(128);

/** What every secondment lifecycle event carries: ids, the period and the hours logged so far. */
export const SecondmentEventSchema = z.object({
  secondmentId: id,
  teacherId: id,
  schoolId: id,
  enterpriseId: id,
  postId: id,
  period: z.object({ start: z.iso.date(), end: z.iso.date() }),
  hoursLogged: z.number().nonnegative().max(100_000),
  occurredAt: z.iso.datetime(),
  reason: z.string().min(1).max(1000).optional(),
});

export type SecondmentEventData = z.infer<typeof SecondmentEventSchema>;

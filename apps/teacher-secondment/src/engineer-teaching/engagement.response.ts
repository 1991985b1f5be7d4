import { z } from 'zod';
import { ENGAGEMENT_STATUSES } from './domain/engagement-lifecycle';

/** What the engineer-teaching routes answer: an engineer's teaching at a school as the enterprise reported it, and the school's decision. */
const date = z.iso.date();
const instant = z.iso.datetime({ offset: true });
const actor = z
  .string()
  .describe('Who: `school:<id>`, `enterprise:<id>`, `operator` (the shared token) or `operator:<id>` (a named operator key).');

export const EngagementViewSchema = z.object({
  id: z.uuid(),
  version: z.int(),
  enterpriseId: z.string(),
  schoolId: z.string(),
  engineerId: z.string(),
  engineerName: z.string(),
  course: z.string(),
  module: z.string().optional(),
  hours: z.number(),
  period: z.object({ start: date, end: date }),
  status: z.enum(ENGAGEMENT_STATUSES),
  reportedBy: actor,
  decidedBy: actor.optional().describe('Absent until the school signs off or disputes.'),
  decidedAt: instant.optional(),
  disputeReason: z.string().optional(),
  createdAt: instant,
});

export const EngagementListSchema = z.object({ items: z.array(EngagementViewSchema).describe('Oldest first (at most 1000).') });

export type EngagementView = z.output<typeof EngagementViewSchema>;
export type EngagementList = z.output<typeof EngagementListSchema>;

import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { RD_PARTICIPATION_FIELDS } from './participation-joined.event';

export const RD_WITHDRAWAL_REASONS = ['entered-in-error', 'left-project'] as const;
export type RdWithdrawalReason = (typeof RD_WITHDRAWAL_REASONS)[number];

/**
 * Bounds the hours entries one withdrawal names, so the record stays far below Kafka's 1 MB
 * default (5,000 ids of ≤ 100 characters); the R&D service refuses a withdrawal over it rather
 * than publish a record a broker would refuse.
 */
export const RD_WITHDRAWAL_MAX_HOURS_ENTRIES = 5_000;

/**
 * The school took a participant off a project (ADR 0082, withdrawals). `hoursEntryIds` are the
 * `entryId`s of the `rd.participation.hours-logged.v1` published for this participation (a
 * teacher's; empty for a student): a consumer crediting them un-credits exactly those when the
 * row was `entered-in-error` (the hours were never the person's), and keeps them when the person
 * `left-project` (they did the work).
 */
export const RdParticipationWithdrawn = defineEventContract({
  type: 'rd.participation.withdrawn.v1',
  topic: Topics.rdParticipation,
  description:
    "A participant was withdrawn from an R&D project (entered in error: the hours logged on the row were never the person's; or left the project).",
  schema: z.object({
    ...RD_PARTICIPATION_FIELDS,
    reason: z.enum(RD_WITHDRAWAL_REASONS),
    hoursEntryIds: z.array(z.string().min(1).max(100)).max(RD_WITHDRAWAL_MAX_HOURS_ENTRIES),
    occurredAt: z.iso.datetime(),
  }),
});

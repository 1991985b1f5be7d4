import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

/**
 * Why the talent pipeline refused an R&D internship proposal. Each names a cause someone can fix
 * (register the student, have the school and enterprise sign an agreement covering R&D internships,
 * ask the student for consent) before proposing again.
 */
export const RD_PLACEMENT_REFUSAL_REASONS = [
  'unknown-student',
  'unknown-enterprise',
  'student-of-another-school',
  'no-agreement',
  'consent-missing',
  'invalid-proposal',
] as const;

export type RdPlacementRefusalReason = (typeof RD_PLACEMENT_REFUSAL_REASONS)[number];

/**
 * What every decision names: the proposal it answers (its CloudEvent id, so the project can tell
 * an answer to an earlier proposal from one to its current one) and where it came from. No
 * student data: the project knows its participant.
 */
const RdPlacementDecisionSchema = z.object({
  placementId: z.uuid(),
  projectId: z.string().min(1).max(100),
  participationId: z.string().min(1).max(100),
  proposalEventId: z.string().min(1).max(200),
  occurredAt: z.iso.datetime(),
});

export const RdPlacementAccepted = defineEventContract({
  type: 'talent.rd-placement.accepted.v1',
  topic: Topics.rdPlacementDecisions,
  description: 'The talent pipeline created the placement an R&D project proposed (kind rd-internship, status proposed).',
  schema: RdPlacementDecisionSchema,
});

export const RdPlacementRefused = defineEventContract({
  type: 'talent.rd-placement.refused.v1',
  topic: Topics.rdPlacementDecisions,
  description: 'The talent pipeline refused the placement an R&D project proposed, and created nothing; the project may propose again.',
  schema: RdPlacementDecisionSchema.extend({
    reason: z.enum(RD_PLACEMENT_REFUSAL_REASONS),
    /** For people: what was missing, without student data. */
    detail: z.string().min(1).max(1000),
  }),
});

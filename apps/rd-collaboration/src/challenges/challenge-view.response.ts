import { z } from 'zod';
import { CHALLENGE_KINDS, CONFIDENTIALITY_LEVELS } from './challenge.document';

/**
 * What a challenge answer carries (POST, GET one, GET the list, an NDA recorded), documented in
 * the OpenAPI document from this schema. The owner (and the operator) sees everything with the
 * NDAs; a school sees the problem and constraints only when it may (`detailsVisible`), and never
 * the NDA list.
 */
const instant = z.iso.datetime({ offset: true });

export const RubricCriterionSchema = z.object({
  criterionId: z.string(),
  name: z.string(),
  weight: z.int().describe("Relative weight (positive integer); a criterion's share is weight / sum of weights."),
});

const summary = {
  id: z.string(),
  enterpriseId: z.string(),
  kind: z.enum(CHALLENGE_KINDS),
  title: z.string(),
  summary: z.string(),
  budgetRange: z.object({ currency: z.string(), minMinor: z.int(), maxMinor: z.int() }),
  deadline: z.iso.date(),
  confidentiality: z.enum(CONFIDENTIALITY_LEVELS),
  skillsWanted: z.array(z.string()),
  rubric: z.array(RubricCriterionSchema),
  createdAt: instant,
};

const withDetails = z.object({
  ...summary,
  problem: z.string(),
  constraints: z.array(z.string()),
  detailsVisible: z.literal(true),
  ndas: z
    .array(z.object({ schoolId: z.string(), signedOn: z.iso.date(), signedBy: z.string(), recordedAt: instant }))
    .optional()
    .describe('The schools that signed the NDA: only the owning enterprise and the operator see it.'),
});

const withoutDetails = z
  .object({ ...summary, detailsVisible: z.literal(false) })
  .describe('A confidential challenge read by a school without a recorded NDA: no problem, no constraints.');

export const ChallengeViewSchema = z.union([withDetails, withoutDetails]);
export type ChallengeView = z.output<typeof ChallengeViewSchema>;

/** The owner's view always carries the details and the NDAs. */
export const OwnerChallengeViewSchema = withDetails.required({ ndas: true });
export type OwnerChallengeView = z.output<typeof OwnerChallengeViewSchema>;

export const ChallengeListSchema = z.object({ items: z.array(ChallengeViewSchema).describe('Newest first.') });
export type ChallengeList = z.output<typeof ChallengeListSchema>;

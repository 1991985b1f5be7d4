import { z } from 'zod';
import { RubricCriterionSchema } from '../challenges/challenge-view.response';
import { PROPOSAL_STAGES } from './domain/proposal-stages';

/**
 * What a proposal answer carries, documented in the OpenAPI document from these schemas. The
 * owning enterprise and the operator see everything; the submitting school neither who reviews
 * nor the scores; a reviewer only its own review. People the reader may not see keep their team
 * row without name or role, marked `redacted` (PeopleDisclosureInterceptor).
 */
const instant = z.iso.datetime({ offset: true });
const stage = z.enum(PROPOSAL_STAGES);

const teamMember = z.object({
  kind: z.enum(['teacher', 'student']),
  personId: z.string().describe('After an erasure of the student: the pseudonym that replaced the id.'),
  name: z.string().optional().describe('Absent when redacted; empty when the student was erased.'),
  role: z.string().optional().describe('Absent when redacted; empty when the student was erased.'),
  erased: z.literal(true).optional(),
  redacted: z
    .literal(true)
    .optional()
    .describe('The reader may not see this person (no consent, or a teacher withheld from a finished proposal): no name, no role.'),
});

export const ReviewViewSchema = z.object({
  reviewerId: z.string(),
  scores: z.record(z.string(), z.int()).describe('Criterion id -> score 0..10.'),
  comment: z.string(),
  at: instant,
});

const fullFields = {
  id: z.string(),
  challengeId: z.string(),
  enterpriseId: z.string(),
  schoolId: z.string(),
  title: z.string(),
  approach: z.string(),
  team: z.array(teamMember),
  plan: z.array(z.object({ title: z.string(), weeks: z.int() })),
  budget: z.object({ currency: z.string(), amountMinor: z.int() }),
  stage,
  history: z.array(z.object({ stage, at: instant, reason: z.string().optional() })),
  reviewerIds: z.array(z.string()),
  reviews: z.array(ReviewViewSchema),
  submittedAt: instant,
  finishedAt: instant
    .nullable()
    .describe(
      'When the bid was finished: when it was declined, when the project made from it closed, or, for a selected proposal no project was made from within RD_SELECTED_PROPOSAL_DAYS (90 by default), when its selection lapsed (selection + those days; no project can be made from it then). Null while it is live. An enterprise (and its reviewers) then reads the team without the rows of teachers who object, or once RD_HOST_VIEW_DAYS passed (`redacted`, ADR 0077).',
    ),
};

/** The owning enterprise and the operator: everything, including every reviewer's scores. */
export const ProposalViewSchema = z.object(fullFields);
export type ProposalView = z.output<typeof ProposalViewSchema>;

/** The submitting school: its proposal and stage, not who reviews it nor their scores. */
export const SchoolProposalViewSchema = ProposalViewSchema.omit({ reviewerIds: true, reviews: true });
export type SchoolProposalView = z.output<typeof SchoolProposalViewSchema>;

/** A reviewer: the proposal and only its own review (null until it scored). */
export const ReviewerProposalViewSchema = ProposalViewSchema.omit({ reviewerIds: true, reviews: true, history: true }).extend({
  myReview: ReviewViewSchema.nullable(),
});
export type ReviewerProposalView = z.output<typeof ReviewerProposalViewSchema>;

/** One proposal as the caller may see it. */
export const AnyProposalViewSchema = z.union([ProposalViewSchema, SchoolProposalViewSchema, ReviewerProposalViewSchema]);
export type AnyProposalView = z.output<typeof AnyProposalViewSchema>;

export const ProposalListSchema = z.object({
  items: z.array(z.union([ProposalViewSchema, SchoolProposalViewSchema])).describe("A school's own proposals only, in the school's view."),
});
export type ProposalList = z.output<typeof ProposalListSchema>;

export const ReviewerAssignmentsSchema = z.object({
  items: z.array(
    z.object({
      proposal: ReviewerProposalViewSchema,
      challenge: z.object({ id: z.string(), title: z.string().optional(), rubric: z.array(RubricCriterionSchema) }),
    }),
  ),
});
export type ReviewerAssignments = z.output<typeof ReviewerAssignmentsSchema>;

export const RankingSchema = z.object({
  challengeId: z.string(),
  rubric: z.array(RubricCriterionSchema),
  method: z.string().describe('How the total is computed, in words.'),
  items: z
    .array(
      z.object({
        rank: z.int(),
        proposalId: z.string(),
        total: z.number(),
        reviewCount: z.int(),
        criteria: z.array(
          z.object({
            criterionId: z.string(),
            name: z.string(),
            weight: z.int(),
            share: z.number().describe('weight / sum of weights, e.g. 0.4.'),
            meanScore: z.number().nullable().describe("Mean of the reviewers' scores; null when nobody scored it yet."),
            contribution: z.number().describe('meanScore x share: what this criterion adds to the total.'),
          }),
        ),
        explanation: z.string().describe('The total spelled out, one term per criterion.'),
        title: z.string(),
        schoolId: z.string(),
        stage,
      }),
    )
    .describe('Highest total first; ties go to the earlier submission.'),
});
export type Ranking = z.output<typeof RankingSchema>;

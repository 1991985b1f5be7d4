import { z } from 'zod';
import { REVIEWER_ID } from '../access/principal';
import { IdSchema, MoneySchema, boundedText } from '../shared/money';
import { PROPOSAL_STAGES } from './domain/proposal-stages';

export const SubmitProposalSchema = z
  .strictObject({
    title: boundedText(200),
    approach: boundedText(10_000),
    team: z
      .array(z.strictObject({ kind: z.enum(['teacher', 'student']), personId: IdSchema, name: boundedText(200), role: boundedText(200) }))
      .min(1)
      .max(30),
    plan: z
      .array(z.strictObject({ title: boundedText(300), weeks: z.number().int().min(1).max(260) }))
      .min(1)
      .max(50),
    budget: MoneySchema,
    /** Operators submit on a school's behalf; a school's own key fixes it. */
    schoolId: IdSchema.optional(),
  })
  .refine((p) => p.team.some((m) => m.kind === 'teacher'), { path: ['team'], message: 'a school team needs at least one teacher' });
export type SubmitProposal = z.infer<typeof SubmitProposalSchema>;

export const AssignReviewerSchema = z.strictObject({ reviewerId: REVIEWER_ID });
export type AssignReviewer = z.infer<typeof AssignReviewerSchema>;

export const ReviewSchema = z.strictObject({
  scores: z
    .array(z.strictObject({ criterionId: z.string().min(1).max(40), score: z.number().int().min(0).max(10) }))
    .min(1)
    .max(20),
  comment: z.string().max(5000).default(''),
});
export type ReviewInput = z.infer<typeof ReviewSchema>;

export const ChangeStageSchema = z.strictObject({
  to: z.enum(PROPOSAL_STAGES),
  reason: z.string().min(1).max(1000).optional(),
});
export type ChangeStage = z.infer<typeof ChangeStageSchema>;

import { z } from 'zod';
import { CurrencySchema } from '../shared/currency';
import { CalendarDate, IdSchema, boundedText } from '../shared/money';
import { CHALLENGE_KINDS, CONFIDENTIALITY_LEVELS } from './challenge.document';

const minor = z.number().int('must be an integer number of minor units (e.g. cents), never a fraction').min(0).max(Number.MAX_SAFE_INTEGER);

export const PostChallengeSchema = z
  .strictObject({
    kind: z.enum(CHALLENGE_KINDS),
    title: boundedText(200),
    summary: boundedText(2000),
    problem: boundedText(10_000),
    constraints: z.array(boundedText(1000)).max(50).default([]),
    budgetRange: z.strictObject({ currency: CurrencySchema, minMinor: minor, maxMinor: minor }),
    deadline: CalendarDate,
    confidentiality: z.enum(CONFIDENTIALITY_LEVELS),
    skillsWanted: z.array(boundedText(100)).max(50).default([]),
    rubric: z
      .array(
        z.strictObject({
          criterionId: z.string().regex(/^[a-z0-9-]{1,40}$/),
          name: boundedText(200),
          weight: z.number().int().min(1).max(100),
        }),
      )
      .min(1)
      .max(20),
    /** Operators post on an enterprise's behalf; an enterprise's own key fixes it. */
    enterpriseId: IdSchema.optional(),
  })
  .refine((c) => c.budgetRange.minMinor <= c.budgetRange.maxMinor, {
    path: ['budgetRange', 'maxMinor'],
    message: 'must not be below minMinor',
  })
  .refine((c) => new Set(c.rubric.map((r) => r.criterionId)).size === c.rubric.length, {
    path: ['rubric'],
    message: 'criterionId values must be unique',
  });
export type PostChallenge = z.infer<typeof PostChallengeSchema>;

export const RecordNdaSchema = z.strictObject({
  schoolId: IdSchema,
  signedOn: CalendarDate,
  signedBy: boundedText(200),
});
export type RecordNda = z.infer<typeof RecordNdaSchema>;

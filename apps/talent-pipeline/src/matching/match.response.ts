import { z } from 'zod';

/**
 * What a ranking of students for a requisition carries (no names), documented in the OpenAPI
 * document from this schema; MatchingService.match returns its output type.
 */
const skill = z.object({ label: z.string(), escoUri: z.string().optional() });
const share = z.number().min(0).max(1);

export const MatchResultSchema = z.object({
  requisitionId: z.string(),
  partnerSchools: z.int().min(0).describe("Schools whose active agreement with the enterprise covers the requisition's kind."),
  ranked: z.int().min(0).describe('Students ranked (available and consenting), before the limit.'),
  items: z
    .array(
      z.object({
        rank: z.int().min(1).describe('1-based position in the ranking.'),
        studentId: z.string(),
        programme: z.string(),
        cohort: z.string(),
        score: share.describe('0.7 × skill coverage + 0.3 × availability coverage, four decimals.'),
        reasons: z.object({
          skillsMatched: z.array(skill).describe("The requisition's skills the student has."),
          skillsMissing: z.array(skill).describe("The requisition's skills the student lacks."),
          skillCoverage: share.describe('Matched / asked for (1 when the requisition asks for no skill).'),
          availability: z.object({
            overlap: z
              .object({ from: z.iso.date(), to: z.iso.date() })
              .describe('The days the student is available within the requisition period (both included).'),
            overlapDays: z.int().min(0),
            periodDays: z.int().min(0),
            coverage: share.describe('overlapDays / periodDays.'),
          }),
        }),
      }),
    )
    .describe('The best `limit` students, best first.'),
});

export type MatchResult = z.output<typeof MatchResultSchema>;

import { z } from 'zod';

/**
 * The compliance answer (GET /v1/teachers/{id}/compliance), documented in the OpenAPI document
 * from this schema; the engine's ComplianceAnswer and CreditedPractice are its output types, so
 * the answer and its documentation cannot drift apart. Days are credited days, to two decimals.
 */
const date = z.iso.date();

export const NON_COMPLIANCE_REASONS = ['rolling-window-shortfall', 'new-teacher-practice-before-teaching'] as const;

export const CreditedPracticeSchema = z.object({
  total: z.number().describe('Credited days after every cap.'),
  bySource: z.object({ secondment: z.number(), rd: z.number() }),
  contributions: z
    .array(
      z.object({
        source: z.enum(['secondment', 'rd']),
        ref: z.string().describe('The secondment id, or the R&D project id.'),
        days: z.number(),
      }),
    )
    .describe('Credit per secondment or R&D project before the caps, so a reader sees where it came from.'),
  cappedDays: z.number().describe('Days of R&D or of a calendar year the caps cut off.'),
});

export const ComplianceAnswerSchema = z.object({
  asOf: date,
  applicable: z
    .boolean()
    .describe('False when no rule binds this teacher on that date (not a professional-course teacher, or before any rule).'),
  compliant: z.boolean(),
  reasons: z.array(z.enum(NON_COMPLIANCE_REASONS)).describe('Why not compliant; empty when compliant.'),
  ruleSetId: z.string().describe('The rule set in force on `asOf` (`none` when there is none).'),
  ruleSetVersion: z.int(),
  window: z.object({ from: date, to: date }).describe('The rolling window ending on `asOf`.'),
  requiredDays: z.number(),
  credited: CreditedPracticeSchema,
  inGracePeriod: z.boolean().describe('Within the first window after the hire date, when the rule says new hires are not yet assessed.'),
  lapsesOn: date
    .nullable()
    .describe(
      'The first day from `asOf` on that the teacher is no longer compliant if no new practice is credited; null when never, or not compliant now.',
    ),
  needed: z
    .object({ days: z.number(), by: date })
    .nullable()
    .describe('What it takes to be (or stay) compliant: credited days still needed, and by when; null when nothing is.'),
});

import { z } from 'zod';

/**
 * What the scorecard answers carry in their JSON form, documented in the OpenAPI document from
 * these schemas (the CSV and HTML forms of the same route are made from this one).
 */
const quarter = z.templateLiteral([z.int(), '-Q', z.literal([1, 2, 3, 4])]).describe('A UTC calendar quarter, e.g. 2026-Q2.');
const count = z.int().min(0);
const minorPerCurrency = z
  .record(z.string(), z.int())
  .describe('ISO 4217 currency -> minor units delivered; currencies are never added together.');
const outcomesPerKind = z.record(z.string(), count).describe('R&D outcome kind (patent, product, …) -> how many were recorded.');

export const ScorecardQuarterSchema = z.object({
  quarter,
  agreementsInForce: count.describe("The pair's agreements active at any moment of the quarter (ADR 0029 amendment)."),
  placementsStarted: count,
  placementsCompleted: count,
  placementsTerminated: count,
  hires: count,
  conversionToDate: z
    .number()
    .nullable()
    .describe('Cumulative hires / cumulative placements started, up to and including this quarter; null before the first placement.'),
  secondmentsHosted: count,
  secondmentsCompleted: count,
  engineerEngagements: count,
  engineerTeachingHours: z.number(),
  rdProjectsStarted: count,
  rdProjectsClosed: count,
  rdProjectsLedToHire: count,
  rdParticipantHires: count.describe("Hires at the enterprise of students while they took part in one of the pair's R&D projects."),
  contributions: minorPerCurrency,
  outcomes: outcomesPerKind,
  outcomesTotal: count,
});
export type ScorecardQuarter = z.output<typeof ScorecardQuarterSchema>;

const counts = {
  quarters: z.array(ScorecardQuarterSchema),
  totals: z.object({
    placementsStarted: count,
    hires: count,
    conversion: z.number().nullable().describe('Hires / placements started over the whole range; null without placements.'),
    secondmentsHosted: count,
    engineerEngagements: count,
    engineerTeachingHours: z.number(),
    rdProjectsStarted: count,
    rdProjectsLedToHire: count,
    rdParticipantHires: count,
    contributions: minorPerCurrency,
    outcomes: outcomesPerKind,
  }),
};

/** The figures of a range of quarters, without the pair (what the CSV and HTML forms are made from). */
export const ScorecardCountsSchema = z.object(counts);
export type ScorecardCounts = z.output<typeof ScorecardCountsSchema>;

export const ScorecardSchema = z.object({
  pair: z.object({
    schoolId: z.string(),
    enterpriseId: z.string(),
    schoolName: z.string().describe('The id when the partner copy has not arrived.'),
    enterpriseName: z.string().describe('The id when the partner copy has not arrived.'),
  }),
  from: quarter,
  to: quarter,
  ...counts,
});
export type Scorecard = z.output<typeof ScorecardSchema>;

export const ScorecardPairsSchema = z.object({
  items: z.array(
    z.object({
      schoolId: z.string(),
      enterpriseId: z.string(),
      schoolName: z.string(),
      enterpriseName: z.string(),
      links: z.object({ json: z.string(), csv: z.string(), html: z.string() }).describe("The pair's scorecard in each form (paths)."),
    }),
  ),
});
export type ScorecardPairs = z.output<typeof ScorecardPairsSchema>;

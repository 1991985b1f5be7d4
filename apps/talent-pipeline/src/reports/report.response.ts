import { z } from 'zod';

/**
 * What the JSON reports carry (the CSV forms are tables of the same figures), documented in the
 * OpenAPI document from these schemas; ReportsService returns their output types.
 */
const count = z.int().min(0);
const rate = z.number().min(0).max(1).nullable();

const placementFigures = z.object({
  students: count,
  placedStudents: count.describe('Students with at least one placement that reached active.'),
  placementRate: rate.describe('placedStudents / students; null without students.'),
  internshipsEnded: count.describe('Internships that reached completed or hired.'),
  internshipsHired: count.describe('Of those, the ones that ended in a hire.'),
  hireRate: rate.describe('internshipsHired / internshipsEnded; null when none ended.'),
  medianDaysToPlacement: z
    .number()
    .nullable()
    .describe("Median days from a student's registration to their first active placement (1 decimal); null when none is known."),
});

export const PlacementReportViewSchema = z.object({
  scope: z
    .object({ schoolId: z.string().optional(), programme: z.string().optional(), cohort: z.string().optional() })
    .describe('The filters the report was computed for; none for the whole platform.'),
  generatedAt: z.iso.datetime({ offset: true }),
  totals: placementFigures,
  groups: z
    .array(placementFigures.extend({ programme: z.string(), cohort: z.string() }))
    .describe('Per programme and cohort, sorted by programme then cohort.'),
  destinations: z
    .array(
      z.object({
        enterpriseId: z.string(),
        enterpriseName: z.string().nullable().describe('null when the enterprise is not (or no longer) known.'),
        role: z.string(),
        placements: count.describe('Placements that reached active at this enterprise in this role.'),
      }),
    )
    .describe('Most placements first.'),
});

export type PlacementReportView = z.output<typeof PlacementReportViewSchema>;

const conversionFigures = z.object({
  internsStarted: count.describe('Internships that reached active.'),
  internshipsEnded: count.describe('Internships that reached completed or hired.'),
  hired: count.describe('Internships that ended in a hire.'),
  conversionRate: rate.describe('hired / internshipsEnded; null when none ended.'),
});

export const ConversionReportViewSchema = z.object({
  enterpriseId: z.string(),
  generatedAt: z.iso.datetime({ offset: true }),
  totals: conversionFigures,
  byRole: z.array(conversionFigures.extend({ role: z.string() })).describe('Per role, sorted by role.'),
});

export type ConversionReportView = z.output<typeof ConversionReportViewSchema>;

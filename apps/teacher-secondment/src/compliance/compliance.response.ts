import { z } from 'zod';
import { RuleSetSchema } from './domain/rule-set';

/** What the compliance routes answer besides one teacher's compliance (domain/compliance-answer.response.ts). */
const date = z.iso.date();

export const LapsingTeachersSchema = z.object({
  schoolId: z.string(),
  asOf: date.describe("Today (the service's clock)."),
  withinDays: z.int(),
  items: z
    .array(
      z.object({
        teacherId: z.string(),
        displayName: z.string(),
        compliant: z.boolean(),
        lapsesOn: date.nullable().describe('Null for a teacher who is not compliant now.'),
        needed: z.object({ days: z.number(), by: date }).nullable(),
      }),
    )
    .describe(
      'Teachers bound by the rule who are not compliant or lapse within `withinDays`; the not compliant first, then by lapse date.',
    ),
});

/** What one run of the R&D hours backfill did. */
export const RdHoursBackfillSchema = z.object({
  teachersScanned: z.int().describe('Teacher ids with R&D hours stored.'),
  teachersCredited: z.int().describe('Registered teachers who lacked some of their hours and got them (and a recompute).'),
  entriesCredited: z.int(),
  entriesOfOtherSchools: z.int().describe("Entries logged for another school than the registered teacher's: never credited."),
  teachersAwaitingRegistration: z.int().describe('Ids still not registered: marked, so their registration credits the hours.'),
});

export const RuleSetListSchema = z.object({
  items: z.array(RuleSetSchema).describe('Every version of every jurisdiction, by id and version.'),
});

export type LapsingTeachers = z.output<typeof LapsingTeachersSchema>;
export type RdHoursBackfill = z.output<typeof RdHoursBackfillSchema>;
export type RuleSetList = z.output<typeof RuleSetListSchema>;

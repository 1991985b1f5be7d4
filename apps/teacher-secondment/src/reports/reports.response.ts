import { z } from 'zod';

/** What the report routes answer in JSON (`format=json`, the default); `format=csv` returns one section of it as CSV. */
const date = z.iso.date();

export const SchoolReportSchema = z.object({
  schoolId: z.string(),
  today: date.describe("The service's clock's today: what the `…Now` fields and lapses are judged on."),
  asOf: date,
  withinDays: z.int(),
  summary: z.object({
    teachers: z.int(),
    bound: z.int().describe('Teachers bound by the enterprise-practice rule today (professional-course teachers, under a rule in force).'),
    compliantNow: z.int().describe('Of the bound teachers.'),
    compliantAsOf: z.int().describe('Of the teachers bound today, those compliant on `asOf`.'),
    lapsingWithinWindow: z.int(),
  }),
  teachers: z.array(
    z.object({
      teacherId: z.string(),
      displayName: z.string(),
      subject: z.string(),
      professionalCourse: z.boolean(),
      compliantNow: z.boolean(),
      creditedDaysNow: z.number(),
      requiredDaysNow: z.number(),
      lapsesOn: date.nullable(),
      lapsesWithinWindow: z.boolean().describe('Bound by the rule and not compliant, or lapsing within `withinDays` of today.'),
      asOf: date,
      compliantAsOf: z.boolean(),
      creditedDaysAsOf: z.number(),
      ruleSetVersionAsOf: z.int(),
    }),
  ),
  hostedByEnterprise: z
    .array(
      z.object({
        enterpriseId: z.string(),
        secondments: z.int(),
        teachers: z.int().describe("How many of the school's teachers it hosted."),
        countersignedHours: z.number(),
      }),
    )
    .describe("The countersigned practice hours each enterprise hosted for the school's teachers."),
});

export const EnterpriseReportSchema = z.object({
  enterpriseId: z.string(),
  summary: z.object({
    teachersHosted: z.int(),
    secondments: z.int(),
    active: z.int(),
    completed: z.int(),
    countersignedHours: z.number(),
  }),
  teachers: z.array(
    z.object({
      teacherId: z.string(),
      schoolId: z.string(),
      secondments: z.int(),
      countersignedHours: z.number(),
      statuses: z.string().describe("The statuses of the teacher's secondments here, sorted, space-separated."),
    }),
  ),
  mentors: z
    .array(
      z.object({
        mentor: z.string().describe("The mentor's name as on the posts."),
        active: z.int(),
        total: z.int(),
        countersignedHours: z.number(),
        logsAwaitingCountersignature: z.int(),
      }),
    )
    .describe('Busiest (most active secondments) first.'),
});

export type SchoolReport = z.output<typeof SchoolReportSchema>;
export type EnterpriseReport = z.output<typeof EnterpriseReportSchema>;

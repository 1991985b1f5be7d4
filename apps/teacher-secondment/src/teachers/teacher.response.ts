import { z } from 'zod';

/** What the teacher routes answer: the teacher as registered, with the last compliance answer published for them. */
const instant = z.iso.datetime({ offset: true });
const date = z.iso.date();

/** The last answer of teacher.compliance.changed.v1 for the teacher. */
export const ComplianceSnapshotSchema = z.object({
  compliant: z.boolean(),
  asOf: date,
  creditedDays: z.number().describe('Credited practice days in the rolling window (two decimals).'),
  requiredDays: z.number(),
  lapsesOn: date
    .nullable()
    .describe('The first day the teacher is no longer compliant if nothing new is credited; null if never or not compliant.'),
  ruleSetId: z.string(),
  ruleSetVersion: z.int(),
});

export const TeacherViewSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  jurisdiction: z.string().describe("The school's country when the teacher was registered: whose rule set applies."),
  displayName: z.string(),
  subject: z.string(),
  professionalCourse: z.boolean(),
  hireDate: date,
  priorEnterpriseExperienceMonths: z.int(),
  compliance: ComplianceSnapshotSchema.nullable().describe('Null until the first compliance answer is published.'),
  hostObjection: z
    .object({
      since: instant,
      by: z.string().describe('`teacher:<id>`, `school:<id>`, `operator` or `operator:<id>`.'),
      reason: z.string().optional(),
    })
    .nullable()
    .describe(
      "The teacher's objection to host enterprises reading their finished secondments (ADR 0077): while it stands, a host sees those records' period, status and hours only. Null when none.",
    ),
  createdAt: instant,
});

export const TeacherListSchema = z.object({ items: z.array(TeacherViewSchema) });

export const TeacherKeySchema = z.object({
  teacherId: z.string(),
  apiKey: z.string().describe("The teacher's bearer token: shown only in this answer."),
});

export type TeacherView = z.output<typeof TeacherViewSchema>;
export type TeacherList = z.output<typeof TeacherListSchema>;
export type TeacherKey = z.output<typeof TeacherKeySchema>;

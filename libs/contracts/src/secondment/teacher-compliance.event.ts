import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

const id = z.string().min(1).max(128);

export const TeacherComplianceChanged = defineEventContract({
  type: 'teacher.compliance.changed.v1',
  topic: Topics.teacherCompliance,
  description: "A teacher's enterprise-practice compliance changed (compliant flag, credited days or lapse date).",
  schema: z.object({
    teacherId: id,
    schoolId: id,
    compliant: z.boolean(),
    asOf: z.iso.date(),
    creditedDays: z.number().nonnegative().max(100_000),
    requiredDays: z.number().nonnegative().max(100_000),
    lapsesOn: z.iso.date().nullable(),
    ruleSetId: id,
    ruleSetVersion: z.number().int().positive(),
    occurredAt: z.iso.datetime(),
  }),
});

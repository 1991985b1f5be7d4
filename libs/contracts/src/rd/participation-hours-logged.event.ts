import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

/**
 * A teacher's hours on an R&D project. Only teachers' hours are published: the secondment
 * service credits them as enterprise practice where its rule set says so. `entryId` is unique
 * per logged entry and is the consumer's dedupe key.
 */
export const RdHoursLogged = defineEventContract({
  type: 'rd.participation.hours-logged.v1',
  topic: Topics.rdParticipation,
  description: "A teacher's hours on an R&D project were logged (the secondment service credits them as enterprise practice).",
  schema: z.object({
    entryId: z.string().min(1).max(100),
    projectId: z.string().min(1).max(100),
    enterpriseId: z.string().min(1).max(100),
    schoolId: z.string().min(1).max(100),
    teacherId: z.string().min(1).max(100),
    date: z.iso.date(),
    hours: z.number().positive().max(24),
    activity: z.string().min(1).max(500),
    occurredAt: z.iso.datetime(),
  }),
});

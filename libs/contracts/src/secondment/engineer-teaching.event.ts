import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

const id = z.string().min(1).max(128);

export const EngineerTeachingSignedOff = defineEventContract({
  type: 'secondment.engineer-teaching.signed-off.v1',
  topic: Topics.engineerTeaching,
  description: 'A school signed off the hours an enterprise engineer taught there (the reverse flow).',
  schema: z.object({
    engagementId: id,
    enterpriseId: id,
    schoolId: id,
    engineerId: id,
    course: z.string().min(1).max(200),
    hours: z.number().positive().max(10_000),
    signedOffAt: z.iso.datetime(),
    occurredAt: z.iso.datetime(),
  }),
});

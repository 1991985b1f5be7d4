import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

export const SchoolRegistered = defineEventContract({
  type: 'talent.school.registered.v1',
  topic: Topics.partners,
  description: 'A vocational school joined the partner registry.',
  schema: z.object({
    schoolId: z.string().min(1),
    name: z.string().min(1),
    country: z.string().length(2),
    registeredAt: z.iso.datetime(),
  }),
});

import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

export const EnterpriseRegistered = defineEventContract({
  type: 'talent.enterprise.registered.v1',
  topic: Topics.partners,
  description: 'An enterprise joined the partner registry. Its ERP signing secret never leaves the talent pipeline.',
  schema: z.object({
    enterpriseId: z.string().min(1),
    name: z.string().min(1),
    country: z.string().length(2),
    industry: z.string().optional(),
    registeredAt: z.iso.datetime(),
  }),
});

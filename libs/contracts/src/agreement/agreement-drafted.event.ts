import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { AgreementStateSchema } from './agreement.schema';

export const AgreementDrafted = defineEventContract({
  type: 'talent.agreement.drafted.v1',
  topic: Topics.agreements,
  description: 'A cooperation agreement between a school and an enterprise was recorded, in status draft.',
  schema: AgreementStateSchema.extend({
    status: z.literal('draft'),
    createdAt: z.iso.datetime(),
  }),
});

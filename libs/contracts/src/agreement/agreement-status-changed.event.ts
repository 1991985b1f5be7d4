import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { AGREEMENT_STATUSES, AgreementStateSchema } from './agreement.schema';

export const AgreementStatusChanged = defineEventContract({
  type: 'talent.agreement.status-changed.v1',
  topic: Topics.agreements,
  description: 'A cooperation agreement moved to another status (active, suspended, terminated or expired).',
  schema: AgreementStateSchema.extend({
    previousStatus: z.enum(AGREEMENT_STATUSES),
    reason: z.string().min(1).optional(),
    changedAt: z.iso.datetime(),
  }),
});

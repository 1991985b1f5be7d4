import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { REQUISITION_STATUSES } from './requisition.schema';

export const RequisitionStatusChanged = defineEventContract({
  type: 'talent.requisition.status-changed.v1',
  topic: Topics.requisitions,
  description: 'A requisition moved from open to filled or closed.',
  schema: z.object({
    requisitionId: z.string().min(1),
    enterpriseId: z.string().min(1),
    from: z.enum(REQUISITION_STATUSES),
    to: z.enum(REQUISITION_STATUSES),
    occurredAt: z.iso.datetime(),
  }),
});

import { z } from 'zod';
import { DatePeriodSchema, REQUISITION_KINDS, SkillSchema } from '../demand/requisition.schema';
import { defineEventContract } from '../event-contract';
import { HrOpenIdentifierSchema } from '../hr-open-identifier';
import { Topics } from '../topics';

/**
 * Canonical ERP requisition: the enterprise's ERP opened (or changed, or cancelled) a job
 * requisition. `requisitionId` is the ERP's own id; the same id again updates the same
 * requisition on the platform. The position travels with its HR Open Standards identifier.
 */
export const ErpRequisition = defineEventContract({
  type: 'erp.requisition.v1',
  topic: Topics.erpInbound,
  description: 'An enterprise ERP reports a job requisition (talent demand), new or changed.',
  schema: z.object({
    requisitionId: z.string().min(1),
    position: z.object({
      title: z.string().min(1),
      id: HrOpenIdentifierSchema,
    }),
    skills: z.array(SkillSchema).default([]),
    headcount: z.number().int().min(1),
    kind: z.enum(REQUISITION_KINDS),
    period: DatePeriodSchema,
    location: z.string().min(1),
    /** `closed` when the ERP cancelled or closed the requisition; absent means open. */
    status: z.enum(['open', 'closed']).optional(),
  }),
});

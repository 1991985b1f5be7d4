import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { HrOpenIdentifierSchema } from '../hr-open-identifier';
import { Topics } from '../topics';
import { erpPlacementEventData } from './erp-placement-reference';

/**
 * Canonical ERP hire: the enterprise hired a person. The ERP names the placement if it knows
 * the platform's id, otherwise the student by HR Open identifiers (the platform's own student
 * id travels under scheme `school-enterprise-platform:student`).
 */
export const ErpHire = defineEventContract({
  type: 'erp.hire.v1',
  topic: Topics.erpInbound,
  description: 'An enterprise ERP reports a hire (e.g. internship-to-hire conversion).',
  schema: erpPlacementEventData({
    position: z.object({
      title: z.string().min(1),
      id: HrOpenIdentifierSchema.optional(),
    }),
    hireDate: z.iso.date(),
  }),
});

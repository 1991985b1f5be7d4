import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { HrOpenIdentifierSchema } from '../hr-open-identifier';
import { Topics } from '../topics';

/**
 * Canonical ERP hire: the enterprise hired a person. The ERP names the placement if it knows
 * the platform's id, otherwise the student by HR Open identifiers (the platform's own student
 * id travels under scheme `school-enterprise-platform:student`).
 */
export const ErpHire = defineEventContract({
  type: 'erp.hire.v1',
  topic: Topics.erpInbound,
  description: 'An enterprise ERP reports a hire (e.g. internship-to-hire conversion).',
  schema: z
    .object({
      placementId: z.string().min(1).optional(),
      person: z.object({ ids: z.array(HrOpenIdentifierSchema).min(1) }).optional(),
      position: z.object({
        title: z.string().min(1),
        id: HrOpenIdentifierSchema.optional(),
      }),
      hireDate: z.iso.date(),
    })
    .refine((d) => d.placementId !== undefined || d.person !== undefined, {
      message: 'either placementId or person.ids is required',
      path: ['placementId'],
    }),
});

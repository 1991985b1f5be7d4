import { z } from 'zod';
import { HrOpenIdentifierSchema } from '../hr-open-identifier';

/**
 * The `data` of an ERP event about one placement: `fields` plus how the ERP names the placement,
 * by the platform's id if it knows it, otherwise the student by HR Open identifiers (the
 * platform's own student id travels under scheme `school-enterprise-platform:student`); at least
 * one of the two.
 */
export function erpPlacementEventData<Shape extends z.ZodRawShape>(fields: Shape) {
  return z
    .object({
      placementId: z.string().min(1).optional(),
      person: z.object({ ids: z.array(HrOpenIdentifierSchema).min(1) }).optional(),
      ...fields,
    })
    .refine((d) => named(d as { placementId?: unknown; person?: unknown }), {
      message: 'either placementId or person.ids is required',
      path: ['placementId'],
    });
}

function named(data: { placementId?: unknown; person?: unknown }): boolean {
  return data.placementId !== undefined || data.person !== undefined;
}

import { z } from 'zod';

/** HR Open Standards identifier: `{value, schemeId, schemeAgencyId}`. */
export const HrOpenIdentifierSchema = z.object({
  value: z.string().min(1),
  schemeId: z.string().min(1),
  schemeAgencyId: z.string().min(1).optional(),
});

export type HrOpenIdentifier = z.infer<typeof HrOpenIdentifierSchema>;

/** The scheme under which the platform's own student ids travel in ERP payloads. */
export const PLATFORM_STUDENT_SCHEME = 'school-enterprise-platform:student';

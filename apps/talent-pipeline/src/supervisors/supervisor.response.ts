import { DOUBLE_QUALIFIED_TIERS } from '@app/contracts';
import { z } from 'zod';

/** A double-qualified teacher the secondment service offers as a placement supervisor (school staff, no student data). */
export const OfferedSupervisorSchema = z.object({
  teacherId: z.string().describe('The teacher id in the teacher secondment service.'),
  displayName: z.string(),
  subject: z.string(),
  tier: z.enum(DOUBLE_QUALIFIED_TIERS),
  credentialId: z.string().describe('The double-qualified credential the offer rests on.'),
});

export type OfferedSupervisor = z.output<typeof OfferedSupervisorSchema>;

/** One supervisor of GET /v1/supervisors: the offer, with its school and when it was made. */
export const SupervisorViewSchema = OfferedSupervisorSchema.extend({
  schoolId: z.string(),
  offeredAt: z.iso
    .datetime({ offset: true })
    .describe('occurredAt of the newest secondment.supervisor.offered.v1 applied (the time the secondment service made the offer).'),
});

export type SupervisorView = z.output<typeof SupervisorViewSchema>;

export const SupervisorListSchema = z.object({ items: z.array(SupervisorViewSchema) });

export type SupervisorList = z.output<typeof SupervisorListSchema>;

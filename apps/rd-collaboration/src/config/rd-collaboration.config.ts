import { z } from 'zod';
import { BaseConfigSchema } from '@app/base';

export const RdCollaborationConfigSchema = BaseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('rd-collaboration'),
  PORT: z.coerce.number().int().min(1).default(3003),
  /**
   * Bearer token for operator endpoints (issuing access keys, reading any trail or scorecard).
   * Without it the service runs with no operator: nobody can issue keys, so only its event
   * consumers and the partner copies work (what the older e2e flows start it with).
   */
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type RdCollaborationConfig = z.infer<typeof RdCollaborationConfigSchema>;

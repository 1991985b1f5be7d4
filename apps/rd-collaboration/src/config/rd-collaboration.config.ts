import { z } from 'zod';
import { BaseConfigSchema } from '@app/platform/config/base-config.schema';

export const RdCollaborationConfigSchema = BaseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('rd-collaboration'),
  PORT: z.coerce.number().int().min(1).default(3003),
});

export type RdCollaborationConfig = z.infer<typeof RdCollaborationConfigSchema>;

import { z } from 'zod';
import { BaseConfigSchema } from '@app/platform/config/base-config.schema';

export const TeacherSecondmentConfigSchema = BaseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('teacher-secondment'),
  PORT: z.coerce.number().int().min(1).default(3002),
});

export type TeacherSecondmentConfig = z.infer<typeof TeacherSecondmentConfigSchema>;

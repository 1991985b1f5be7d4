import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidatedBy } from '@app/base';

export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 60 * 60;

export const RotateSecretSchema = z.strictObject({
  gracePeriodSeconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).optional(),
});

@ValidatedBy(RotateSecretSchema)
export class RotateSecretDto {
  @ApiPropertyOptional({
    description: 'How long deliveries stay signed with the old secret too (seconds, 0-604800). Default 86400 (24h).',
    example: 86400,
  })
  gracePeriodSeconds?: number;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 60 * 60;

export class RotateSecretDto {
  @ApiPropertyOptional({
    description: 'How long deliveries stay signed with the old secret too (seconds, 0-604800). Default 86400 (24h).',
    example: 86400,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROTATION_GRACE_SECONDS)
  gracePeriodSeconds?: number;
}

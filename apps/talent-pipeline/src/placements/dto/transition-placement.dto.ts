import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, FIELD_LIMITS, ValidatedBy } from '@app/base';
import { PLACEMENT_STATUSES, PlacementStatus } from '../domain/placement-lifecycle';

export const TransitionPlacementSchema = z.strictObject({
  to: z.enum(PLACEMENT_STATUSES),
  reason: boundedString(FIELD_LIMITS.reason).optional(),
});

@ValidatedBy(TransitionPlacementSchema)
export class TransitionPlacementDto {
  @ApiProperty({ enum: PLACEMENT_STATUSES, description: 'The status to move the placement to.' })
  to: PlacementStatus;

  @ApiPropertyOptional({
    example: 'student moved to another city',
    description: 'Why the placement ended; carried in the outcome event (completed/terminated only).',
  })
  reason?: string;
}

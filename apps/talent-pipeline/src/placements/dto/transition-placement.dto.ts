import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PLACEMENT_STATUSES, PlacementStatus } from '../domain/placement-lifecycle';

export class TransitionPlacementDto {
  @ApiProperty({ enum: PLACEMENT_STATUSES, description: 'The status to move the placement to.' })
  @IsIn(PLACEMENT_STATUSES)
  to: PlacementStatus;

  @ApiPropertyOptional({
    example: 'student moved to another city',
    description: 'Why the placement ended; carried in the outcome event (completed/terminated only).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

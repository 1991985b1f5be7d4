import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PLACEMENT_STATUSES, PlacementStatus } from '../domain/placement-lifecycle';

export class TransitionPlacementDto {
  @ApiProperty({ enum: PLACEMENT_STATUSES, description: 'The status to move the placement to.' })
  @IsIn(PLACEMENT_STATUSES)
  to: PlacementStatus;
}

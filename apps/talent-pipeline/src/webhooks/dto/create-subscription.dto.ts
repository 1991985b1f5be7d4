import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsOptional, IsUrl } from 'class-validator';
import { PlacementCompleted, PlacementHired, PlacementStarted, PlacementTerminated } from '@app/contracts';

export const OUTCOME_EVENT_TYPES = [PlacementStarted.type, PlacementCompleted.type, PlacementTerminated.type, PlacementHired.type];

export class CreateSubscriptionDto {
  @ApiProperty({ example: 'https://placement-office.example-school.edu/hooks/outcomes' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url: string;

  @ApiPropertyOptional({ enum: OUTCOME_EVENT_TYPES, isArray: true, description: 'Omit or leave empty for all outcome types.' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(OUTCOME_EVENT_TYPES, { each: true })
  eventTypes?: string[];
}

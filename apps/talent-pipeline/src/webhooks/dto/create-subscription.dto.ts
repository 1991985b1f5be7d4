import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
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

  @ApiPropertyOptional({
    example: ['mechatronics'],
    description: 'Only outcomes of students in these programmes; omit or leave empty for all.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  programmes?: string[];

  @ApiPropertyOptional({ example: ['2025'], description: 'Only outcomes of students in these cohorts; omit or leave empty for all.' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  cohorts?: string[];
}

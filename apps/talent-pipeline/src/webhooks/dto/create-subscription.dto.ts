import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { PlacementCompleted, PlacementHired, PlacementStarted, PlacementTerminated } from '@app/contracts';
import { boundedArray, boundedString, FIELD_LIMITS, httpUrl, ValidatedBy } from '@app/base';

export const OUTCOME_EVENT_TYPES = [PlacementStarted.type, PlacementCompleted.type, PlacementTerminated.type, PlacementHired.type] as const;
export type OutcomeEventType = (typeof OUTCOME_EVENT_TYPES)[number];

const distinct = <T>(items: T[]) => new Set(items).size === items.length;
const filterList = () => boundedArray(boundedString(FIELD_LIMITS.name), FIELD_LIMITS.list).refine(distinct, 'must not repeat an entry');

export const CreateSubscriptionSchema = z.strictObject({
  url: httpUrl(),
  eventTypes: boundedArray(z.enum(OUTCOME_EVENT_TYPES), OUTCOME_EVENT_TYPES.length).refine(distinct, 'must not repeat an entry').optional(),
  programmes: filterList().optional(),
  cohorts: filterList().optional(),
});

@ValidatedBy(CreateSubscriptionSchema)
export class CreateSubscriptionDto {
  @ApiProperty({ example: 'https://placement-office.example-school.edu/hooks/outcomes' })
  url: string;

  @ApiPropertyOptional({ enum: OUTCOME_EVENT_TYPES, isArray: true, description: 'Omit or leave empty for all outcome types.' })
  eventTypes?: string[];

  @ApiPropertyOptional({
    example: ['mechatronics'],
    description: 'Only outcomes of students in these programmes; omit or leave empty for all.',
  })
  programmes?: string[];

  @ApiPropertyOptional({ example: ['2025'], description: 'Only outcomes of students in these cohorts; omit or leave empty for all.' })
  cohorts?: string[];
}

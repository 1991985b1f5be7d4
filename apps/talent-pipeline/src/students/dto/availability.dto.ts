import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { calendarDate, ValidatedBy } from '@app/base';

export const AvailabilitySchema = z.strictObject({ from: calendarDate(), to: calendarDate() });

@ValidatedBy(AvailabilitySchema)
export class AvailabilityDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day the student can start (YYYY-MM-DD).' })
  from: string;

  @ApiProperty({ example: '2026-08-31', description: 'Last available day (YYYY-MM-DD), not before `from`.' })
  to: string;
}

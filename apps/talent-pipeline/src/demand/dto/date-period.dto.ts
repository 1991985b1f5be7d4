import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { calendarDate, ValidatedBy } from '@app/base';

export const DatePeriodSchema = z.strictObject({ from: calendarDate(), to: calendarDate() });

@ValidatedBy(DatePeriodSchema)
export class DatePeriodDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day (YYYY-MM-DD).' })
  from: string;

  @ApiProperty({ example: '2026-08-31', description: 'Last day (YYYY-MM-DD), not before `from`.' })
  to: string;
}

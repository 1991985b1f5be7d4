import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { calendarDate } from '@app/platform/http/bounded-fields';
import { ValidatedBy } from '@app/platform/http/validated-by';

export const DatePeriodSchema = z.strictObject({ from: calendarDate(), to: calendarDate() });

@ValidatedBy(DatePeriodSchema)
export class DatePeriodDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day (YYYY-MM-DD).' })
  from: string;

  @ApiProperty({ example: '2026-08-31', description: 'Last day (YYYY-MM-DD), not before `from`.' })
  to: string;
}

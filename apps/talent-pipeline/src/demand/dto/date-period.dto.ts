import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DatePeriodDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day (YYYY-MM-DD).' })
  @Matches(CALENDAR_DATE, { message: 'from must be a calendar date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-08-31', description: 'Last day (YYYY-MM-DD), not before `from`.' })
  @Matches(CALENDAR_DATE, { message: 'to must be a calendar date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to: string;
}

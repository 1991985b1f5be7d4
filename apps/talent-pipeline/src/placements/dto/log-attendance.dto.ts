import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, calendarDate, FIELD_LIMITS, ValidatedBy } from '@app/base';
import { ATTENDANCE_STATUSES, AttendanceStatus } from '../domain/attendance';

export const LogAttendanceSchema = z.strictObject({
  date: calendarDate(),
  hours: z
    .number()
    .min(0)
    .max(24)
    .refine((hours) => Math.abs(hours * 100 - Math.round(hours * 100)) < 1e-6, 'at most 2 decimal places'),
  status: z.enum(ATTENDANCE_STATUSES),
  note: boundedString(FIELD_LIMITS.reason, 0).optional(),
});

@ValidatedBy(LogAttendanceSchema)
export class LogAttendanceDto {
  @ApiProperty({ example: '2026-03-02', description: 'Calendar day (YYYY-MM-DD).' })
  date: string;

  @ApiProperty({ example: 7.5, minimum: 0, maximum: 24, description: 'Hours worked; 0 unless present.' })
  hours: number;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  status: AttendanceStatus;

  @ApiPropertyOptional({ example: 'Machine shop induction' })
  note?: string;
}

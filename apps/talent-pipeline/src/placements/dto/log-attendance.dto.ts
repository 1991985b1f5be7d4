import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ATTENDANCE_STATUSES, AttendanceStatus } from '../domain/attendance';

export class LogAttendanceDto {
  @ApiProperty({ example: '2026-03-02', description: 'Calendar day (YYYY-MM-DD).' })
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'date must be a calendar day YYYY-MM-DD' })
  date: string;

  @ApiProperty({ example: 7.5, minimum: 0, maximum: 24, description: 'Hours worked; 0 unless present.' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(24)
  hours: number;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;

  @ApiPropertyOptional({ example: 'Machine shop induction' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  note?: string;
}

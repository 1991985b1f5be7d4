import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class AvailabilityDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day the student can start (YYYY-MM-DD).' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-08-31', description: 'Last available day (YYYY-MM-DD), not before `from`.' })
  @IsISO8601({ strict: true })
  to: string;
}

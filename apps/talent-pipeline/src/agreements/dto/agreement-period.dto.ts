import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class AgreementPeriodDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day the agreement is in effect (YYYY-MM-DD).' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2028-02-29', description: 'Last day the agreement is in effect (YYYY-MM-DD), not before `from`.' })
  @IsISO8601({ strict: true })
  to: string;
}

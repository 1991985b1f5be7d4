import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { calendarDate, ValidatedBy } from '@app/base';

export const AgreementPeriodSchema = z.strictObject({ from: calendarDate(), to: calendarDate() });

@ValidatedBy(AgreementPeriodSchema)
export class AgreementPeriodDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day the agreement is in effect (YYYY-MM-DD).' })
  from: string;

  @ApiProperty({ example: '2028-02-29', description: 'Last day the agreement is in effect (YYYY-MM-DD), not before `from`.' })
  to: string;
}

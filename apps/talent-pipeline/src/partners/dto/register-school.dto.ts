import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, countryCode, FIELD_LIMITS, ValidatedBy } from '@app/base';

export const RegisterSchoolSchema = z.strictObject({
  name: boundedString(FIELD_LIMITS.name),
  country: countryCode(),
});

@ValidatedBy(RegisterSchoolSchema)
export class RegisterSchoolDto {
  @ApiProperty({ example: 'Shenzhen Polytechnic Vocational College' })
  name: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' })
  country: string;
}

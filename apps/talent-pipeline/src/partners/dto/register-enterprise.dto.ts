import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, countryCode, FIELD_LIMITS, ValidatedBy } from '@app/base';

export const RegisterEnterpriseSchema = z.strictObject({
  name: boundedString(FIELD_LIMITS.name),
  country: countryCode(),
  industry: boundedString(FIELD_LIMITS.code).optional(),
});

@ValidatedBy(RegisterEnterpriseSchema)
export class RegisterEnterpriseDto {
  @ApiProperty({ example: 'Precision Motors Ltd.' })
  name: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' })
  country: string;

  @ApiPropertyOptional({ example: 'manufacturing' })
  industry?: string;
}

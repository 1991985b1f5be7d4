import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, FIELD_LIMITS, ValidatedBy } from '@app/base';

export const HrOpenIdentifierSchema = z.strictObject({
  value: boundedString(FIELD_LIMITS.name),
  schemeId: boundedString(FIELD_LIMITS.name),
  schemeAgencyId: boundedString(FIELD_LIMITS.name).optional(),
});

/** HR Open Standards identifier `{value, schemeId, schemeAgencyId}`. */
@ValidatedBy(HrOpenIdentifierSchema)
export class HrOpenIdentifierDto {
  @ApiProperty({ example: 'E-10042' })
  value: string;

  @ApiProperty({ example: 'employee-number' })
  schemeId: string;

  @ApiPropertyOptional({ example: 'precision-motors-sap' })
  schemeAgencyId?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, FIELD_LIMITS, httpUrl, ValidatedBy } from '@app/base';

export const SkillSchema = z.strictObject({
  label: boundedString(FIELD_LIMITS.name),
  escoUri: httpUrl(500).optional(),
});

@ValidatedBy(SkillSchema)
export class SkillDto {
  @ApiProperty({ example: 'CNC programming', description: 'Free label; compared case-insensitively when either side has no ESCO URI.' })
  label: string;

  @ApiPropertyOptional({
    example: 'http://data.europa.eu/esco/skill/cnc-programming',
    description: 'ESCO skill URI; when both the requisition and the student name one, matching compares these.',
  })
  escoUri?: string;
}

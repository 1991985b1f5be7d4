import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, FIELD_LIMITS, httpUrl, ValidatedBy } from '@app/base';

export const StudentSkillSchema = z.strictObject({
  label: boundedString(FIELD_LIMITS.name),
  escoUri: httpUrl(500).optional(),
});

@ValidatedBy(StudentSkillSchema)
export class StudentSkillDto {
  @ApiProperty({ example: 'operate CNC machines' })
  label: string;

  @ApiPropertyOptional({
    example: 'http://data.europa.eu/esco/skill/1f5ac0b1-0a1b-4c5d-9e8f-7a6b5c4d3e2f',
    description: 'The ESCO skill URI, when the school knows it.',
  })
  escoUri?: string;
}

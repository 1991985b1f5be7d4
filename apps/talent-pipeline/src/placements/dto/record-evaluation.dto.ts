import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, FIELD_LIMITS, ValidatedBy } from '@app/base';

const MAX_COMPETENCIES = 50;

export const RecordEvaluationSchema = z.strictObject({
  evaluator: boundedString(FIELD_LIMITS.name),
  scores: z
    .record(
      z
        .string()
        .max(100, 'competency names are 1-100 characters')
        .refine((name) => name.trim() !== '', 'competency names are 1-100 characters'),
      z.number().int('must be an integer from 1 to 5').min(1, 'must be an integer from 1 to 5').max(5, 'must be an integer from 1 to 5'),
    )
    .refine((scores) => Object.keys(scores).length > 0, 'must score at least one competency')
    .refine((scores) => Object.keys(scores).length <= MAX_COMPETENCIES, `at most ${MAX_COMPETENCIES} competencies`),
  comment: boundedString(FIELD_LIMITS.text, 0).optional(),
});

@ValidatedBy(RecordEvaluationSchema)
export class RecordEvaluationDto {
  @ApiProperty({ example: 'Zhang Min, workshop supervisor' })
  evaluator: string;

  @ApiProperty({
    example: { safety: 5, teamwork: 4, 'cnc-programming': 3 },
    description: `Competency name (1-100 characters) -> integer score 1 (poor) to 5 (excellent); 1 to ${MAX_COMPETENCIES} competencies.`,
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 1, maximum: 5 },
  })
  scores: Record<string, number>;

  @ApiPropertyOptional({ example: 'Reliable, learns fast; needs more practice on G-code.' })
  comment?: string;
}

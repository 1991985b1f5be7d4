import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';

export class RecordEvaluationDto {
  @ApiProperty({ example: 'Zhang Min, workshop supervisor' })
  @IsString()
  @Length(1, 200)
  evaluator: string;

  @ApiProperty({
    example: { safety: 5, teamwork: 4, 'cnc-programming': 3 },
    description: 'Competency name -> integer score 1 (poor) to 5 (excellent); at least one.',
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 1, maximum: 5 },
  })
  @IsObject()
  scores: Record<string, number>;

  @ApiPropertyOptional({ example: 'Reliable, learns fast; needs more practice on G-code.' })
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  comment?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_MATCH_LIMIT = 20;
export const MAX_MATCH_LIMIT = 200;

export class MatchesQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_MATCH_LIMIT,
    default: DEFAULT_MATCH_LIMIT,
    description: 'How many ranked students to return.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MATCH_LIMIT)
  limit?: number;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

/** Filters of the operator access log; all optional, combined with AND. */
export class AccessLogQuery {
  @ApiPropertyOptional({ description: 'Only reads that returned this student’s data.', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  studentId?: string;

  @ApiPropertyOptional({
    description: 'Only reads that returned this teacher’s data (teacher-secondment, rd-collaboration).',
    example: '6f1c2a9e-3b7d-4c1e-9a51-0f2d8e4b7c30',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'teacherId must be 1-100 characters of A-Z a-z 0-9 _ . : -' })
  teacherId?: string;

  @ApiPropertyOptional({ description: 'Only reads by this operator (the `X-Operator-Id` they sent).' })
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'operatorId must be 1-200 visible ASCII characters' })
  operatorId?: string;

  @ApiPropertyOptional({ description: 'From this time on (included), RFC 3339.', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this time (excluded), RFC 3339.', example: '2026-12-02T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: '1-1000, default 100' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

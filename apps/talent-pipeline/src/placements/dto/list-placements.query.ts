import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { PLACEMENT_STATUSES, PlacementStatus } from '../domain/placement-lifecycle';

/** Filters and page of a placement list (the enterprise's own list ignores enterpriseId). */
export class ListPlacementsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @ApiPropertyOptional({ description: 'Operator list only; the enterprise list is always its own.' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  studentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  requisitionId?: string;

  @ApiPropertyOptional({ enum: PLACEMENT_STATUSES })
  @IsOptional()
  @IsIn(PLACEMENT_STATUSES)
  status?: PlacementStatus;

  @ApiPropertyOptional({ description: '1-200, default 50' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  before?: string;
}

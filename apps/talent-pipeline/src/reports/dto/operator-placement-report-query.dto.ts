import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PlacementReportQueryDto } from './placement-report-query.dto';

export class OperatorPlacementReportQueryDto extends PlacementReportQueryDto {
  @ApiPropertyOptional({ description: 'One school; omit for the whole platform.' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

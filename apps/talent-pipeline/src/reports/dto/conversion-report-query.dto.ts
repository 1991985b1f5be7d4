import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ConversionReportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Overrides the Accept header (text/csv gives CSV).' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

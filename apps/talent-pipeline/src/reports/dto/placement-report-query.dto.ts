import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class PlacementReportQueryDto {
  @ApiPropertyOptional({ example: 'mechatronics' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  programme?: string;

  @ApiPropertyOptional({ example: '2025' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  cohort?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Overrides the Accept header (text/csv gives CSV).' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional({
    enum: ['summary', 'destinations'],
    description: 'CSV only: the rates per programme and cohort (default) or the destinations by enterprise and role.',
  })
  @IsOptional()
  @IsIn(['summary', 'destinations'])
  table?: 'summary' | 'destinations';
}

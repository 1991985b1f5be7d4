import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class LedgerExportQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Overrides the Accept header; default JSON.' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length } from 'class-validator';

export class SkillDto {
  @ApiProperty({ example: 'CNC programming', description: 'Free label; compared case-insensitively when either side has no ESCO URI.' })
  @IsString()
  @Length(1, 200)
  label: string;

  @ApiPropertyOptional({
    example: 'http://data.europa.eu/esco/skill/cnc-programming',
    description: 'ESCO skill URI; when both the requisition and the student name one, matching compares these.',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  @Length(1, 500)
  escoUri?: string;
}

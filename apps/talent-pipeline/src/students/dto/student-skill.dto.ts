import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length } from 'class-validator';

export class StudentSkillDto {
  @ApiProperty({ example: 'operate CNC machines' })
  @IsString()
  @Length(1, 200)
  label: string;

  @ApiPropertyOptional({
    example: 'http://data.europa.eu/esco/skill/1f5ac0b1-0a1b-4c5d-9e8f-7a6b5c4d3e2f',
    description: 'The ESCO skill URI, when the school knows it.',
  })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })
  escoUri?: string;
}

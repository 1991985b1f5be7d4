import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO31661Alpha2, IsOptional, IsString, Length } from 'class-validator';

export class RegisterEnterpriseDto {
  @ApiProperty({ example: 'Precision Motors Ltd.' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2()
  country: string;

  @ApiPropertyOptional({ example: 'manufacturing' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  industry?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** HR Open Standards identifier `{value, schemeId, schemeAgencyId}`. */
export class HrOpenIdentifierDto {
  @ApiProperty({ example: 'E-10042' })
  @IsString()
  @Length(1, 200)
  value: string;

  @ApiProperty({ example: 'employee-number' })
  @IsString()
  @Length(1, 200)
  schemeId: string;

  @ApiPropertyOptional({ example: 'precision-motors-sap' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  schemeAgencyId?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsISO31661Alpha2, IsString, Length } from 'class-validator';

export class RegisterSchoolDto {
  @ApiProperty({ example: 'Shenzhen Polytechnic Vocational College' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2()
  country: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { HrOpenIdentifierDto } from './hr-open-identifier.dto';

export class RegisterStudentDto {
  @ApiProperty()
  @IsUUID()
  schoolId: string;

  @ApiProperty({ example: 'Li' })
  @IsString()
  @Length(1, 100)
  givenName: string;

  @ApiProperty({ example: 'Wei' })
  @IsString()
  @Length(1, 100)
  familyName: string;

  @ApiProperty({ example: 'mechatronics' })
  @IsString()
  @Length(1, 100)
  programme: string;

  @ApiProperty({ example: '2025' })
  @IsString()
  @Length(1, 50)
  cohort: string;

  @ApiPropertyOptional({ type: [HrOpenIdentifierDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => HrOpenIdentifierDto)
  externalIds?: HrOpenIdentifierDto[];
}

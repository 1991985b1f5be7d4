import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { AvailabilityDto } from './availability.dto';
import { HrOpenIdentifierDto } from './hr-open-identifier.dto';
import { StudentSkillDto } from './student-skill.dto';

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

  @ApiPropertyOptional({ type: [StudentSkillDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => StudentSkillDto)
  skills?: StudentSkillDto[];

  @ApiPropertyOptional({ type: AvailabilityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AvailabilityDto)
  availability?: AvailabilityDto;
}

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { REQUISITION_KINDS, RequisitionKind } from '@app/contracts';
import { DatePeriodDto } from './date-period.dto';
import { SkillDto } from './skill.dto';

export class OpenRequisitionDto {
  @ApiProperty({ example: 'CNC operator trainee' })
  @IsString()
  @Length(1, 200)
  role: string;

  @ApiProperty({ type: [SkillDto], description: 'Skills asked for; may be empty.' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SkillDto)
  skills: SkillDto[];

  @ApiProperty({ example: 2, minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  headcount: number;

  @ApiProperty({ enum: REQUISITION_KINDS })
  @IsIn(REQUISITION_KINDS)
  kind: RequisitionKind;

  @ApiProperty({ type: DatePeriodDto })
  @ValidateNested()
  @Type(() => DatePeriodDto)
  period: DatePeriodDto;

  @ApiProperty({ example: 'Suzhou' })
  @IsString()
  @Length(1, 200)
  location: string;
}

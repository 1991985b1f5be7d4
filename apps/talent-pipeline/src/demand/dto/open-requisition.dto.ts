import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { REQUISITION_KINDS, RequisitionKind } from '@app/contracts';
import { boundedArray, boundedString, FIELD_LIMITS, ValidatedBy } from '@app/base';
import { DatePeriodDto, DatePeriodSchema } from './date-period.dto';
import { SkillDto, SkillSchema } from './skill.dto';

export const OpenRequisitionSchema = z.strictObject({
  role: boundedString(FIELD_LIMITS.name),
  skills: boundedArray(SkillSchema, 100),
  headcount: z.number().int().min(1).max(10000),
  kind: z.enum(REQUISITION_KINDS),
  period: DatePeriodSchema,
  location: boundedString(FIELD_LIMITS.name),
});

@ValidatedBy(OpenRequisitionSchema)
export class OpenRequisitionDto {
  @ApiProperty({ example: 'CNC operator trainee' })
  role: string;

  @ApiProperty({ type: [SkillDto], description: 'Skills asked for; may be empty.' })
  skills: SkillDto[];

  @ApiProperty({ example: 2, minimum: 1, maximum: 10000 })
  headcount: number;

  @ApiProperty({ enum: REQUISITION_KINDS })
  kind: RequisitionKind;

  @ApiProperty({ type: DatePeriodDto })
  period: DatePeriodDto;

  @ApiProperty({ example: 'Suzhou' })
  location: string;
}

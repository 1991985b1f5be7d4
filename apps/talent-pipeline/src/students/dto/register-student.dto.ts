import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedArray, boundedString, FIELD_LIMITS, uuidString, ValidatedBy } from '@app/base';
import { AvailabilityDto, AvailabilitySchema } from './availability.dto';
import { HrOpenIdentifierDto, HrOpenIdentifierSchema } from './hr-open-identifier.dto';
import { StudentSkillDto, StudentSkillSchema } from './student-skill.dto';

export const RegisterStudentSchema = z.strictObject({
  schoolId: uuidString(),
  givenName: boundedString(FIELD_LIMITS.code),
  familyName: boundedString(FIELD_LIMITS.code),
  programme: boundedString(FIELD_LIMITS.code),
  cohort: boundedString(50),
  externalIds: boundedArray(HrOpenIdentifierSchema, 20).optional(),
  skills: boundedArray(StudentSkillSchema, 200).optional(),
  availability: AvailabilitySchema.optional(),
});

@ValidatedBy(RegisterStudentSchema)
export class RegisterStudentDto {
  @ApiProperty({ format: 'uuid' })
  schoolId: string;

  @ApiProperty({ example: 'Li' })
  givenName: string;

  @ApiProperty({ example: 'Wei' })
  familyName: string;

  @ApiProperty({ example: 'mechatronics' })
  programme: string;

  @ApiProperty({ example: '2025' })
  cohort: string;

  @ApiPropertyOptional({ type: [HrOpenIdentifierDto] })
  externalIds?: HrOpenIdentifierDto[];

  @ApiPropertyOptional({ type: [StudentSkillDto] })
  skills?: StudentSkillDto[];

  @ApiPropertyOptional({ type: AvailabilityDto })
  availability?: AvailabilityDto;
}

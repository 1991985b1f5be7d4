import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidatedBy } from '@app/base';
import { AvailabilityDto } from './availability.dto';
import { HrOpenIdentifierDto } from './hr-open-identifier.dto';
import { RegisterStudentSchema } from './register-student.dto';
import { StudentSkillDto } from './student-skill.dto';

/** A school registering one of its own students: the operator's body without `schoolId`, which the path names. */
export const RegisterSchoolStudentSchema = RegisterStudentSchema.omit({ schoolId: true });

@ValidatedBy(RegisterSchoolStudentSchema)
export class RegisterSchoolStudentDto {
  @ApiProperty({ example: 'Li' })
  givenName: string;

  @ApiProperty({ example: 'Wei' })
  familyName: string;

  @ApiProperty({ example: 'mechatronics' })
  programme: string;

  @ApiProperty({ example: '2025' })
  cohort: string;

  @ApiPropertyOptional({
    type: [HrOpenIdentifierDto],
    description: "The school's own student number among them lets it find the student later.",
  })
  externalIds?: HrOpenIdentifierDto[];

  @ApiPropertyOptional({ type: [StudentSkillDto] })
  skills?: StudentSkillDto[];

  @ApiPropertyOptional({ type: AvailabilityDto })
  availability?: AvailabilityDto;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedArray, boundedString, FIELD_LIMITS, ValidatedBy } from '@app/base';
import { AvailabilityDto, AvailabilitySchema } from './availability.dto';
import { HrOpenIdentifierDto, HrOpenIdentifierSchema } from './hr-open-identifier.dto';
import { StudentSkillDto, StudentSkillSchema } from './student-skill.dto';

/**
 * A JSON merge patch (RFC 7396) of a student's profile: a field present replaces the stored one,
 * `null` removes an optional one, an absent one stays. The school is not among them: a move to
 * another school has rules of its own (TransferStudentDto).
 */
export const UpdateStudentSchema = z
  .strictObject({
    givenName: boundedString(FIELD_LIMITS.code).optional(),
    familyName: boundedString(FIELD_LIMITS.code).optional(),
    programme: boundedString(FIELD_LIMITS.code).optional(),
    cohort: boundedString(50).optional(),
    // `null` is the empty list: a student always has a list of ids, possibly empty.
    externalIds: boundedArray(HrOpenIdentifierSchema, 20).nullable().optional(),
    skills: boundedArray(StudentSkillSchema, 200).nullable().optional(),
    availability: AvailabilitySchema.nullable().optional(),
    // Named so the refusal says why, rather than "unrecognized key".
    schoolId: z.never("a student's school changes only by a move, the operator's POST /v1/students/{id}/school-transfers").optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

@ValidatedBy(UpdateStudentSchema)
export class UpdateStudentDto {
  @ApiPropertyOptional({ example: 'Li' })
  givenName?: string;

  @ApiPropertyOptional({ example: 'Wei' })
  familyName?: string;

  @ApiPropertyOptional({ example: 'mechatronics' })
  programme?: string;

  @ApiPropertyOptional({ example: '2025' })
  cohort?: string;

  @ApiPropertyOptional({
    type: [HrOpenIdentifierDto],
    nullable: true,
    description: 'Replaces every identifier; ERP hires naming a removed one no longer find the student. `null` removes them all.',
  })
  externalIds?: HrOpenIdentifierDto[] | null;

  @ApiPropertyOptional({ type: [StudentSkillDto], nullable: true, description: 'Replaces every skill; `null` removes them.' })
  skills?: StudentSkillDto[] | null;

  @ApiPropertyOptional({ type: AvailabilityDto, nullable: true, description: 'Replaces the availability; `null` removes it.' })
  availability?: AvailabilityDto | null;
}

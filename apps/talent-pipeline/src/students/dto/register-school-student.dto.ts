import { OmitType } from '@nestjs/swagger';
import { ValidatedBy } from '@app/base';
import { RegisterStudentDto, RegisterStudentSchema } from './register-student.dto';

/** A school registering one of its own students: the operator's body without `schoolId`, which the path names. */
export const RegisterSchoolStudentSchema = RegisterStudentSchema.omit({ schoolId: true });

@ValidatedBy(RegisterSchoolStudentSchema)
export class RegisterSchoolStudentDto extends OmitType(RegisterStudentDto, ['schoolId'] as const) {}

import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { uuidString, ValidatedBy } from '@app/base';

export const TransferStudentSchema = z.strictObject({ schoolId: uuidString() });

@ValidatedBy(TransferStudentSchema)
export class TransferStudentDto {
  @ApiProperty({ format: 'uuid', description: 'The school the student moves to.' })
  schoolId: string;
}

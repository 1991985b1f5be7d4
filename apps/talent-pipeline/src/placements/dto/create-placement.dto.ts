import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { PLACEMENT_KINDS, PlacementKind } from '@app/contracts';
import { boundedString, dateOrDateTime, FIELD_LIMITS, uuidString, ValidatedBy } from '@app/base';

export const CreatePlacementSchema = z.strictObject({
  studentId: uuidString(),
  enterpriseId: uuidString(),
  requisitionId: uuidString().optional(),
  kind: z.enum(PLACEMENT_KINDS),
  role: boundedString(FIELD_LIMITS.name),
  startDate: dateOrDateTime(),
  endDate: dateOrDateTime().optional(),
  guardianRequired: z.boolean().optional(),
  birthDate: dateOrDateTime().optional(),
});

@ValidatedBy(CreatePlacementSchema)
export class CreatePlacementDto {
  @ApiProperty({ format: 'uuid' })
  studentId: string;

  @ApiProperty({ format: 'uuid' })
  enterpriseId: string;

  @ApiPropertyOptional({
    description: 'The requisition (enterprise demand) this placement fills; it must be open and of the same kind.',
    format: 'uuid',
  })
  requisitionId?: string;

  @ApiProperty({ enum: PLACEMENT_KINDS })
  kind: PlacementKind;

  @ApiProperty({ example: 'CNC machining intern' })
  role: string;

  @ApiProperty({ example: '2026-03-01' })
  startDate: string;

  @ApiPropertyOptional({ example: '2026-08-31' })
  endDate?: string;

  @ApiPropertyOptional({ description: 'The student is a minor: the guardian, not the student, signs the agreement.' })
  guardianRequired?: boolean;

  @ApiPropertyOptional({
    example: '2009-05-14',
    description:
      'Used only to decide whether a guardian must sign (under 18 on startDate); not stored. Must be before startDate (400 naming birthDate).',
  })
  birthDate?: string;
}

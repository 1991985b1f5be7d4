import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, uuidString, ValidatedBy } from '@app/base';

/** The contract's bound (privacy.erasure.requested.v1 carries the reason). */
const REASON_MAX = 500;

export const SchoolErasureSchema = z.strictObject({
  reason: boundedString(REASON_MAX).optional(),
});

/** A school's request for one of its students; the reason defaults to the GDPR/PIPL ground. */
@ValidatedBy(SchoolErasureSchema)
export class SchoolErasureDto {
  @ApiPropertyOptional({
    maxLength: REASON_MAX,
    example: 'GDPR Art. 17(1)(b): the student withdrew consent',
    description: 'Why, in words (the legal ground); never personal data. Default: "requested by the school".',
  })
  reason?: string;
}

export const OperatorErasureSchema = z.strictObject({
  studentId: uuidString(),
  reason: boundedString(REASON_MAX),
});

/** The operator files on the person's own request; the reason is required (it is the record of that request). */
@ValidatedBy(OperatorErasureSchema)
export class OperatorErasureDto {
  @ApiProperty({ format: 'uuid' })
  studentId: string;

  @ApiProperty({
    maxLength: REASON_MAX,
    example: "PIPL Art. 47: the person's request of 2026-11-30, ticket 4411",
    description: 'Why, in words (the legal ground and where the request came from); never personal data.',
  })
  reason: string;
}

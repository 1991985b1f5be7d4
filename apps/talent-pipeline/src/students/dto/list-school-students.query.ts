import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, FIELD_LIMITS, ValidatedBy } from '@app/base';

export const ListSchoolStudentsSchema = z
  .strictObject({
    programme: boundedString(FIELD_LIMITS.code).optional(),
    cohort: boundedString(50).optional(),
    // As long as a stored HR id may be (HrOpenIdentifierSchema).
    schemeId: boundedString(FIELD_LIMITS.name).optional(),
    externalId: boundedString(FIELD_LIMITS.name).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: boundedString(200).optional(),
  })
  // An id means something only within its scheme: one without the other would match by accident.
  .refine((query) => query.externalId === undefined || query.schemeId !== undefined, {
    path: ['schemeId'],
    message: 'required with externalId',
  })
  .refine((query) => query.schemeId === undefined || query.externalId !== undefined, {
    path: ['externalId'],
    message: 'required with schemeId',
  });

/** Filters and page of a school's own students, newest registration first. */
@ValidatedBy(ListSchoolStudentsSchema)
export class ListSchoolStudentsQuery {
  @ApiPropertyOptional()
  programme?: string;

  @ApiPropertyOptional()
  cohort?: string;

  @ApiPropertyOptional({ description: 'With `externalId`: the student known by this HR id (e.g. `student-number`).' })
  schemeId?: string;

  @ApiPropertyOptional({ description: 'With `schemeId`: the value of the HR id, e.g. the school’s own student number.' })
  externalId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  limit: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  before?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, ValidatedBy } from '@app/base';

export const ListStudentChangesSchema = z.strictObject({
  after: boundedString(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Where a school's change feed continues, and how many changes at most. */
@ValidatedBy(ListStudentChangesSchema)
export class ListStudentChangesQuery {
  @ApiPropertyOptional({ description: '`nextCursor` of the previous page; none: from the first change.' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  limit: number;
}

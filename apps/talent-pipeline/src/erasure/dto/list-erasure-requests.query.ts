import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, uuidString, ValidatedBy } from '@app/base';
import { ERASURE_ORIGINS } from '@app/contracts';
import { ERASURE_STATUSES, ErasureStatus } from '../domain/erasure-status';
import { ErasureOrigin } from '../erasure-request.document';

export const ListErasureRequestsSchema = z.strictObject({
  status: z.enum(ERASURE_STATUSES).optional(),
  origin: z.enum(ERASURE_ORIGINS).optional(),
  schoolId: uuidString().optional(),
  studentId: uuidString().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: boundedString(200).optional(),
});

/** Filters and page of the operator's list of erasure requests, newest first. */
@ValidatedBy(ListErasureRequestsSchema)
export class ListErasureRequestsQuery {
  @ApiPropertyOptional({ enum: ERASURE_STATUSES })
  status?: ErasureStatus;

  @ApiPropertyOptional({ enum: ERASURE_ORIGINS })
  origin?: ErasureOrigin;

  @ApiPropertyOptional({ format: 'uuid' })
  schoolId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  studentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  limit: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  before?: string;
}

/** A school's own list: the same page, without the school filter. */
export const SchoolListErasureRequestsSchema = ListErasureRequestsSchema.omit({ schoolId: true });

@ValidatedBy(SchoolListErasureRequestsSchema)
export class SchoolListErasureRequestsQuery {
  @ApiPropertyOptional({ enum: ERASURE_STATUSES })
  status?: ErasureStatus;

  @ApiPropertyOptional({ enum: ERASURE_ORIGINS })
  origin?: ErasureOrigin;

  @ApiPropertyOptional({ format: 'uuid' })
  studentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  limit: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  before?: string;
}

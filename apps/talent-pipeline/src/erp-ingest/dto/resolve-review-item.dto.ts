import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { uuidString, ValidatedBy } from '@app/base';

export const ResolveReviewItemSchema = z
  .strictObject({
    placementId: uuidString().optional(),
    studentId: uuidString().optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.placementId === undefined) === (body.studentId === undefined)) {
      // Neither: name the usual one; both: name the one to drop.
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of placementId and studentId',
        path: [body.placementId ? 'studentId' : 'placementId'],
      });
    }
  });

@ValidatedBy(ResolveReviewItemSchema)
export class ResolveReviewItemDto {
  @ApiPropertyOptional({ description: 'The placement the ERP event is about (give this or studentId).', format: 'uuid' })
  placementId?: string;

  @ApiPropertyOptional({
    description: "The student the ERP event is about: the student's hireable placement at the event's enterprise is used.",
    format: 'uuid',
  })
  studentId?: string;
}

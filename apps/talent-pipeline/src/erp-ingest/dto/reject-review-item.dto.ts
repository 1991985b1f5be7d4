import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, ValidatedBy } from '@app/base';

export const RejectReviewItemSchema = z.strictObject({
  reason: boundedString(500),
});

@ValidatedBy(RejectReviewItemSchema)
export class RejectReviewItemDto {
  @ApiProperty({ example: 'duplicate hire entered by mistake in the ERP', maxLength: 500 })
  reason: string;
}

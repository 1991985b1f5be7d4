import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, ValidatedBy } from '@app/base';
import { AGREEMENT_STATUSES, AgreementStatus } from '../domain/agreement-lifecycle';

export const ChangeAgreementStatusSchema = z.strictObject({
  to: z.enum(AGREEMENT_STATUSES),
  reason: boundedString(500).optional(),
});

@ValidatedBy(ChangeAgreementStatusSchema)
export class ChangeAgreementStatusDto {
  @ApiProperty({ enum: AGREEMENT_STATUSES, description: 'The status to move the agreement to; illegal moves get 409.' })
  to: AgreementStatus;

  @ApiPropertyOptional({ example: 'signed by both partners on 2026-02-20', maxLength: 500 })
  reason?: string;
}

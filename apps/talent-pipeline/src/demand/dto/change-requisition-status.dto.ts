import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidatedBy } from '@app/base';
import { REQUISITION_STATUSES, RequisitionStatus } from '../domain/requisition-lifecycle';

export const ChangeRequisitionStatusSchema = z.strictObject({ to: z.enum(REQUISITION_STATUSES) });

@ValidatedBy(ChangeRequisitionStatusSchema)
export class ChangeRequisitionStatusDto {
  @ApiProperty({ enum: REQUISITION_STATUSES, description: 'open -> filled | closed; illegal moves get 409.' })
  to: RequisitionStatus;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { REQUISITION_STATUSES, RequisitionStatus } from '../domain/requisition-lifecycle';

export class ChangeRequisitionStatusDto {
  @ApiProperty({ enum: REQUISITION_STATUSES, description: 'open -> filled | closed; illegal moves get 409.' })
  @IsIn(REQUISITION_STATUSES)
  to: RequisitionStatus;
}

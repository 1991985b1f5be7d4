import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { REQUISITION_STATUSES, RequisitionStatus } from '../domain/requisition-lifecycle';

export class ListRequisitionsQuery {
  @ApiPropertyOptional({ enum: REQUISITION_STATUSES })
  @IsOptional()
  @IsIn(REQUISITION_STATUSES)
  status?: RequisitionStatus;
}

/** Operator listing: across enterprises, optionally narrowed to one. */
export class ListAllRequisitionsQuery extends ListRequisitionsQuery {
  @ApiPropertyOptional({ description: 'Only this enterprise.' })
  @IsOptional()
  @IsUUID()
  enterpriseId?: string;
}

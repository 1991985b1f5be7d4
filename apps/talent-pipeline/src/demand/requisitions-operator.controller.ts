import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf } from '@app/base';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, OperatorAuth } from '../shared/api-docs';
import { ListAllRequisitionsQuery } from './dto/list-requisitions.query';
import { RequisitionList, RequisitionListSchema } from './requisition.response';
import { requisitionView } from './requisition.view';
import { RequisitionsService } from './requisitions.service';

@ApiTags('requisitions')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/requisitions')
export class RequisitionsOperatorController {
  constructor(private readonly requisitions: RequisitionsService) {}

  @Get()
  @ApiOperation({ summary: 'Requisitions of all enterprises, newest first (at most 500), by status and enterprise (operator).' })
  @ApiOkResponse({ description: 'Requisitions, newest first.', schema: openApiSchemaOf(RequisitionListSchema) })
  @ApiInvalidRequest('Unknown `status`, or `enterpriseId` is not a UUID.')
  async list(@Query() query: ListAllRequisitionsQuery): Promise<RequisitionList> {
    return { items: (await this.requisitions.list({ enterpriseId: query.enterpriseId, status: query.status })).map(requisitionView) };
  }
}

import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../partners/admin.guard';
import { ListAllRequisitionsQuery } from './dto/list-requisitions.query';
import { requisitionView } from './requisition.view';
import { RequisitionsService } from './requisitions.service';

@ApiTags('requisitions')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('v1/requisitions')
export class RequisitionsOperatorController {
  constructor(private readonly requisitions: RequisitionsService) {}

  @Get()
  @ApiOperation({ summary: 'Requisitions of all enterprises, newest first (at most 500), by status and enterprise (operator).' })
  async list(@Query() query: ListAllRequisitionsQuery) {
    return { items: (await this.requisitions.list({ enterpriseId: query.enterpriseId, status: query.status })).map(requisitionView) };
  }
}

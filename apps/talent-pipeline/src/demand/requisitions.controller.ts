import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ProblemException } from '@app/platform/http/problem.exception';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { IllegalRequisitionTransitionError } from './domain/requisition-lifecycle';
import { ChangeRequisitionStatusDto } from './dto/change-requisition-status.dto';
import { ListRequisitionsQuery } from './dto/list-requisitions.query';
import { OpenRequisitionDto } from './dto/open-requisition.dto';
import { requisitionView } from './requisition.view';
import { RequisitionsService } from './requisitions.service';

@ApiTags('requisitions')
@ApiBearerAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/requisitions')
export class RequisitionsController {
  constructor(private readonly requisitions: RequisitionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a requisition (talent demand) of the enterprise; publishes talent.requisition.opened.v1.' })
  async open(@Param('enterpriseId', ParseUUIDPipe) enterpriseId: string, @Body() dto: OpenRequisitionDto, @Req() req: Request) {
    return requisitionView(await this.requisitions.open(enterpriseId, dto, String(req.id)));
  }

  @Get()
  @ApiOperation({ summary: "The enterprise's requisitions, newest first (at most 500), optionally by status." })
  async list(@Param('enterpriseId', ParseUUIDPipe) enterpriseId: string, @Query() query: ListRequisitionsQuery) {
    return { items: (await this.requisitions.list({ enterpriseId, status: query.status })).map(requisitionView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One requisition of the enterprise.' })
  async get(@Param('enterpriseId', ParseUUIDPipe) enterpriseId: string, @Param('id', ParseUUIDPipe) id: string) {
    return requisitionView(await this.requisitions.get(enterpriseId, id));
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a requisition filled or closed; illegal moves get 409. Publishes talent.requisition.status-changed.v1.' })
  async changeStatus(
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ChangeRequisitionStatusDto,
    @Req() req: Request,
  ) {
    try {
      return requisitionView(await this.requisitions.changeStatus(enterpriseId, id, dto.to, String(req.id)));
    } catch (error) {
      if (error instanceof IllegalRequisitionTransitionError) {
        throw new ProblemException(409, 'illegal transition', error.message, [{ field: 'to', message: error.message }]);
      }
      throw error;
    }
  }
}

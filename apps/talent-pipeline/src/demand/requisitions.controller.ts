import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { openApiSchemaOf, ProblemException, ParseUuidParam } from '@app/base';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { ApiInvalidRequest, ApiProblem, EnterpriseAuth } from '../shared/api-docs';
import { IllegalRequisitionTransitionError } from './domain/requisition-lifecycle';
import { ChangeRequisitionStatusDto } from './dto/change-requisition-status.dto';
import { ListRequisitionsQuery } from './dto/list-requisitions.query';
import { OpenRequisitionDto } from './dto/open-requisition.dto';
import { RequisitionList, RequisitionListSchema, RequisitionView, RequisitionViewSchema } from './requisition.response';
import { requisitionView } from './requisition.view';
import { RequisitionsService } from './requisitions.service';

@ApiTags('requisitions')
@EnterpriseAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/requisitions')
export class RequisitionsController {
  constructor(private readonly requisitions: RequisitionsService) {}

  @Post()
  @ApiOperation({
    summary: 'Open a requisition (talent demand) of the enterprise; publishes talent.requisition.opened.v1.',
    description: 'The ERP can do the same with erp.requisition.v1 CloudEvents to POST /v1/erp/events.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried POST with the same key returns the requisition it opened.',
  })
  @ApiCreatedResponse({ description: 'The requisition, status open.', schema: openApiSchemaOf(RequisitionViewSchema) })
  @ApiOkResponse({
    description: 'A retry with an Idempotency-Key already used for the same content: the stored requisition, nothing opened.',
    schema: openApiSchemaOf(RequisitionViewSchema),
  })
  @ApiInvalidRequest('A field is invalid, the period ends before it starts, or a malformed Idempotency-Key.')
  @ApiProblem(422, 'The Idempotency-Key was already used for a requisition with other content.')
  async open(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Body() dto: OpenRequisitionDto,
    @Req() req: Request,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequisitionView> {
    const { requisition, replayed } = await this.requisitions.open(enterpriseId, dto, String(req.id), idempotencyKey);
    res.status(replayed ? 200 : 201);
    return requisitionView(requisition);
  }

  @Get()
  @ApiOperation({ summary: "The enterprise's requisitions, newest first (at most 500), optionally by status." })
  @ApiOkResponse({ description: "The enterprise's requisitions, newest first.", schema: openApiSchemaOf(RequisitionListSchema) })
  @ApiInvalidRequest('Unknown `status`.')
  async list(@Param('enterpriseId', ParseUuidParam) enterpriseId: string, @Query() query: ListRequisitionsQuery): Promise<RequisitionList> {
    return { items: (await this.requisitions.list({ enterpriseId, status: query.status })).map(requisitionView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One requisition of the enterprise.' })
  @ApiOkResponse({
    description: 'The requisition with its status history (and `erp` when it came from the ERP).',
    schema: openApiSchemaOf(RequisitionViewSchema),
  })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(404, 'No requisition with this id at this enterprise.')
  async get(@Param('enterpriseId', ParseUuidParam) enterpriseId: string, @Param('id', ParseUuidParam) id: string) {
    return requisitionView(await this.requisitions.get(enterpriseId, id));
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a requisition filled or closed; illegal moves get 409. Publishes talent.requisition.status-changed.v1.' })
  @ApiOkResponse({ description: 'The requisition after the change.', schema: openApiSchemaOf(RequisitionViewSchema) })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No requisition with this id at this enterprise.')
  @ApiProblem(409, 'open -> filled | closed only; filled and closed are final.')
  async changeStatus(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('id', ParseUuidParam) id: string,
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

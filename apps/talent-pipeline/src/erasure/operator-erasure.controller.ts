import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { actingOperatorId, openApiSchemaOf, ParseUuidParam } from '@app/base';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { OperatorErasureDto } from './dto/file-erasure.dto';
import { ListErasureRequestsQuery } from './dto/list-erasure-requests.query';
import { ErasureRequestPageSchema, ErasureRequestViewSchema } from './erasure-request.response';
import { erasureRequestPageView, erasureRequestView } from './erasure.view';
import { ErasureService } from './erasure.service';

/** An operator id worth recording (visible ASCII, bounded); anything else is recorded as plain `operator`. */
const OPERATOR_ID = /^[\x21-\x7e]{1,100}$/;

/** Erasure requests filed by the operator on a person's request, and every request's proof (operator token). */
@ApiTags('erasure')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/operator/erasure-requests')
export class OperatorErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: "File an erasure request on the person's own request (operator).",
    description: 'Same flow as a school filing; `reason` is required. While a request for the student is open, returns that one.',
  })
  @ApiHeader({
    name: 'x-operator-id',
    required: false,
    description:
      'Who files, with the shared token: recorded as `requestedBy: operator:<id>`. An operator key records its own id (a header naming another is 403).',
  })
  @ApiAcceptedResponse({ description: 'The request (see GET).', schema: openApiSchemaOf(ErasureRequestViewSchema) })
  @ApiInvalidRequest('`studentId` is not a UUID or `reason` is missing or too long.')
  @ApiProblem(404, 'No student with this id (or already erased).')
  async file(@Body() dto: OperatorErasureDto, @Req() req: Request) {
    const id = actingOperatorId(req);
    const filer = { kind: 'operator' as const, ...(id && OPERATOR_ID.test(id) ? { operatorId: id } : {}) };
    const { request } = await this.erasure.file(dto.studentId, dto.reason, filer);
    return erasureRequestView(request);
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'Any erasure request with its completion proof (operator).' })
  @ApiOkResponse({
    description: 'status, services[] (confirmations), recipients[] (notice results).',
    schema: openApiSchemaOf(ErasureRequestViewSchema),
  })
  @ApiInvalidRequest('`requestId` is not a UUID.')
  @ApiProblem(404, 'No erasure request with this id.')
  async get(@Param('requestId', ParseUuidParam) requestId: string) {
    return erasureRequestView(await this.erasure.get(requestId));
  }

  @Get()
  @ApiOperation({ summary: 'Erasure requests, newest first, filtered by status, origin, school or student (operator).' })
  @ApiOkResponse({ description: '{items: [request], nextCursor}', schema: openApiSchemaOf(ErasureRequestPageSchema) })
  @ApiInvalidRequest('A query parameter is invalid.')
  async list(@Query() query: ListErasureRequestsQuery) {
    const { limit, before, ...filter } = query;
    return erasureRequestPageView(await this.erasure.list(filter, { limit, before }));
  }
}

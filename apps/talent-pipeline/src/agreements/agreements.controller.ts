import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { ApiIdempotencyKey, checkedIdempotencyKey, openApiSchemaOf, ProblemException, ParseUuidParam } from '@app/base';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { AgreementList, AgreementListSchema, AgreementViewSchema } from './agreement.response';
import { agreementView } from './agreement.view';
import { AgreementsService } from './agreements.service';
import { IllegalAgreementTransitionError } from './domain/agreement-lifecycle';
import { ChangeAgreementStatusDto } from './dto/change-agreement-status.dto';
import { CreateAgreementDto } from './dto/create-agreement.dto';
import { ListAgreementsQuery } from './dto/list-agreements.query';

@ApiTags('agreements')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a cooperation agreement between a school and an enterprise (operator); it starts as draft.' })
  @ApiCreatedResponse({
    description: 'The agreement; talent.agreement.drafted.v1 is published on talent.agreement.v1.',
    schema: openApiSchemaOf(AgreementViewSchema),
  })
  @ApiIdempotencyKey(
    'A retry with the same key answers the agreement its first attempt recorded (200, as it stands now), before any check: recorded and announced once.',
    'Keys are the operators’ as one caller: two operators sending one key for different requests get the 422.',
  )
  @ApiOkResponse({
    description: 'A retry with an Idempotency-Key already used for the same request: the agreement it recorded, as it stands now.',
    schema: openApiSchemaOf(AgreementViewSchema),
  })
  @ApiProblem(422, 'The Idempotency-Key was already used with another request (`errors` names `Idempotency-Key`).')
  @ApiInvalidRequest(
    'A field is invalid, the school or enterprise is unknown, the period ends before it starts, or a malformed Idempotency-Key.',
  )
  async create(
    @Body() dto: CreateAgreementDto,
    @Req() req: Request,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { agreement, replayed } = await this.agreements.create(dto, String(req.id), checkedIdempotencyKey(idempotencyKey));
    res.status(replayed ? 200 : 201);
    return agreementView(agreement);
  }

  @Get()
  @ApiOperation({ summary: 'List agreements, optionally of one school, one enterprise and/or one status (operator).' })
  @ApiOkResponse({ description: '{items: [agreement]}, oldest first, at most 500.', schema: openApiSchemaOf(AgreementListSchema) })
  @ApiInvalidRequest('A query parameter is invalid.')
  async list(@Query() query: ListAgreementsQuery): Promise<AgreementList> {
    return { items: (await this.agreements.list(query)).map(agreementView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One agreement with its status history (operator).' })
  @ApiOkResponse({ description: 'The agreement.', schema: openApiSchemaOf(AgreementViewSchema) })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, 'No agreement with this id.')
  async get(@Param('id', ParseUuidParam) id: string) {
    return agreementView(await this.agreements.get(id));
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move an agreement along draft -> active -> suspended | terminated | expired (suspended -> active lifts a suspension).',
    description: 'Publishes talent.agreement.status-changed.v1 (the whole agreement, its new version and previousStatus).',
  })
  @ApiOkResponse({ description: 'The agreement after the change.', schema: openApiSchemaOf(AgreementViewSchema) })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No agreement with this id.')
  @ApiProblem(409, 'The lifecycle does not allow this move from the current status.')
  async changeStatus(@Param('id', ParseUuidParam) id: string, @Body() dto: ChangeAgreementStatusDto, @Req() req: Request) {
    try {
      return agreementView(await this.agreements.changeStatus(id, dto.to, { reason: dto.reason, correlationid: String(req.id) }));
    } catch (error) {
      if (error instanceof IllegalAgreementTransitionError) {
        throw new ProblemException(409, 'illegal transition', error.message, [{ field: 'to', message: error.message }]);
      }
      throw error;
    }
  }
}

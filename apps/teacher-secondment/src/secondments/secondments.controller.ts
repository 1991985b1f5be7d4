import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { z } from 'zod';
import { ApiIdempotencyKey, checkedIdempotencyKey, httpUrl, openApiSchemaOf, OperatorPersonalDataWrite, ParseUuidParam } from '@app/base';
import { idsIn, OperatorPersonalDataRead } from '@app/platform';
import { ApiProblems } from '../shared/api-docs';
import { SECONDMENT_STATUSES } from '@app/contracts';
import { AuthGuard, CurrentPrincipal, Roles } from '../access/auth.guard';
import { Principal } from '../access/principal';
import { DELIVERABLE_KINDS } from '../shared/deliverable-kinds';
import { boundedText, calendarDate, openApiBodySchemaOf, parseInput, uuid } from '../shared/zod-input';
import { SecondmentDisclosureInterceptor } from './secondment-disclosure.interceptor';
import { SecondmentList, SecondmentListSchema, SecondmentView, SecondmentViewSchema } from './secondment.response';
import { secondmentView } from './secondment.view';
import { SecondmentsService } from './secondments.service';

const RequestSchema = z.strictObject({
  teacherId: uuid,
  postId: uuid,
  period: z.strictObject({ start: calendarDate, end: calendarDate }).optional(),
});
const ApprovalSchema = z.strictObject({ party: z.enum(['school', 'enterprise']).optional() });
const ReasonSchema = z.strictObject({ reason: boundedText(1000) });
const LogSchema = z.strictObject({
  date: calendarDate,
  hours: z.number().positive().max(24),
  tasks: z.array(boundedText(500)).min(1).max(20),
  // http(s) only: these links are opened by the school, the host and the teacher, and z.url() lets javascript: and data: through.
  evidence: z.array(httpUrl(2000)).max(20).default([]),
});
const EvaluationSchema = z.strictObject({
  score: z.number().min(1).max(5),
  competencies: z.record(boundedText(100), z.number().min(1).max(5)).default({}),
  comment: boundedText(2000).optional(),
});
const DeliverableSchema = z.strictObject({ kind: z.enum(DELIVERABLE_KINDS), title: boundedText(300), url: httpUrl(2000).optional() });
const ListQuery = z.strictObject({ status: z.enum(SECONDMENT_STATUSES).optional(), teacherId: uuid.optional() });

const correlation = (req: Request) => String(req.id);

/** What an ending answers (ADR 0084 addendum). */
const ENDED_ANSWER =
  "Answered with the ended secondment once its own write is done. What follows (the seat freed, the teacher's booking freed unless " +
  'completed, the practice copied) is done before the answer; a step of it that fails is logged, not answered, and the repair pass ' +
  'finishes it (every COMPLIANCE_SWEEP_MS).';

@ApiTags('secondments')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@UseInterceptors(SecondmentDisclosureInterceptor)
@Controller('v1/secondments')
export class SecondmentsController {
  constructor(private readonly secondments: SecondmentsService) {}

  @Post()
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(201)
  @Roles('school', 'teacher', 'operator')
  @ApiOperation({
    summary: 'Request a secondment of a teacher on a host post (school staff, the teacher, or operator).',
    description:
      '409 when the post is full or the teacher already has an overlapping secondment; 422 when the period is outside the post or no agreement covers it (an agreement that lists `programmes` without `secondments` is named with body.postId). Publishes secondment.requested.v1.',
  })
  @ApiBody({ schema: openApiBodySchemaOf(RequestSchema) })
  @ApiIdempotencyKey(
    'A retry with the same key answers the secondment as it stands (201, same `id`), before any rule; requested and published once. ' +
      'While a twin with the key is still being handled, a 409 naming `Idempotency-Key` (retry it).',
  )
  @ApiCreatedResponse({ description: 'The secondment, status requested.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async request(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Req() req: Request,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<SecondmentView> {
    const key = checkedIdempotencyKey(idempotencyKey);
    return secondmentView(await this.secondments.request(principal, parseInput(RequestSchema, body), correlation(req), key));
  }

  @Get()
  @Roles('school', 'enterprise', 'teacher', 'operator', 'mentor')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: (answer) => ({ teacherIds: idsIn(answer, 'teacherId') }) })
  @ApiOperation({
    summary: "Secondments of the caller's tenant (school, enterprise, teacher; a mentor: those on its post), or all (operator).",
  })
  @ApiQuery({ name: 'status', required: false, enum: SECONDMENT_STATUSES })
  @ApiQuery({ name: 'teacherId', required: false })
  @ApiOkResponse({ description: 'The secondments.', schema: openApiSchemaOf(SecondmentListSchema) })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<SecondmentList> {
    return { items: (await this.secondments.list(principal, parseInput(ListQuery, query, 'query'))).map(secondmentView) };
  }

  @Get(':id')
  @Roles('school', 'enterprise', 'teacher', 'operator', 'mentor')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: (answer) => ({ teacherIds: idsIn(answer, 'teacherId') }) })
  @ApiOperation({
    summary: 'One secondment with its approvals, logs, evaluation and deliverables (another tenant: 404).',
    description:
      'Every answer to the host enterprise on these routes is recorded in the disclosure ledger (basis: the cooperation agreement; ADR 0041).',
  })
  @ApiOkResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidParam) id: string): Promise<SecondmentView> {
    return secondmentView(await this.secondments.get(principal, id));
  }

  @Post(':id/approvals')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(200)
  @Roles('school', 'enterprise', 'operator')
  @ApiOperation({
    summary: 'Approve as the school or as the enterprise (either order; who and when are recorded).',
    description:
      "The party is the caller's role; the operator names it in `party`. The second approval publishes secondment.approved.v1. A teacher gets 403.",
  })
  @ApiBody({ schema: openApiBodySchemaOf(ApprovalSchema) })
  @ApiOkResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<SecondmentView> {
    const { party } = parseInput(ApprovalSchema, body);
    return secondmentView(await this.secondments.approve(principal, id, party, correlation(req)));
  }

  @Post(':id/start')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(200)
  @Roles('school', 'enterprise', 'operator')
  @ApiOperation({ summary: 'approved -> active (publishes secondment.started.v1); 409 from any other status.' })
  @ApiOkResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Req() req: Request,
  ): Promise<SecondmentView> {
    return secondmentView(await this.secondments.start(principal, id, correlation(req)));
  }

  @Post(':id/complete')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(200)
  @Roles('school', 'enterprise', 'operator')
  @ApiOperation({
    summary: 'active -> completed (frees the seat; publishes secondment.completed.v1; compliance is recomputed).',
    description: ENDED_ANSWER,
  })
  @ApiOkResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async complete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Req() req: Request,
  ): Promise<SecondmentView> {
    return secondmentView(await this.secondments.complete(principal, id, correlation(req)));
  }

  @Post(':id/cancel')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(200)
  @Roles('school', 'enterprise', 'operator')
  @ApiOperation({
    summary: 'requested | approved | active -> cancelled, with a reason (frees the seat; publishes secondment.cancelled.v1).',
    description: ENDED_ANSWER,
  })
  @ApiBody({ schema: openApiBodySchemaOf(ReasonSchema) })
  @ApiOkResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<SecondmentView> {
    return secondmentView(await this.secondments.cancel(principal, id, parseInput(ReasonSchema, body).reason, correlation(req)));
  }

  @Post(':id/withdraw')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(200)
  @Roles('teacher', 'school', 'operator')
  @ApiOperation({
    summary: 'requested | approved -> withdrawn by the teacher or school (frees the seat; publishes secondment.withdrawn.v1).',
    description: ENDED_ANSWER,
  })
  @ApiBody({ schema: openApiBodySchemaOf(ReasonSchema) })
  @ApiOkResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<SecondmentView> {
    return secondmentView(await this.secondments.withdraw(principal, id, parseInput(ReasonSchema, body).reason, correlation(req)));
  }

  @Post(':id/logs')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(201)
  @Roles('teacher', 'school', 'operator')
  @ApiOperation({
    summary: 'Log a day of practice (date inside the period and not in the future, 0 < hours <= 24 a day, tasks, evidence links).',
    description:
      'Only while the secondment is active (409 otherwise, e.g. after completion); 422 for a date outside the period or more than 24 hours on a day.',
  })
  @ApiBody({ schema: openApiBodySchemaOf(LogSchema) })
  @ApiIdempotencyKey(
    'A retry with the same key answers the secondment as it stands (201, the log under the same `logId`), before any rule: the day is logged once.',
  )
  @ApiCreatedResponse({ description: 'The secondment with the new log.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async addLog(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<SecondmentView> {
    const key = checkedIdempotencyKey(idempotencyKey);
    return secondmentView(await this.secondments.addLog(principal, id, parseInput(LogSchema, body), key));
  }

  @Post(':id/logs/:logId/countersign')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(200)
  @Roles('mentor', 'enterprise', 'operator')
  @ApiOperation({
    summary: "The host's mentor (its own key, or the enterprise's) countersigns a log; only countersigned hours count as practice.",
    description:
      'A mentor key countersigns logs of secondments on its own post only (another post: 404); the log records who ' +
      "countersigned in `countersigner` ({role: 'mentor', id, name} or {role: 'enterprise', id}).",
  })
  @ApiOkResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async countersign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Param('logId', ParseUuidParam) logId: string,
  ): Promise<SecondmentView> {
    return secondmentView(await this.secondments.countersign(principal, id, logId));
  }

  @Post(':id/evaluation')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(201)
  @Roles('mentor', 'enterprise', 'operator')
  @ApiOperation({
    summary: "The mentor's evaluation (score 1-5, competencies), once, while active or completed.",
    description: "With a mentor key: its own post's secondments only; `evaluation.evaluator` names the mentor (or the enterprise key).",
  })
  @ApiBody({ schema: openApiBodySchemaOf(EvaluationSchema) })
  @ApiCreatedResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async evaluate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
  ): Promise<SecondmentView> {
    return secondmentView(await this.secondments.evaluate(principal, id, parseInput(EvaluationSchema, body)));
  }

  @Post(':id/deliverables')
  @OperatorPersonalDataWrite()
  @ApiProblems(409, 422)
  @HttpCode(201)
  @Roles('teacher', 'school', 'operator')
  @ApiOperation({ summary: 'Record a deliverable: course materials, a case study or a work-based-learning project.' })
  @ApiBody({ schema: openApiBodySchemaOf(DeliverableSchema) })
  @ApiIdempotencyKey(
    'A retry with the same key answers the secondment as it stands (201, the deliverable under the same `deliverableId`), before any rule: recorded once.',
  )
  @ApiCreatedResponse({ description: 'The secondment.', schema: openApiSchemaOf(SecondmentViewSchema) })
  async addDeliverable(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<SecondmentView> {
    const key = checkedIdempotencyKey(idempotencyKey);
    return secondmentView(await this.secondments.addDeliverable(principal, id, parseInput(DeliverableSchema, body), key));
  }
}

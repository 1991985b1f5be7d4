import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { openApiSchemaOf, ParseUuidParam, ParseIntParam } from '@app/base';
import { ApiInvalidRequest, ApiProblem, SchoolAuth } from '../shared/api-docs';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { ReplayDeliveriesDto } from './dto/replay-deliveries.dto';
import { RotateSecretDto } from './dto/rotate-secret.dto';
import { UpdateSubscriptionDto } from './dto/update-subscription.dto';
import { deliveryLogPage, deliveryLogView } from './delivery-log';
import { DELIVERY_STATUSES } from './webhook-delivery.document';
import { subscriptionView } from './webhook-subscription.document';
import {
  DeliveryLogPageSchema,
  DeliveryLogPageView,
  ReplayReceipt,
  ReplayReceiptSchema,
  SubscriptionList,
  SubscriptionListSchema,
  SubscriptionView,
  SubscriptionViewSchema,
  SubscriptionWithSecret,
  SubscriptionWithSecretSchema,
} from './webhook-subscription.response';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

@ApiTags('outcome subscriptions')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/webhook-subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly service: WebhookSubscriptionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Subscribe a URL to the school's placement outcomes. Returns the signing secret once.",
    description:
      'Filters: eventTypes, programmes, cohorts (each empty = all; all given filters must match). Deliveries are POSTs ' +
      'signed per Standard Webhooks (webhook-id = the outcome event id), retried on WEBHOOK_RETRY_SCHEDULE; 410 disables.',
  })
  @ApiCreatedResponse({
    description: 'The subscription with `secret` (whsec_…), shown only here and after a rotation.',
    schema: openApiSchemaOf(SubscriptionWithSecretSchema),
  })
  @ApiInvalidRequest()
  @ApiProblem(409, 'The school already has the maximum number of subscriptions (20).')
  async create(@Param('schoolId', ParseUuidParam) schoolId: string, @Body() dto: CreateSubscriptionDto): Promise<SubscriptionWithSecret> {
    const { subscription, secret } = await this.service.create(schoolId, dto);
    return { ...subscriptionView(subscription), secret };
  }

  @Get()
  @ApiOperation({ summary: "The school's webhook subscriptions (without secrets)." })
  @ApiOkResponse({ description: '{items: [subscription]}', schema: openApiSchemaOf(SubscriptionListSchema) })
  @ApiInvalidRequest('`schoolId` is not a UUID.')
  async list(@Param('schoolId', ParseUuidParam) schoolId: string): Promise<SubscriptionList> {
    return { items: (await this.service.listForSchool(schoolId)).map(subscriptionView) };
  }

  @Patch(':subscriptionId')
  @ApiOperation({
    summary: 'Change the URL or filters, or re-enable ({"status":"active"}) / pause ({"status":"disabled"}) a subscription.',
    description: 'Re-enabling does not resend what was cancelled while disabled; use replay for that.',
  })
  @ApiOkResponse({ description: 'The subscription after the change.', schema: openApiSchemaOf(SubscriptionViewSchema) })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No subscription with this id for this school.')
  async update(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('subscriptionId', ParseUuidParam) subscriptionId: string,
    @Body() dto: UpdateSubscriptionDto,
  ): Promise<SubscriptionView> {
    return subscriptionView(await this.service.update(schoolId, subscriptionId, dto));
  }

  @Post(':subscriptionId/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the signing secret. Returns the new secret once.',
    description:
      'During the grace period (default 24h) every delivery carries two space-separated v1 signatures, one per secret, ' +
      'so a receiver verifying with either secret accepts; afterwards only the new secret signs.',
  })
  @ApiOkResponse({
    description: 'The subscription with the new `secret` and `previousSecretExpiresAt`.',
    schema: openApiSchemaOf(SubscriptionWithSecretSchema),
  })
  @ApiInvalidRequest('`gracePeriodSeconds` is outside 0-604800.')
  @ApiProblem(404, 'No subscription with this id for this school.')
  @ApiProblem(409, 'Another rotation happened at the same time; rotate again if needed.')
  async rotateSecret(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('subscriptionId', ParseUuidParam) subscriptionId: string,
    @Body() dto: RotateSecretDto,
  ): Promise<SubscriptionWithSecret> {
    const graceMs = dto.gracePeriodSeconds === undefined ? undefined : dto.gracePeriodSeconds * 1000;
    const { subscription, secret } = await this.service.rotateSecret(schoolId, subscriptionId, graceMs);
    return { ...subscriptionView(subscription), secret };
  }

  @Post(':subscriptionId/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Deliver again every outcome recorded since a time that matches the subscription filters.',
    description:
      'Replayed deliveries keep the event id as webhook-id, so receivers that already processed one can dedupe. ' +
      'Events already delivered are delivered again; the same `replayId` twice enqueues nothing new. One replay runs at a ' +
      'time per subscription, at most WEBHOOK_REPLAY_MAX_EVENTS outcomes (default 10,000), and replayed deliveries go ' +
      'after live ones, sharing the worker fairly with other subscriptions.',
  })
  @ApiAcceptedResponse({ description: '{replayId, since, matched, enqueued}', schema: openApiSchemaOf(ReplayReceiptSchema) })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No subscription with this id for this school.')
  @ApiProblem(
    409,
    'The subscription is disabled (`subscription disabled`), or an earlier replay is still being delivered (`replay in progress`).',
  )
  @ApiProblem(422, 'More outcomes match than one replay may send (`replay too large`, field `since`): replay a shorter period.')
  async replay(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('subscriptionId', ParseUuidParam) subscriptionId: string,
    @Body() dto: ReplayDeliveriesDto,
  ): Promise<ReplayReceipt> {
    return this.service.replay(schoolId, subscriptionId, new Date(dto.since), dto.replayId);
  }

  @Get(':subscriptionId/deliveries')
  @ApiOperation({
    summary: 'Delivery log, newest first: every delivery with each attempt (time, HTTP status or error).',
    description: 'Pass `before` = a previous `nextCursor` for the next page.',
  })
  @ApiOkResponse({
    description: '{subscription, items: [{id, eventId, eventType, replayId?, status, attempts[], nextAttemptAt?}], nextCursor}',
    schema: openApiSchemaOf(DeliveryLogPageSchema),
  })
  @ApiInvalidRequest('Unknown `status`, `limit` outside 1-200, or `before` not a cursor of this API.')
  @ApiProblem(404, 'No subscription with this id for this school.')
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'before', required: false })
  async deliveriesOf(
    @Param('schoolId', ParseUuidParam) schoolId: string,
    @Param('subscriptionId', ParseUuidParam) subscriptionId: string,
    @Query('status') status?: string,
    @Query('limit', new DefaultValuePipe(50), ParseIntParam) limit = 50,
    @Query('before') before?: string,
  ): Promise<DeliveryLogPageView> {
    const page = deliveryLogPage(status, limit, before);
    const subscription = await this.service.get(schoolId, subscriptionId);
    return deliveryLogView(subscription, await this.service.deliveryLog(subscription, page), limit);
  }
}

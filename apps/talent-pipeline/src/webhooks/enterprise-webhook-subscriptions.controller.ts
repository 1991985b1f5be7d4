import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { openApiSchemaOf, ParseUuidParam, ParseIntParam } from '@app/base';
import { ApiInvalidRequest, ApiProblem, EnterpriseAuth } from '../shared/api-docs';
import { deliveryLogPage, deliveryLogView } from './delivery-log';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { RotateSecretDto } from './dto/rotate-secret.dto';
import { UpdateSubscriptionDto } from './dto/update-subscription.dto';
import { DELIVERY_STATUSES } from './webhook-delivery.document';
import { subscriptionView } from './webhook-subscription.document';
import {
  DeliveryLogPageSchema,
  DeliveryLogPageView,
  SubscriptionList,
  SubscriptionListSchema,
  SubscriptionView,
  SubscriptionViewSchema,
  SubscriptionWithSecret,
  SubscriptionWithSecretSchema,
} from './webhook-subscription.response';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/**
 * An enterprise's webhooks for the outcomes of its own placements (started, completed,
 * terminated, hired). Same signing, retries, 410 handling and public-host guard as a school's;
 * the student's personal fields only with consent in force at each attempt (docs/decisions/0039).
 */
@ApiTags('outcome subscriptions')
@EnterpriseAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/webhook-subscriptions')
export class EnterpriseWebhookSubscriptionsController {
  constructor(private readonly service: WebhookSubscriptionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Subscribe a URL to the outcomes of the enterprise's placements. Returns the signing secret once (enterprise API key).",
    description:
      'Filters and signing as for a school (Standard Webhooks, retried on WEBHOOK_RETRY_SCHEDULE, 410 disables). Each attempt ' +
      "carries the student's personal fields (studentId, programme, cohort, hire, endOfPlacement) only if the student's consent " +
      '`placement` or `data-sharing-with-enterprise` to this enterprise is in force at that moment, recorded in the disclosure ' +
      'ledger; otherwise the outcome without them and `data.redacted: {reason, fields}`.',
  })
  @ApiCreatedResponse({
    description: 'The subscription with `secret` (whsec_…), shown only here and after a rotation.',
    schema: openApiSchemaOf(SubscriptionWithSecretSchema),
  })
  @ApiInvalidRequest('A field is invalid, or the URL is not a public host.')
  @ApiProblem(409, 'The enterprise already has the maximum number of subscriptions (20).')
  async create(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Body() dto: CreateSubscriptionDto,
  ): Promise<SubscriptionWithSecret> {
    const { subscription, secret } = await this.service.createFor({ enterpriseId }, dto);
    return { ...subscriptionView(subscription), secret };
  }

  @Get()
  @ApiOperation({ summary: "The enterprise's webhook subscriptions, without secrets (enterprise API key)." })
  @ApiOkResponse({ description: '{items: [subscription]}', schema: openApiSchemaOf(SubscriptionListSchema) })
  @ApiInvalidRequest('`enterpriseId` is not a UUID.')
  async list(@Param('enterpriseId', ParseUuidParam) enterpriseId: string): Promise<SubscriptionList> {
    return { items: (await this.service.listForEnterprise(enterpriseId)).map(subscriptionView) };
  }

  @Patch(':subscriptionId')
  @ApiOperation({ summary: 'Change the URL or filters, or re-enable / pause a subscription (enterprise API key).' })
  @ApiOkResponse({ description: 'The subscription after the change.', schema: openApiSchemaOf(SubscriptionViewSchema) })
  @ApiInvalidRequest()
  @ApiProblem(404, 'No subscription with this id for this enterprise.')
  async update(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('subscriptionId', ParseUuidParam) subscriptionId: string,
    @Body() dto: UpdateSubscriptionDto,
  ): Promise<SubscriptionView> {
    return subscriptionView(await this.service.updateFor({ enterpriseId }, subscriptionId, dto));
  }

  @Post(':subscriptionId/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the signing secret; the old one keeps signing alongside for the grace period (enterprise API key).' })
  @ApiOkResponse({
    description: 'The subscription with the new `secret` and `previousSecretExpiresAt`.',
    schema: openApiSchemaOf(SubscriptionWithSecretSchema),
  })
  @ApiInvalidRequest('`gracePeriodSeconds` is outside 0-604800.')
  @ApiProblem(404, 'No subscription with this id for this enterprise.')
  @ApiProblem(409, 'Another rotation happened at the same time; rotate again if needed.')
  async rotateSecret(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('subscriptionId', ParseUuidParam) subscriptionId: string,
    @Body() dto: RotateSecretDto,
  ): Promise<SubscriptionWithSecret> {
    const graceMs = dto.gracePeriodSeconds === undefined ? undefined : dto.gracePeriodSeconds * 1000;
    const { subscription, secret } = await this.service.rotateSecretFor({ enterpriseId }, subscriptionId, graceMs);
    return { ...subscriptionView(subscription), secret };
  }

  @Get(':subscriptionId/deliveries')
  @ApiOperation({
    summary: 'Delivery log, newest first: every delivery with each attempt (time, HTTP status or error; enterprise API key).',
    description: 'Pass `before` = a previous `nextCursor` for the next page. Event ids and types only, never the payload.',
  })
  @ApiOkResponse({
    description: '{subscription, items: [{id, eventId, eventType, status, attempts[], nextAttemptAt?}], nextCursor}',
    schema: openApiSchemaOf(DeliveryLogPageSchema),
  })
  @ApiInvalidRequest('Unknown `status`, `limit` outside 1-200, or `before` not a cursor of this API.')
  @ApiProblem(404, 'No subscription with this id for this enterprise.')
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'before', required: false })
  async deliveriesOf(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('subscriptionId', ParseUuidParam) subscriptionId: string,
    @Query('status') status?: string,
    @Query('limit', new DefaultValuePipe(50), ParseIntParam) limit = 50,
    @Query('before') before?: string,
  ): Promise<DeliveryLogPageView> {
    const page = deliveryLogPage(status, limit, before);
    const subscription = await this.service.getFor({ enterpriseId }, subscriptionId);
    return deliveryLogView(subscription, await this.service.deliveryLog(subscription, page), limit);
  }
}

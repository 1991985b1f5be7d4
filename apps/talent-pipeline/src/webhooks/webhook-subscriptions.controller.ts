import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@app/platform/http/problem.exception';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { newSigningSecret } from '../shared/secrets';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { subscriptionView } from './webhook-subscription.document';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';

@ApiTags('outcome subscriptions')
@ApiBearerAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/webhook-subscriptions')
export class WebhookSubscriptionsController {
  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Subscribe a URL to the school's placement outcomes. Returns the signing secret once." })
  async create(@Param('schoolId', ParseUUIDPipe) schoolId: string, @Body() dto: CreateSubscriptionDto) {
    const subscription = {
      _id: randomUUID(),
      schoolId,
      url: dto.url,
      eventTypes: dto.eventTypes ?? [],
      secret: newSigningSecret(),
      status: 'active' as const,
      createdAt: new Date(),
    };
    await this.subscriptions.insert(subscription);
    return { ...subscriptionView(subscription), secret: subscription.secret };
  }

  @Get()
  async list(@Param('schoolId', ParseUUIDPipe) schoolId: string) {
    return { items: (await this.subscriptions.listForSchool(schoolId)).map(subscriptionView) };
  }

  @Get(':subscriptionId/deliveries')
  @ApiOperation({ summary: 'Delivery log: every delivery with each attempt (time, HTTP status or error).' })
  async deliveriesOf(@Param('schoolId', ParseUUIDPipe) schoolId: string, @Param('subscriptionId', ParseUUIDPipe) subscriptionId: string) {
    const subscription = await this.subscriptions.findById(subscriptionId);
    if (!subscription || subscription.schoolId !== schoolId) throw new ProblemException(404, 'subscription not found');
    const deliveries = await this.deliveries.listForSubscription(subscriptionId, 200);
    return {
      subscription: subscriptionView(subscription),
      items: deliveries.map((d) => ({
        eventId: d.event.id,
        eventType: d.event.type,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : undefined,
        createdAt: d.createdAt,
        finishedAt: d.finishedAt,
      })),
    };
  }
}

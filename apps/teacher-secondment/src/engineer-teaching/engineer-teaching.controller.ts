import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { z } from 'zod';
import { ApiIdempotencyKey, checkedIdempotencyKey, openApiSchemaOf, ParseUuidParam } from '@app/base';
import { ApiProblems } from '../shared/api-docs';
import { AuthGuard, CurrentPrincipal, Roles } from '../access/auth.guard';
import { Principal } from '../access/principal';
import { boundedText, calendarDate, openApiBodySchemaOf, parseInput, uuid } from '../shared/zod-input';
import { EngagementList, EngagementListSchema, EngagementView, EngagementViewSchema } from './engagement.response';
import { engagementView } from './engagement.view';
import { EngineerTeachingService } from './engineer-teaching.service';

const ReportSchema = z.strictObject({
  enterpriseId: uuid.optional(),
  schoolId: uuid,
  engineerId: boundedText(128),
  engineerName: boundedText(200),
  course: boundedText(200),
  module: boundedText(200).optional(),
  hours: z.number().positive().max(10_000),
  period: z.strictObject({ start: calendarDate, end: calendarDate }),
});
const DisputeSchema = z.strictObject({ reason: boundedText(1000) });

@ApiTags('engineer teaching (reverse flow)')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/engineer-teaching')
export class EngineerTeachingController {
  constructor(private readonly engineerTeaching: EngineerTeachingService) {}

  @Post()
  @ApiProblems(409, 422)
  @HttpCode(201)
  @Roles('enterprise', 'operator')
  @ApiOperation({ summary: 'The enterprise reports an engineer teaching a course or module at a partner school (hours, period).' })
  @ApiBody({ schema: openApiBodySchemaOf(ReportSchema) })
  @ApiIdempotencyKey('A retry with the same key answers the engagement as it stands (201, same `id`), before any rule: reported once.')
  @ApiCreatedResponse({ description: 'The engagement, status reported.', schema: openApiSchemaOf(EngagementViewSchema) })
  async report(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<EngagementView> {
    const key = checkedIdempotencyKey(idempotencyKey);
    return engagementView(await this.engineerTeaching.report(principal, parseInput(ReportSchema, body), key));
  }

  @Get()
  @Roles('school', 'enterprise', 'operator')
  @ApiOperation({ summary: "Engagements of the caller's school or enterprise (operator: all)." })
  @ApiOkResponse({ description: 'The engagements.', schema: openApiSchemaOf(EngagementListSchema) })
  async list(@CurrentPrincipal() principal: Principal): Promise<EngagementList> {
    return { items: (await this.engineerTeaching.list(principal)).map(engagementView) };
  }

  @Get(':id')
  @Roles('school', 'enterprise', 'operator')
  @ApiOperation({ summary: 'One engagement (another tenant: 404).' })
  @ApiOkResponse({ description: 'The engagement.', schema: openApiSchemaOf(EngagementViewSchema) })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidParam) id: string): Promise<EngagementView> {
    return engagementView(await this.engineerTeaching.get(principal, id));
  }

  @Post(':id/sign-off')
  @ApiProblems(409, 422)
  @HttpCode(200)
  @Roles('school', 'operator')
  @ApiOperation({
    summary: 'The school signs off the hours (publishes secondment.engineer-teaching.signed-off.v1); 409 if already decided.',
  })
  @ApiOkResponse({ description: 'The engagement.', schema: openApiSchemaOf(EngagementViewSchema) })
  async signOff(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Req() req: Request,
  ): Promise<EngagementView> {
    return engagementView(await this.engineerTeaching.signOff(principal, id, String(req.id)));
  }

  @Post(':id/dispute')
  @ApiProblems(409, 422)
  @HttpCode(200)
  @Roles('school', 'operator')
  @ApiOperation({ summary: 'The school disputes the report, with a reason (nothing is published).' })
  @ApiBody({ schema: openApiBodySchemaOf(DisputeSchema) })
  @ApiOkResponse({ description: 'The engagement.', schema: openApiSchemaOf(EngagementViewSchema) })
  async dispute(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
  ): Promise<EngagementView> {
    return engagementView(await this.engineerTeaching.dispute(principal, id, parseInput(DisputeSchema, body).reason));
  }
}

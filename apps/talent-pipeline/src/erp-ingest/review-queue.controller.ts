import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { openApiSchemaOf, OperatorPersonalDataWrite, ProblemException, ParseIntParam } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { RejectReviewItemDto } from './dto/reject-review-item.dto';
import { ResolveReviewItemDto } from './dto/resolve-review-item.dto';
import { ReviewItemList, ReviewItemListSchema, ReviewItemViewSchema } from './review-item.response';
import { reviewItemView } from './review-item.view';
import { REVIEW_STATUSES, ReviewStatus } from './review-status';
import { ReviewQueueService } from './review-queue.service';

const ITEM_ID = { name: 'id', description: 'The item `id` from the list (URL-safe; the raw dedupe key holds `|`).' };

@ApiTags('erp')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/erp/review-queue')
export class ReviewQueueController {
  constructor(private readonly review: ReviewQueueService) {}

  @Get()
  @OperatorPersonalDataRead()
  @ApiOperation({
    summary: 'ERP events held for review (no matching placement, or a state that cannot take them).',
    description:
      'Pending by default, oldest first; resolved and rejected items are kept and listed with `status` (operator). The held ERP ' +
      'payloads may name the person, so the read needs `X-Operator-Id` and `X-Access-Reason` and is logged in the operator access log.',
  })
  @ApiOkResponse({
    description: '{items: [{id, key, enterpriseId, event, reason, status, queuedAt, resolution?, rejection?}]}',
    schema: openApiSchemaOf(ReviewItemListSchema),
  })
  @ApiInvalidRequest('Unknown `status`, a non-numeric `limit`, or `X-Operator-Id` / `X-Access-Reason` is missing.')
  @ApiQuery({ name: 'status', required: false, enum: REVIEW_STATUSES })
  @ApiQuery({ name: 'enterpriseId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  async list(
    @Query('status') status?: string,
    @Query('enterpriseId') enterpriseId?: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntParam) limit = 100,
  ): Promise<ReviewItemList> {
    if (status !== undefined && !REVIEW_STATUSES.includes(status as ReviewStatus)) {
      throw new ProblemException(400, 'invalid request', 'unknown status', [
        { field: 'status', message: `must be one of ${REVIEW_STATUSES.join(', ')}` },
      ]);
    }
    const items = await this.review.list({
      enterpriseId,
      status: status as ReviewStatus | undefined,
      limit: Math.min(Math.max(limit, 1), 500),
    });
    return { items: items.map(reviewItemView) };
  }

  // The answer is the held ERP event, names included: refused to a key without the permission (ADR 0078 addendum).
  @OperatorPersonalDataWrite()
  @Post(':id/resolve')
  @HttpCode(200)
  @ApiParam(ITEM_ID)
  @ApiOperation({
    summary:
      'Link a held ERP hire, offer, start, end or rescinded end of a placement to a placement (or to a student, whose ' +
      'placement at that ' +
      'enterprise that can take it is used).',
    description:
      'Applies the hire, the offer’s stage (offered, accepted, terminated), the start (`active`, once the three-party agreement ' +
      'is signed) or the end (`completed`, `terminated`) through the placement lifecycle with the event’s own dedupe key, so it ' +
      'has exactly one effect even if the ERP sends the event again. A start or end dated after today is scheduled on the ' +
      'placement instead (its `scheduledStart` or `scheduledEnd`) and applied on its day. Repeating the same link answers 200; ' +
      '409 if the placement cannot take it.',
  })
  @ApiOkResponse({ description: 'The item, status resolved, with its resolution.', schema: openApiSchemaOf(ReviewItemViewSchema) })
  @ApiInvalidRequest('Not exactly one of placementId and studentId, or an unknown placement (of this enterprise) or student.')
  @ApiProblem(404, 'No review item with this id.')
  @ApiProblem(
    409,
    'The item is not an erp.hire.v1, erp.offer.v1, erp.placement-start.v1, erp.placement-end.v1, erp.placement-end-rescinded.v1 ' +
      'or erp.placement-start-rescinded.v1, ' +
      'was rejected, was linked ' +
      'elsewhere or changed meanwhile, or the placement cannot take it (not hireable; not active for an end; started already or a ' +
      'step backwards for an offer; not accepted for a start), a start’s placement agreement lacks signatures ' +
      '(`agreement not signed`, `missingParties`), a start’s first day is outside the placement’s period (`first day outside ' +
      'the placement period`), or a newer start or end of the ERP is scheduled on the placement (`a newer start is scheduled`, ' +
      '`a newer end is scheduled`), or a rescission finds no scheduled end (start) to take back, another one, or a newer one ' +
      '(`no scheduled end to rescind`, `no scheduled start to rescind`), or the ERP rescinded a start or end at least as new ' +
      'as the one linked (`start rescinded by the ERP`, `end rescinded by the ERP`).',
  )
  async resolve(@Param('id') id: string, @Body() dto: ResolveReviewItemDto, @Req() req: Request) {
    return reviewItemView(await this.review.resolve(id, { ...dto, correlationid: String(req.id) }));
  }

  @OperatorPersonalDataWrite()
  @Post(':id/reject')
  @HttpCode(200)
  @ApiParam(ITEM_ID)
  @ApiOperation({ summary: 'Reject a held ERP event with a reason; it leaves the pending list and stays queryable (operator).' })
  @ApiOkResponse({ description: 'The item, status rejected, with the reason.', schema: openApiSchemaOf(ReviewItemViewSchema) })
  @ApiInvalidRequest('`reason` is missing or too long.')
  @ApiProblem(404, 'No review item with this id.')
  @ApiProblem(409, 'The item is no longer pending.')
  async reject(@Param('id') id: string, @Body() dto: RejectReviewItemDto) {
    return reviewItemView(await this.review.reject(id, dto.reason));
  }
}

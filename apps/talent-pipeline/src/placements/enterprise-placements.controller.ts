import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { ApiInvalidRequest, ApiProblem, EnterpriseAuth } from '../shared/api-docs';
import { LogAttendanceDto } from './dto/log-attendance.dto';
import { RecordEvaluationDto } from './dto/record-evaluation.dto';
import { attendanceView, PlacementActivitiesService } from './placement-activities.service';
import { ListPlacementsQuery } from './dto/list-placements.query';
import { withPlacementProblems } from './placement-problems';
import { placementPageView } from './placement.view';
import { PlacementsService } from './placements.service';

/** The enterprise's own view: its supervisors log attendance and evaluate its interns. */
@ApiTags('placements')
@EnterpriseAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/placements')
export class EnterprisePlacementsController {
  constructor(
    private readonly activities: PlacementActivitiesService,
    private readonly placements: PlacementsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The enterprise's placements, newest first, by school, student, requisition and/or status (enterprise API key).",
    description: "Pass `before` = the previous page's `nextCursor` for the next page. `enterpriseId` in the query is ignored.",
  })
  @ApiOkResponse({ description: '{items: [placement], nextCursor?}' })
  @ApiInvalidRequest('A filter is invalid, `limit` is outside 1-200, or `before` is not a cursor of this API.')
  async list(@Param('enterpriseId', ParseUUIDPipe) enterpriseId: string, @Query() query: ListPlacementsQuery) {
    return placementPageView(await this.placements.list({ ...query, enterpriseId }));
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the enterprise's placements, with its sign-off, evaluations and outcome (enterprise API key)." })
  @ApiOkResponse({
    description:
      'The placement, with `supervisorsAvailable`: the double-qualified teachers of its school that the secondment service offers as supervisors.',
  })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, 'No placement with this id at this enterprise.')
  async get(@Param('enterpriseId', ParseUUIDPipe) enterpriseId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.placements.detail(await this.placements.get(id, enterpriseId));
  }

  @Post(':id/attendance')
  @ApiOperation({
    summary: "Log hours and attendance on one of the enterprise's active placements (enterprise API key).",
    description: 'Hours count only on days the student was present; other statuses log 0 hours.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key is not counted twice.' })
  @ApiCreatedResponse({ description: 'The new attendance entry (recordedBy `enterprise:<id>`).' })
  @ApiOkResponse({ description: 'A retry with an Idempotency-Key already used for the same entry: the stored entry, nothing added.' })
  @ApiInvalidRequest('A field is invalid, hours > 0 on a day not present, or a malformed Idempotency-Key.')
  @ApiProblem(404, 'No placement with this id at this enterprise.')
  @ApiProblem(409, 'The placement is not active.')
  @ApiProblem(422, 'The Idempotency-Key was already used for a different entry.')
  async logAttendance(
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: LogAttendanceDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withPlacementProblems(async () => {
      const { entry, replayed } = await this.activities.logAttendance(id, dto, idempotencyKey, { kind: 'enterprise', enterpriseId });
      res.status(replayed ? 200 : 201);
      return attendanceView(entry);
    });
  }

  @Get(':id/attendance')
  @ApiOperation({ summary: "The attendance log of one of the enterprise's placements, with totals (enterprise API key)." })
  @ApiOkResponse({ description: '{placementId, totals: {entries, hours, days}, entries}' })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(404, 'No placement with this id at this enterprise.')
  async listAttendance(@Param('enterpriseId', ParseUUIDPipe) enterpriseId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.activities.listAttendance(id, enterpriseId);
  }

  @Post(':id/evaluations')
  @ApiOperation({ summary: "A supervisor evaluation of one of the enterprise's placements (active or completed; enterprise API key)." })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key is not recorded twice.' })
  @ApiCreatedResponse({ description: 'The evaluation recorded.' })
  @ApiOkResponse({ description: 'A retry with an Idempotency-Key already used for the same evaluation: the stored one, nothing added.' })
  @ApiInvalidRequest('A field is invalid, a score is not an integer 1-5, or a malformed Idempotency-Key.')
  @ApiProblem(404, 'No placement with this id at this enterprise.')
  @ApiProblem(409, 'The placement is neither active nor completed.')
  @ApiProblem(422, 'The Idempotency-Key was already used for a different evaluation.')
  async evaluate(
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordEvaluationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withPlacementProblems(async () => {
      const { evaluation, replayed } = await this.activities.recordEvaluation(id, dto, idempotencyKey, enterpriseId);
      res.status(replayed ? 200 : 201);
      return evaluation;
    });
  }
}

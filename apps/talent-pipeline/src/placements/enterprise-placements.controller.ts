import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { ApiInvalidRequest, ApiProblem, EnterpriseAuth } from '../shared/api-docs';
import { LogAttendanceDto } from './dto/log-attendance.dto';
import { RecordEvaluationDto } from './dto/record-evaluation.dto';
import { PlacementActivitiesService } from './placement-activities.service';
import { ListPlacementsQuery } from './dto/list-placements.query';
import { withPlacementProblems } from './placement-problems';
import {
  AttendanceEntryViewSchema,
  AttendanceLogSchema,
  EnterprisePlacementDetailSchema,
  EnterprisePlacementPageSchema,
  EvaluationViewSchema,
} from './placement.response';
import { attendanceView, evaluationView } from './placement.view';
import { EnterprisePlacementReadsService } from './enterprise-placement-reads.service';

/** The enterprise's own view: its supervisors log attendance and evaluate its interns. */
@ApiTags('placements')
@EnterpriseAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/placements')
export class EnterprisePlacementsController {
  constructor(
    private readonly activities: PlacementActivitiesService,
    private readonly reads: EnterprisePlacementReadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The enterprise's placements, newest first, by school, student, requisition and/or status (enterprise API key).",
    description:
      "Pass `before` = the previous page's `nextCursor` for the next page. `enterpriseId` in the query is ignored. " +
      "A placement whose student's consent `placement` or `data-sharing-with-enterprise` to this enterprise is not in force " +
      '(withdrawn, expired) is listed with its personal fields removed (studentId, programme, cohort, hire, signers’ names, ' +
      'evaluations, endOfPlacement, scheduledEnd) and `redacted: {reason, fields}`. Each placement shown with personal fields is recorded ' +
      'in the disclosure ledger before the answer.',
  })
  @ApiOkResponse({
    description: 'A page of placements, newest first, each whole or redacted; `nextCursor` while more follow.',
    schema: openApiSchemaOf(EnterprisePlacementPageSchema),
  })
  @ApiInvalidRequest('A filter is invalid, `limit` is outside 1-200, or `before` is not a cursor of this API.')
  async list(@Param('enterpriseId', ParseUuidParam) enterpriseId: string, @Query() query: ListPlacementsQuery, @Req() req: Request) {
    return this.reads.list(enterpriseId, query, String(req.id));
  }

  @Get(':id')
  @ApiOperation({
    summary: "One of the enterprise's placements, with its sign-off, evaluations and outcome (enterprise API key).",
    description:
      "Consent is checked at the read: with the student's consent `placement` or `data-sharing-with-enterprise` to this " +
      'enterprise in force, the whole placement, recorded in the disclosure ledger first; otherwise (withdrawn, expired) the ' +
      'placement with its personal fields removed and `redacted: {reason, fields}`.',
  })
  @ApiOkResponse({
    description:
      'The placement (or its redacted form), with `supervisorsAvailable`: the double-qualified teachers of its school that the secondment service offers as supervisors.',
    schema: openApiSchemaOf(EnterprisePlacementDetailSchema),
  })
  @ApiInvalidRequest('`id` is not a UUID.')
  @ApiProblem(404, 'No placement with this id at this enterprise.')
  async get(@Param('enterpriseId', ParseUuidParam) enterpriseId: string, @Param('id', ParseUuidParam) id: string, @Req() req: Request) {
    return this.reads.get(enterpriseId, id, String(req.id));
  }

  @Post(':id/attendance')
  @ApiOperation({
    summary: "Log hours and attendance on one of the enterprise's active placements (enterprise API key).",
    description: 'Hours count only on days the student was present; other statuses log 0 hours.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key is not counted twice.' })
  @ApiCreatedResponse({
    description: 'The new attendance entry (recordedBy `enterprise:<id>`).',
    schema: openApiSchemaOf(AttendanceEntryViewSchema),
  })
  @ApiOkResponse({
    description: 'A retry with an Idempotency-Key already used for the same entry: the stored entry, nothing added.',
    schema: openApiSchemaOf(AttendanceEntryViewSchema),
  })
  @ApiInvalidRequest('A field is invalid, hours > 0 on a day not present, or a malformed Idempotency-Key.')
  @ApiProblem(404, 'No placement with this id at this enterprise.')
  @ApiProblem(409, 'The placement is not active.')
  @ApiProblem(422, 'The Idempotency-Key was already used for a different entry.')
  async logAttendance(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('id', ParseUuidParam) id: string,
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
  @ApiOperation({
    summary: "The attendance log of one of the enterprise's placements, with totals (enterprise API key).",
    description:
      "Only with the student's consent `placement` or `data-sharing-with-enterprise` to this enterprise in force (recorded in " +
      'the disclosure ledger first); otherwise 404 `attendance not disclosed`: the log is nothing but personal data.',
  })
  @ApiOkResponse({ description: 'The attendance log, by date, with its totals.', schema: openApiSchemaOf(AttendanceLogSchema) })
  @ApiInvalidRequest('A path id is not a UUID.')
  @ApiProblem(404, 'No placement with this id at this enterprise, or the student’s consent is not in force (`attendance not disclosed`).')
  async listAttendance(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('id', ParseUuidParam) id: string,
    @Req() req: Request,
  ) {
    return this.reads.attendance(enterpriseId, id, String(req.id));
  }

  @Post(':id/evaluations')
  @ApiOperation({ summary: "A supervisor evaluation of one of the enterprise's placements (active or completed; enterprise API key)." })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key is not recorded twice.' })
  @ApiCreatedResponse({ description: 'The evaluation recorded.', schema: openApiSchemaOf(EvaluationViewSchema) })
  @ApiOkResponse({
    description: 'A retry with an Idempotency-Key already used for the same evaluation: the stored one, nothing added.',
    schema: openApiSchemaOf(EvaluationViewSchema),
  })
  @ApiInvalidRequest('A field is invalid, a score is not an integer 1-5, or a malformed Idempotency-Key.')
  @ApiProblem(404, 'No placement with this id at this enterprise.')
  @ApiProblem(409, 'The placement is neither active nor completed.')
  @ApiProblem(422, 'The Idempotency-Key was already used for a different evaluation.')
  async evaluate(
    @Param('enterpriseId', ParseUuidParam) enterpriseId: string,
    @Param('id', ParseUuidParam) id: string,
    @Body() dto: RecordEvaluationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withPlacementProblems(async () => {
      const { evaluation, replayed } = await this.activities.recordEvaluation(id, dto, idempotencyKey, enterpriseId);
      res.status(replayed ? 200 : 201);
      return evaluationView(evaluation);
    });
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import {
  ApiIdempotencyKey,
  checkedIdempotencyKey,
  openApiSchemaOf,
  OperatorPersonalDataWrite,
  ProblemException,
  ParseUuidParam,
} from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { AdminGuard } from '../partners/admin.guard';
import { ApiInvalidRequest, ApiProblem, OperatorAuth } from '../shared/api-docs';
import { reasonProblems } from './domain/end-of-placement';
import { CreatePlacementDto } from './dto/create-placement.dto';
import { ListPlacementsQuery } from './dto/list-placements.query';
import { LogAttendanceDto } from './dto/log-attendance.dto';
import { RecordEvaluationDto } from './dto/record-evaluation.dto';
import { SignAgreementDto } from './dto/sign-agreement.dto';
import { TransitionPlacementDto } from './dto/transition-placement.dto';
import { PlacementActivitiesService } from './placement-activities.service';
import { withPlacementProblems } from './placement-problems';
import {
  AgreementViewSchema,
  AttendanceEntryViewSchema,
  AttendanceLogSchema,
  EvaluationViewSchema,
  PlacementDetailSchema,
  PlacementPageSchema,
  PlacementViewSchema,
} from './placement.response';
import { attendanceView, evaluationView, placementPageView, placementView } from './placement.view';
import { PlacementsService } from './placements.service';

@ApiTags('placements')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/placements')
export class PlacementsController {
  constructor(
    private readonly placements: PlacementsService,
    private readonly activities: PlacementActivitiesService,
  ) {}

  @Post()
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Propose a placement of a student at an enterprise (status: proposed; operator).',
    description:
      "Needs an active cooperation agreement between the student's school and the enterprise covering the kind on " +
      "startDate, and the student's consent for purpose `placement` at this enterprise in force; a named requisitionId " +
      'must be an open requisition of this enterprise and of the same kind. guardianRequired (or a birthDate making the ' +
      'student a minor on startDate) makes the guardian, not the student, a party to the three-party agreement. ' +
      'birthDate is not stored.',
  })
  @ApiCreatedResponse({ description: 'The placement, with its agreement sign-off state.', schema: openApiSchemaOf(PlacementViewSchema) })
  @ApiIdempotencyKey(
    'A retry with the same key answers the placement its first attempt proposed (200, as it stands now), before any rule, never a second placement (ADR 0094).',
    'Keys are the operators’ as one caller: two operators sending one key for different requests get the 422.',
  )
  @ApiOkResponse({
    description: 'A retry with an Idempotency-Key already used for the same proposal: the placement it proposed, as it stands now.',
    schema: openApiSchemaOf(PlacementViewSchema),
  })
  @ApiProblem(422, 'The Idempotency-Key was already used with another proposal (`errors` names `Idempotency-Key`).')
  @ApiInvalidRequest(
    'A field is invalid; the student, enterprise or requisition is unknown; the kind differs from the requisition; or a malformed Idempotency-Key.',
  )
  @ApiProblem(
    409,
    'No active agreement covers the placement (`no cooperation agreement`), no placement consent in force (`consent missing`, ' +
      '`purpose`), or the requisition is not open (`requisition not open`).',
  )
  async create(
    @Body() dto: CreatePlacementDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { placement, replayed } = await this.placements.propose(dto, checkedIdempotencyKey(idempotencyKey));
    res.status(replayed ? 200 : 201);
    return placementView(placement);
  }

  @Get()
  @OperatorPersonalDataRead()
  @ApiOperation({
    summary:
      'List placements, newest first, by school, enterprise, student, requisition and/or status (operator; logged in the operator access log).',
    description: "Pass `before` = the previous page's `nextCursor` for the next page; no `nextCursor` after the last page.",
  })
  @ApiOkResponse({
    description: 'A page of placements, newest first; `nextCursor` while more follow.',
    schema: openApiSchemaOf(PlacementPageSchema),
  })
  @ApiInvalidRequest(
    'A filter is invalid, `limit` is outside 1-200, `before` is not a cursor of this API, or `X-Operator-Id` / `X-Access-Reason` is missing.',
  )
  async list(@Query() query: ListPlacementsQuery) {
    return placementPageView(await this.placements.list(query));
  }

  @Get(':id')
  @OperatorPersonalDataRead()
  @ApiOperation({
    summary:
      'A placement with its agreement sign-off, evaluations and end-of-placement outcome (operator; logged in the operator access log).',
  })
  @ApiOkResponse({
    description:
      'The placement, with `supervisorsAvailable`: the double-qualified teachers of its school that the secondment service offers as supervisors.',
    schema: openApiSchemaOf(PlacementDetailSchema),
  })
  @ApiInvalidRequest('`id` is not a UUID, or `X-Operator-Id` / `X-Access-Reason` is missing.')
  @ApiProblem(404, 'No placement with this id.')
  async get(@Param('id', ParseUuidParam) id: string) {
    return this.placements.detail(await this.placements.get(id));
  }

  @Post(':id/transitions')
  @OperatorPersonalDataWrite()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a placement along its lifecycle; illegal transitions get 409.',
    description:
      'proposed -> offered -> accepted -> active -> completed | terminated, and hired (from active or completed); terminated ' +
      'also from proposed, offered, accepted. `active` needs the three-party agreement signed (409 naming the missing ' +
      'parties otherwise). Reaching active, completed, terminated or hired queues talent.placement.<outcome>.v1 on ' +
      'talent.placement-outcome.v1 (key = school id) in the same write; completed and terminated carry the ' +
      'end-of-placement summary (reason, hours logged, evaluation means).',
  })
  @ApiOkResponse({ description: 'The placement after the move.', schema: openApiSchemaOf(PlacementViewSchema) })
  @ApiInvalidRequest('`to` is not a status, or a `reason` was given for a move that ends nothing.')
  @ApiProblem(404, 'No placement with this id.')
  @ApiProblem(
    409,
    'Illegal transition (`illegal transition`), or `active` before all parties signed (`agreement not signed`, with `missingParties`).',
  )
  async transition(@Param('id', ParseUuidParam) id: string, @Body() dto: TransitionPlacementDto, @Req() req: Request) {
    const problems = reasonProblems(dto.to, dto.reason);
    if (problems.length) throw new ProblemException(400, 'invalid request', 'reason given for a transition that ends nothing', problems);
    return withPlacementProblems(async () => {
      const { placement } = await this.placements.transition(id, { to: dto.to, reason: dto.reason, correlationid: String(req.id) });
      return placementView(placement);
    });
  }

  @Post(':id/agreement/signatures')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record a party signing the three-party placement agreement.',
    description: 'Parties: school, enterprise, and the student — or the guardian when the student is a minor. Only before `active`.',
  })
  @ApiCreatedResponse({
    description: 'The agreement: requiredParties, signatures, missingParties.',
    schema: openApiSchemaOf(AgreementViewSchema),
  })
  @ApiInvalidRequest('A field is invalid, or signedAt is in the future.')
  @ApiProblem(404, 'No placement with this id.')
  @ApiProblem(409, 'Signature refused: the placement already started, the party already signed, or no guardian is required.')
  async sign(@Param('id', ParseUuidParam) id: string, @Body() dto: SignAgreementDto) {
    return withPlacementProblems(async () => placementView(await this.activities.signAgreement(id, dto)).agreement);
  }

  @Post(':id/attendance')
  @OperatorPersonalDataWrite()
  @ApiOperation({
    summary: 'Log hours and attendance for one day (only while active; operator).',
    description: 'Hours count only on days the student was present; other statuses log 0 hours.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key is not counted twice.' })
  @ApiCreatedResponse({ description: 'The new attendance entry.', schema: openApiSchemaOf(AttendanceEntryViewSchema) })
  @ApiOkResponse({
    description: 'A retry with an Idempotency-Key already used for the same entry: the stored entry, nothing added.',
    schema: openApiSchemaOf(AttendanceEntryViewSchema),
  })
  @ApiInvalidRequest('A field is invalid, hours > 0 on a day not present, or a malformed Idempotency-Key.')
  @ApiProblem(404, 'No placement with this id.')
  @ApiProblem(409, 'The placement is not active.')
  @ApiProblem(422, 'The Idempotency-Key was already used for a different entry.')
  async logAttendance(
    @Param('id', ParseUuidParam) id: string,
    @Body() dto: LogAttendanceDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withPlacementProblems(async () => {
      const { entry, replayed } = await this.activities.logAttendance(id, dto, idempotencyKey, { kind: 'operator' });
      res.status(replayed ? 200 : 201);
      return attendanceView(entry);
    });
  }

  @Get(':id/attendance')
  @OperatorPersonalDataRead()
  @ApiOperation({
    summary: 'The attendance log of a placement with totals (hours, days per status; operator; logged in the operator access log).',
  })
  @ApiOkResponse({ description: 'The attendance log, by date, with its totals.', schema: openApiSchemaOf(AttendanceLogSchema) })
  @ApiInvalidRequest('`id` is not a UUID, or `X-Operator-Id` / `X-Access-Reason` is missing.')
  @ApiProblem(404, 'No placement with this id.')
  async listAttendance(@Param('id', ParseUuidParam) id: string) {
    return this.activities.listAttendance(id);
  }

  @Post(':id/evaluations')
  @OperatorPersonalDataWrite()
  @ApiOperation({ summary: 'Record a supervisor evaluation: scores 1-5 per competency (while active or completed; operator).' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key is not recorded twice.' })
  @ApiCreatedResponse({ description: 'The evaluation recorded.', schema: openApiSchemaOf(EvaluationViewSchema) })
  @ApiOkResponse({
    description: 'A retry with an Idempotency-Key already used for the same evaluation: the stored one, nothing added.',
    schema: openApiSchemaOf(EvaluationViewSchema),
  })
  @ApiInvalidRequest('A field is invalid, a score is not an integer 1-5, or a malformed Idempotency-Key.')
  @ApiProblem(404, 'No placement with this id.')
  @ApiProblem(409, 'The placement is neither active nor completed.')
  @ApiProblem(422, 'The Idempotency-Key was already used for a different evaluation.')
  async evaluate(
    @Param('id', ParseUuidParam) id: string,
    @Body() dto: RecordEvaluationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withPlacementProblems(async () => {
      const { evaluation, replayed } = await this.activities.recordEvaluation(id, dto, idempotencyKey);
      res.status(replayed ? 200 : 201);
      return evaluationView(evaluation);
    });
  }
}

import { Body, Controller, UseInterceptors, Headers, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIdempotencyKey, checkedIdempotencyKey, KEY_REUSED, openApiSchemaOf, OperatorPersonalDataWrite } from '@app/base';
import { Request } from 'express';
import { CurrentPrincipal, RdAuthGuard, Roles } from '../access/rd-auth.guard';
import { PeopleDisclosureInterceptor } from '../privacy/people-disclosure.interceptor';
import { Principal } from '../access/principal';
import { IdParam } from '../shared/id-param.pipe';
import { ApiConflict, ApiInvalid, ApiNotFound, ApiUnprocessable, RdAuth } from '../shared/api-docs';
import { ApiZodBody, ZodPipe } from '../shared/zod-body.pipe';
import {
  AddMilestone,
  AddMilestoneSchema,
  AddParticipant,
  AddParticipantSchema,
  DecideChange,
  DecideChangeSchema,
  DeliverContribution,
  DeliverContributionSchema,
  LogHours,
  LogHoursSchema,
  MilestoneAction,
  MilestoneActionSchema,
  ProposeChange,
  ProposeChangeSchema,
  ProposePlacement,
  ProposePlacementSchema,
  RecordOutcome,
  RecordOutcomeSchema,
  WithdrawParticipant,
  WithdrawParticipantSchema,
} from './project.schemas';
import { ProjectViewSchema } from './project-view.response';
import { ProjectsService } from './projects.service';

/** The day-to-day of a project: people and their hours, milestones, change requests, contributions, outcomes. */
@ApiTags('projects')
@Controller('v1/projects/:id')
@UseGuards(RdAuthGuard)
@UseInterceptors(PeopleDisclosureInterceptor)
@Roles('enterprise', 'school')
export class ProjectWorkController {
  constructor(private readonly projects: ProjectsService) {}

  @Post('participants')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @Roles('school')
  @RdAuth('the project’s school')
  @ApiOperation({
    summary: 'Add a teacher or student of the school to the project; publishes rd.participation.joined.v1.',
    description:
      'A teacher is linked to a live secondment at the enterprise, a student to a placement there, when the copies built from those services’ events know one.',
  })
  @ApiIdempotencyKey(
    "A retry with the same key answers the project with the stored participation as it stands (201, same `participationId`), stored and published once. Once the student's erasure pseudonymised the row, a retry is compared on its `kind` only (ADR 0083, addendum).",
  )
  @ApiZodBody(AddParticipantSchema)
  @ApiCreatedResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project of the caller')
  @ApiConflict(
    'The person already participates, or the project is closed (a retry of a participation stored before is still answered as the first time).',
  )
  @ApiUnprocessable(KEY_REUSED)
  addParticipant(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(AddParticipantSchema)) body: AddParticipant,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
  ) {
    return this.projects.addParticipant(p, id, body, {
      correlationid: String(req.id),
      idempotencyKey: checkedIdempotencyKey(idempotencyKey),
    });
  }

  @Post('participants/:participationId/withdrawal')
  @OperatorPersonalDataWrite()
  @HttpCode(200)
  @Roles('school')
  @RdAuth('the project’s school')
  @ApiOperation({
    summary: 'Take a participant off the project: the wrong id or person (`entered-in-error`), or a person who left (`left-project`).',
    description:
      'The row stays in the project’s history with `withdrawal` (`reason`, `withdrawnAt`, `withdrawnBy`: the side, not a person) and takes no ' +
      'more placement proposals, and no hours: a leaver’s only for days up to the withdrawal day (schools log late; the latest calendar day anywhere at `withdrawnAt`, UTC+14, as schools have no time zone here); the person may be added again as a new participation. `entered-in-error` leaves it out of ' +
      'the closure report’s head counts (`people.enteredInError`) and links no new placement or secondment; `left-project` keeps it ' +
      'counted. The same withdrawal again changes nothing. Published as `rd.participation.withdrawn.v1` with the ids of the hours ' +
      'published for the row: the secondment service un-credits a teacher’s hours entered in error, and keeps those of a teacher who ' +
      'left (ADR 0082, addendum). 422 when the row has more published hours entries than one record may name (5,000).',
  })
  @ApiZodBody(WithdrawParticipantSchema)
  @ApiOkResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project or participation')
  @ApiConflict('Already withdrawn with another reason, or the project is closed.')
  @ApiUnprocessable('More published hours entries than one withdrawal may name.')
  withdrawParticipant(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Param('participationId', IdParam) participationId: string,
    @Body(new ZodPipe(WithdrawParticipantSchema)) body: WithdrawParticipant,
    @Req() req: Request,
  ) {
    return this.projects.withdrawParticipant(p, id, participationId, body, String(req.id));
  }

  @Post('participants/:participationId/hours')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @Roles('school')
  @RdAuth('the project’s school')
  @ApiOperation({
    summary:
      "Log a participant's hours on a date inside the project period; a teacher's hours are published as rd.participation.hours-logged.v1.",
  })
  @ApiIdempotencyKey(
    "A retry with the same key logs (and publishes) the entry once. Once the student's erasure blanked the entry's activity, a retry is compared on its date and hours only (ADR 0083, addendum).",
  )
  @ApiZodBody(LogHoursSchema)
  @ApiCreatedResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project or participation')
  @ApiConflict(
    'The participation was withdrawn as entered in error, or the person left before the date (`date`: a leaver takes hours dated up to the withdrawal day, the latest calendar day anywhere at `withdrawnAt`), or the project is closed.',
  )
  @ApiUnprocessable(`The date is outside the project period. ${KEY_REUSED}`)
  logHours(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Param('participationId', IdParam) participationId: string,
    @Body(new ZodPipe(LogHoursSchema)) body: LogHours,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
  ) {
    return this.projects.logHours(p, id, participationId, body, {
      correlationid: String(req.id),
      idempotencyKey: checkedIdempotencyKey(idempotencyKey),
    });
  }

  @Post('participants/:participationId/placement-proposals')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @RdAuth('the project’s enterprise or school')
  @ApiOperation({
    summary: 'Propose a participating student for an R&D internship at the project’s enterprise; publishes rd.placement.proposed.v1.',
    description:
      'The talent pipeline creates the placement (kind `rd-internship`, status `proposed`) after its own checks: an active agreement ' +
      'covering `rd-internship` on the start date and the student’s `placement` consent for the enterprise. Its answer ' +
      '(talent.rd-placement-decision.v1) shows on the participant as `placementProposal.decision`: `accepted`, or `refused` with a ' +
      '`reason` (`unknown-student`, `unknown-enterprise`, `student-of-another-school`, `no-agreement`, `consent-missing`, ' +
      '`invalid-proposal`) and a `detail`; absent while awaited. The participant links to the placement id at once ' +
      '(`placementProposal`, `placementId`), so its outcomes and an ERP hire show on the project ("led to a hire"); a refusal ' +
      'unlinks it. The same proposal again changes and publishes nothing; once refused, the student may be proposed again, ' +
      'with the same terms or new ones. `placementProposal.status` says where it stands: the answer, `awaiting-answer` until ' +
      '`answerDueBy` (RD_PLACEMENT_ANSWER_HOURS, 24 by default), then `unanswered` (dead-lettered or lost): the same terms proposed ' +
      'again are sent again under a new event id and the same placement id, the earlier sending kept in `unansweredAttempts` ' +
      'with any answer that comes for it later (ADR 0070).',
  })
  @ApiZodBody(ProposePlacementSchema)
  @ApiCreatedResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project or participation')
  @ApiConflict(
    'The student was already proposed from this project with other terms (and not refused; an unanswered proposal is sent again only with its own terms), the participation was withdrawn, or the project is closed.',
  )
  @ApiUnprocessable(
    'The participant is not a student, is not named by the talent pipeline’s student id (a UUID), or the start date is outside the project period.',
  )
  proposePlacement(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Param('participationId', IdParam) participationId: string,
    @Body(new ZodPipe(ProposePlacementSchema)) body: ProposePlacement,
    @Req() req: Request,
  ) {
    return this.projects.proposePlacement(p, id, participationId, body, String(req.id));
  }

  @Post('milestones')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @RdAuth('the project’s enterprise or school')
  @ApiOperation({ summary: 'Plan a milestone with its deliverables, due inside the project period.' })
  @ApiIdempotencyKey(
    'A retry with the same key answers the project with the stored milestone as it stands (201, same `milestoneId`), stored once.',
  )
  @ApiZodBody(AddMilestoneSchema)
  @ApiCreatedResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project of the caller')
  @ApiConflict('The project is closed (a retry of a milestone stored before the closure is still answered as the first time).')
  @ApiUnprocessable(`The due date is outside the project period. ${KEY_REUSED}`)
  addMilestone(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(AddMilestoneSchema)) body: AddMilestone,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.projects.addMilestone(p, id, body, { idempotencyKey: checkedIdempotencyKey(idempotencyKey) });
  }

  @Post('milestones/:milestoneId/actions')
  @OperatorPersonalDataWrite()
  @HttpCode(200)
  @RdAuth('the school (deliver) or the enterprise (accept, reject)')
  @ApiOperation({ summary: 'The school delivers a milestone; only the enterprise accepts or rejects it.' })
  @ApiZodBody(MilestoneActionSchema)
  @ApiOkResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project or milestone')
  @ApiConflict('The milestone is not in a state that allows this action, or the project is closed.')
  actOnMilestone(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Param('milestoneId', IdParam) milestoneId: string,
    @Body(new ZodPipe(MilestoneActionSchema)) body: MilestoneAction,
  ) {
    return this.projects.actOnMilestone(p, id, milestoneId, body);
  }

  @Post('change-requests')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @RdAuth('the project’s enterprise or school')
  @ApiOperation({ summary: 'Propose a change (optionally a new end date); the other side approves or rejects it.' })
  @ApiIdempotencyKey(
    'A retry with the same key answers the project with the stored change request as it stands (201, same `changeRequestId`, decided or not), stored once.',
  )
  @ApiZodBody(ProposeChangeSchema)
  @ApiCreatedResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project of the caller')
  @ApiConflict('The project is closed (a retry of a change request stored before the closure is still answered as the first time).')
  @ApiUnprocessable(KEY_REUSED)
  proposeChange(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(ProposeChangeSchema)) body: ProposeChange,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.projects.proposeChange(p, id, body, { idempotencyKey: checkedIdempotencyKey(idempotencyKey) });
  }

  @Post('change-requests/:changeRequestId/decision')
  @OperatorPersonalDataWrite()
  @HttpCode(200)
  @RdAuth('the side that did not propose the change')
  @ApiOperation({
    summary:
      'Approve or reject a change request; an approved new end must keep milestones, logged hours and delivered contributions inside the period.',
  })
  @ApiZodBody(DecideChangeSchema)
  @ApiOkResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project or change request')
  @ApiConflict('Already decided, or the project is closed.')
  @ApiUnprocessable('The new end would leave a milestone, logged hours or a delivered contribution outside the period.')
  decideChange(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Param('changeRequestId', IdParam) changeRequestId: string,
    @Body(new ZodPipe(DecideChangeSchema)) body: DecideChange,
  ) {
    return this.projects.decideChange(p, id, changeRequestId, body);
  }

  @Post('contributions')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @RdAuth('the side whose pledge it is')
  @ApiOperation({
    summary:
      'Record a delivered contribution against a pledge (minor units, the pledge currency); publishes rd.project.contribution-delivered.v1.',
  })
  @ApiIdempotencyKey(
    'A retry with the same key (an ERP retrying after a timeout) answers the stored contribution (201, same `contributionId`), stored and published once.',
  )
  @ApiZodBody(DeliverContributionSchema)
  @ApiCreatedResponse({ description: 'The project with its ledger summary.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project of the caller')
  @ApiConflict('The project is closed.')
  @ApiUnprocessable(`The delivery would exceed its pledge (the ledger would not balance) or is outside the period. ${KEY_REUSED}`)
  deliver(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(DeliverContributionSchema)) body: DeliverContribution,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
  ) {
    return this.projects.deliverContribution(p, id, body, {
      correlationid: String(req.id),
      idempotencyKey: checkedIdempotencyKey(idempotencyKey),
    });
  }

  @Post('outcomes')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @RdAuth('the project’s enterprise or school')
  @ApiOperation({
    summary:
      'Record an outcome: patent (filed/granted, numbers), product, process improvement (metric, unit, baseline, result), technology transfer, publication.',
  })
  @ApiIdempotencyKey('A retry with the same key answers the stored outcome (201, same `outcomeId`), stored and published once.')
  @ApiZodBody(RecordOutcomeSchema)
  @ApiCreatedResponse({
    description: 'The project; rd.project.outcome-recorded.v1 is published.',
    schema: openApiSchemaOf(ProjectViewSchema),
  })
  @ApiInvalid()
  @ApiNotFound('No such project of the caller')
  @ApiConflict('The project is closed (a retry of an outcome stored before the closure is still answered as the first time).')
  @ApiUnprocessable(KEY_REUSED)
  recordOutcome(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(RecordOutcomeSchema)) body: RecordOutcome,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
  ) {
    return this.projects.recordOutcome(p, id, body, {
      correlationid: String(req.id),
      idempotencyKey: checkedIdempotencyKey(idempotencyKey),
    });
  }
}

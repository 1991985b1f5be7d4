import { Body, Controller, UseInterceptors, Get, Headers, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiIdempotencyKey, checkedIdempotencyKey, KEY_REUSED, openApiSchemaOf, OperatorPersonalDataWrite } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { CurrentPrincipal, RdAuthGuard, Roles } from '../access/rd-auth.guard';
import { PeopleDisclosureInterceptor } from '../privacy/people-disclosure.interceptor';
import { Principal } from '../access/principal';
import { IdParam } from '../shared/id-param.pipe';
import { ApiConflict, ApiInvalid, ApiNotFound, ApiUnprocessable, RdAuth } from '../shared/api-docs';
import { peopleInViews, studentsInClosureReport } from '../shared/operator-reads';
import { ApiZodBody, ZodPipe } from '../shared/zod-body.pipe';
import { CloseProject, CloseProjectSchema, CreateProject, CreateProjectSchema } from './project.schemas';
import { ClosureReportSchema, ProjectListSchema, ProjectViewSchema } from './project-view.response';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@Controller('v1/projects')
@UseGuards(RdAuthGuard)
@UseInterceptors(PeopleDisclosureInterceptor)
@Roles('enterprise', 'school')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @Roles('enterprise')
  @RdAuth('the enterprise that selected the proposal, or the operator')
  @ApiOperation({
    summary:
      'Turn a selected proposal into a project with its agreement: IP terms, budget, confidentiality, period and the pledges of each side.',
    description: 'The pledges must add up exactly to the budget, in its currency (ADR 0028). Publishes rd.project.started.v1.',
  })
  @ApiIdempotencyKey(
    'A retry with the same key answers the project made first as it stands (201, same `id`, closed perhaps), stored and published once.',
  )
  @ApiZodBody(CreateProjectSchema)
  @ApiCreatedResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such proposal of the caller')
  @ApiConflict(
    'The proposal is not selected, already became a project (a retry with the key of the request that made it is answered instead), or its selection lapsed (`selection lapsed`: selected more than RD_SELECTED_PROPOSAL_DAYS ago without a project, ADR 0077; also once another proposal of the challenge was selected after that lapse, ADR 0085).',
  )
  @ApiUnprocessable(
    `The ledger does not balance (pledges vs budget), or no active agreement covering R&D remains between the partners. ${KEY_REUSED}`,
  )
  create(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodPipe(CreateProjectSchema)) body: CreateProject,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
  ) {
    return this.projects.create(p, body, { correlationid: String(req.id), idempotencyKey: checkedIdempotencyKey(idempotencyKey) });
  }

  @Get()
  @RdAuth('enterprises and schools (their own projects)')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: peopleInViews })
  @ApiInvalid('A path id is invalid, or the operator sent no valid `X-Operator-Id` / `X-Access-Reason`; `errors` names each.')
  @ApiOperation({ summary: "The caller's projects (an enterprise's or a school's own; the operator all)." })
  @ApiOkResponse({ description: "The caller's projects.", schema: openApiSchemaOf(ProjectListSchema) })
  async list(@CurrentPrincipal() p: Principal) {
    return { items: await this.projects.list(p) };
  }

  @Get(':id')
  @RdAuth('the project’s enterprise or school')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: peopleInViews })
  @ApiInvalid('A path id is invalid, or the operator sent no valid `X-Operator-Id` / `X-Access-Reason`; `errors` names each.')
  @ApiOperation({
    summary: 'One project: terms, ledger with its balance, participants, hours, milestones, change requests, outcomes, placement links.',
  })
  @ApiOkResponse({ description: 'The project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiNotFound('No such project of the caller')
  get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string) {
    return this.projects.get(p, id);
  }

  @Get(':id/closure-report')
  @RdAuth('the project’s enterprise or school')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: studentsInClosureReport })
  @ApiInvalid('A path id is invalid, or the operator sent no valid `X-Operator-Id` / `X-Access-Reason`; `errors` names each.')
  @ApiOperation({
    summary:
      'The closure report: ledger, milestones, outcomes (patents, products, measured improvements, transfers, publications), people and hires.',
  })
  @ApiOkResponse({ description: 'The report.', schema: openApiSchemaOf(ClosureReportSchema) })
  @ApiNotFound('No such project of the caller')
  report(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string) {
    return this.projects.closureReport(p, id);
  }

  @Post(':id/close')
  @OperatorPersonalDataWrite()
  @HttpCode(200)
  @Roles('enterprise')
  @RdAuth('the project’s enterprise')
  @ApiOperation({ summary: 'Close the project with a summary; publishes rd.project.closed.v1.' })
  @ApiZodBody(CloseProjectSchema)
  @ApiOkResponse({ description: 'The closed project.', schema: openApiSchemaOf(ProjectViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such project of the caller')
  @ApiConflict('The project is already closed.')
  close(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(CloseProjectSchema)) body: CloseProject,
    @Req() req: Request,
  ) {
    return this.projects.close(p, id, body, String(req.id));
  }
}

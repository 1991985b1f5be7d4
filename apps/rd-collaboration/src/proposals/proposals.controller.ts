import { Body, Controller, Get, Headers, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIdempotencyKey, checkedIdempotencyKey, KEY_REUSED, openApiSchemaOf, OperatorPersonalDataWrite } from '@app/base';
import { OperatorPersonalDataRead } from '@app/platform';
import { CurrentPrincipal, RdAuthGuard, Roles } from '../access/rd-auth.guard';
import { Principal } from '../access/principal';
import { PeopleDisclosureInterceptor } from '../privacy/people-disclosure.interceptor';
import { IdParam } from '../shared/id-param.pipe';
import { ApiConflict, ApiInvalid, ApiNotFound, ApiUnprocessable, RdAuth } from '../shared/api-docs';
import { peopleInViews } from '../shared/operator-reads';
import { ApiZodBody, ZodPipe } from '../shared/zod-body.pipe';
import {
  AssignReviewer,
  AssignReviewerSchema,
  ChangeStage,
  ChangeStageSchema,
  ReviewInput,
  ReviewSchema,
  SubmitProposal,
  SubmitProposalSchema,
} from './proposal.schemas';
import {
  AnyProposalViewSchema,
  ProposalList,
  ProposalListSchema,
  ProposalViewSchema,
  RankingSchema,
  ReviewerAssignments,
  ReviewerAssignmentsSchema,
  ReviewerProposalViewSchema,
  SchoolProposalViewSchema,
} from './proposal-view.response';
import { PROJECT_CLAIM_GRACE_MS } from './domain/proposal-stages';
import { ProposalsService } from './proposals.service';

@ApiTags('proposals')
@Controller('v1')
@UseGuards(RdAuthGuard)
@UseInterceptors(PeopleDisclosureInterceptor)
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Post('challenges/:challengeId/proposals')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @Roles('school')
  @RdAuth('a school the challenge is visible to, or the operator')
  @ApiOperation({ summary: 'Submit a proposal: approach, team (teachers, optionally students), plan and budget.' })
  @ApiIdempotencyKey(
    'A retry with the same key answers the proposal submitted first (201, same `id`, also after the deadline) and submits no other.',
  )
  @ApiZodBody(SubmitProposalSchema)
  @ApiCreatedResponse({
    description: 'The proposal, in stage submitted, as the school sees it.',
    schema: openApiSchemaOf(SchoolProposalViewSchema),
  })
  @ApiInvalid()
  @ApiNotFound('No such challenge visible to the school')
  @ApiUnprocessable(`The challenge deadline has passed. ${KEY_REUSED}`)
  submit(
    @CurrentPrincipal() p: Principal,
    @Param('challengeId', IdParam) challengeId: string,
    @Body(new ZodPipe(SubmitProposalSchema)) body: SubmitProposal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.proposals.submit(p, challengeId, body, checkedIdempotencyKey(idempotencyKey));
  }

  @Get('challenges/:challengeId/proposals')
  @Roles('enterprise', 'school')
  @RdAuth('the owning enterprise (all proposals) or a school (its own only)')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: peopleInViews })
  @ApiInvalid('A path id is invalid, or the operator sent no valid `X-Operator-Id` / `X-Access-Reason`; `errors` names each.')
  @ApiOperation({ summary: "A challenge's proposals; a school never sees other schools' proposals." })
  @ApiOkResponse({ description: '{items: [proposal]}', schema: openApiSchemaOf(ProposalListSchema) })
  @ApiNotFound('No such challenge visible to the caller')
  async list(@CurrentPrincipal() p: Principal, @Param('challengeId', IdParam) challengeId: string): Promise<ProposalList> {
    return { items: await this.proposals.listForChallenge(p, challengeId) };
  }

  @Get('challenges/:challengeId/ranking')
  @Roles('enterprise')
  @RdAuth('the owning enterprise or the operator')
  @ApiOperation({ summary: 'The proposals ranked by the rubric, with each criterion’s weighted contribution to the total.' })
  @ApiOkResponse({
    description: '{challengeId, rubric, method, items: [{rank, proposalId, total, criteria[], explanation}]}',
    schema: openApiSchemaOf(RankingSchema),
  })
  @ApiNotFound('No such challenge of the caller')
  ranking(@CurrentPrincipal() p: Principal, @Param('challengeId', IdParam) challengeId: string) {
    return this.proposals.ranking(p, challengeId);
  }

  @Get('proposals/:id')
  @Roles('enterprise', 'school', 'reviewer')
  @RdAuth('the owning enterprise, the submitting school or an assigned reviewer')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: peopleInViews })
  @ApiInvalid('A path id is invalid, or the operator sent no valid `X-Operator-Id` / `X-Access-Reason`; `errors` names each.')
  @ApiOperation({ summary: 'One proposal, as the caller may see it (a reviewer sees only its own review).' })
  @ApiOkResponse({
    description:
      'The proposal: in full for the owning enterprise, without reviewers and scores for the school, with only its own review for a reviewer.',
    schema: openApiSchemaOf(AnyProposalViewSchema),
  })
  @ApiNotFound('No such proposal visible to the caller')
  get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string) {
    return this.proposals.get(p, id);
  }

  @Post('proposals/:id/reviewers')
  @OperatorPersonalDataWrite()
  @HttpCode(201)
  @Roles('enterprise')
  @RdAuth('the owning enterprise or the operator')
  @ApiOperation({ summary: 'Assign a reviewer (an id with an access key of role reviewer) to a proposal.' })
  @ApiZodBody(AssignReviewerSchema)
  @ApiCreatedResponse({ description: 'The proposal with its reviewers.', schema: openApiSchemaOf(ProposalViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such proposal of the caller')
  assign(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(AssignReviewerSchema)) body: AssignReviewer,
  ) {
    return this.proposals.assignReviewer(p, id, body);
  }

  @Get('reviewer/assignments')
  @Roles('reviewer')
  @RdAuth('reviewers')
  @ApiOperation({ summary: "The caller's review assignments, each with the rubric and the caller's own review." })
  @ApiOkResponse({
    description: '{items: [{proposal, challenge: {id, title, rubric}}]}',
    schema: openApiSchemaOf(ReviewerAssignmentsSchema),
  })
  async assignments(@CurrentPrincipal() p: Principal): Promise<ReviewerAssignments> {
    return { items: await this.proposals.assignments(p) };
  }

  @Post('proposals/:id/reviews')
  @OperatorPersonalDataWrite()
  @HttpCode(200)
  @Roles('reviewer')
  @RdAuth('an assigned reviewer')
  @ApiOperation({
    summary: 'Score a proposal on every rubric criterion (0..10) with a comment; a second call replaces the reviewer’s review.',
  })
  @ApiZodBody(ReviewSchema)
  @ApiOkResponse({ description: 'The proposal with the caller’s review.', schema: openApiSchemaOf(ReviewerProposalViewSchema) })
  @ApiInvalid('Scores miss or add criteria, or a field is invalid.')
  @ApiNotFound('No such proposal assigned to the caller')
  @ApiConflict('The proposal is already selected or declined.')
  review(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body(new ZodPipe(ReviewSchema)) body: ReviewInput) {
    return this.proposals.review(p, id, body);
  }

  @Post('proposals/:id/stage')
  @OperatorPersonalDataWrite()
  @HttpCode(200)
  @Roles('enterprise')
  @RdAuth('the owning enterprise or the operator')
  @ApiOperation({ summary: 'Move a proposal: submitted -> qualified -> shortlisted -> selected | declined (one selected per challenge).' })
  @ApiZodBody(ChangeStageSchema)
  @ApiOkResponse({ description: 'The proposal after the move.', schema: openApiSchemaOf(ProposalViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such proposal of the caller')
  @ApiConflict(
    'The move is not allowed from the current stage, or another proposal of the challenge is already selected. A selection that lapsed (RD_SELECTED_PROPOSAL_DAYS without a project, ADR 0077) no longer counts: selecting another proposal frees the challenge, the lapsed one stays selected and finished, and no project is made from it (ADR 0085). ' +
      `A lapsed selection that a project request claimed (\`POST /v1/projects\` under way) still counts until the claim is ${PROJECT_CLAIM_GRACE_MS / 60_000} minutes old; after that, with no project stored, it no longer does (ADR 0085, addendum).`,
  )
  stage(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string, @Body(new ZodPipe(ChangeStageSchema)) body: ChangeStage) {
    return this.proposals.changeStage(p, id, body);
  }
}

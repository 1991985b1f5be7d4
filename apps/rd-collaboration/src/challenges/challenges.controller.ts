import { Body, Controller, Get, Headers, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RdAuthGuard, Roles } from '../access/rd-auth.guard';
import { Principal } from '../access/principal';
import { IdParam } from '../shared/id-param.pipe';
import { ApiIdempotencyKey, checkedIdempotencyKey, KEY_REUSED, openApiSchemaOf } from '@app/base';
import { ApiConflict, ApiInvalid, ApiNotFound, ApiUnprocessable, RdAuth } from '../shared/api-docs';
import { ApiZodBody, ZodPipe } from '../shared/zod-body.pipe';
import { PostChallenge, PostChallengeSchema, RecordNda, RecordNdaSchema } from './challenge.schemas';
import { ChallengeList, ChallengeListSchema, ChallengeViewSchema, OwnerChallengeViewSchema } from './challenge-view.response';
import { ChallengesService } from './challenges.service';

@ApiTags('challenges')
@Controller('v1/challenges')
@UseGuards(RdAuthGuard)
export class ChallengesController {
  constructor(private readonly challenges: ChallengesService) {}

  @Post()
  @HttpCode(201)
  @Roles('enterprise')
  @RdAuth('an enterprise (for itself) or the operator')
  @ApiOperation({ summary: 'Post an R&D challenge with its review rubric (criteria and weights).' })
  @ApiIdempotencyKey('A retry with the same key answers the challenge posted first (201, same `id`) and posts no other.')
  @ApiZodBody(PostChallengeSchema)
  @ApiCreatedResponse({ description: 'The challenge as its owner sees it.', schema: openApiSchemaOf(OwnerChallengeViewSchema) })
  @ApiInvalid()
  @ApiUnprocessable(KEY_REUSED)
  post(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(PostChallengeSchema)) body: PostChallenge,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.challenges.post(principal, body, checkedIdempotencyKey(idempotencyKey));
  }

  @Get()
  @Roles('enterprise', 'school')
  @RdAuth('enterprises and schools')
  @ApiOperation({
    summary: 'Challenges visible to the caller.',
    description:
      'An enterprise sees its own; a school those of enterprises it has an ACTIVE cooperation agreement covering R&D with ' +
      '(ADR 0027); problem and constraints of a confidential challenge only once an NDA is recorded for that school.',
  })
  @ApiOkResponse({ description: '{items: [challenge]}, newest first.', schema: openApiSchemaOf(ChallengeListSchema) })
  async list(@CurrentPrincipal() principal: Principal): Promise<ChallengeList> {
    return { items: await this.challenges.list(principal) };
  }

  @Get(':id')
  @Roles('enterprise', 'school')
  @RdAuth('enterprises and schools')
  @ApiOperation({ summary: 'One challenge, as the caller may see it.' })
  @ApiOkResponse({ description: 'The challenge.', schema: openApiSchemaOf(ChallengeViewSchema) })
  @ApiNotFound('No such challenge visible to the caller')
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string) {
    return this.challenges.get(principal, id);
  }

  @Post(':id/ndas')
  @HttpCode(201)
  @Roles('enterprise')
  @RdAuth('the owning enterprise or the operator')
  @ApiOperation({ summary: 'Record that a school signed the NDA for this challenge; the school then sees its confidential details.' })
  @ApiIdempotencyKey('A retry with the same key answers the challenge with the NDA recorded first (201), recorded once.')
  @ApiZodBody(RecordNdaSchema)
  @ApiCreatedResponse({ description: 'The challenge with its NDAs.', schema: openApiSchemaOf(OwnerChallengeViewSchema) })
  @ApiInvalid()
  @ApiNotFound('No such challenge of the caller')
  @ApiConflict('An NDA for this school is already recorded (a retry with the key it was recorded under is answered instead).')
  @ApiUnprocessable(KEY_REUSED)
  recordNda(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(RecordNdaSchema)) body: RecordNda,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.challenges.recordNda(principal, id, body, checkedIdempotencyKey(idempotencyKey));
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiIdempotencyKey, checkedIdempotencyKey, openApiSchemaOf, OperatorIssuesKey, ParseUuidParam } from '@app/base';
import { ApiProblems } from '../shared/api-docs';
import { AuthGuard, CurrentPrincipal, Roles } from '../access/auth.guard';
import { Principal } from '../access/principal';
import { boundedText, calendarDate, openApiBodySchemaOf, parseInput, uuid } from '../shared/zod-input';
import { IssuedMentorKey, IssuedMentorKeySchema, PostList, PostListSchema, PostView, PostViewSchema } from './post.response';
import { POST_STATUSES } from './post.document';
import { postView } from './post.view';
import { PostsService } from './posts.service';

const PublishPostSchema = z.strictObject({
  enterpriseId: uuid.optional(),
  schoolId: uuid,
  role: boundedText(200),
  tasks: z.array(boundedText(500)).min(1).max(30),
  mentor: z.strictObject({ name: boundedText(200), contact: boundedText(200).optional() }),
  location: boundedText(300),
  period: z.strictObject({ start: calendarDate, end: calendarDate }),
  skills: z.array(boundedText(200)).max(30).default([]),
  capacity: z.number().int().min(1).max(1000),
});
const MentorKeySchema = z.strictObject({
  name: boundedText(200),
  email: z.email().max(320).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
const ListQuery = z.strictObject({
  enterpriseId: uuid.optional(),
  schoolId: uuid.optional(),
  status: z.enum(POST_STATUSES).optional(),
});

@ApiTags('posts')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/posts')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Post()
  @ApiProblems(422)
  @HttpCode(201)
  @Roles('enterprise', 'operator')
  @ApiOperation({
    summary: 'Publish a host post for teachers of one partner school (enterprise host, or operator with enterpriseId).',
    description:
      'Only under an active copied cooperation agreement between that school and the enterprise running over the whole period ' +
      "and covering secondments: an agreement that lists `programmes` must list 'secondments' (422 naming body.schoolId otherwise; " +
      'an agreement recorded without programmes covers secondments).',
  })
  @ApiBody({ schema: openApiBodySchemaOf(PublishPostSchema) })
  @ApiIdempotencyKey('A retry with the same key answers the post as it stands (201, same `id`), before any rule: published once.')
  @ApiCreatedResponse({ description: 'The post, with its seats.', schema: openApiSchemaOf(PostViewSchema) })
  async publish(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<PostView> {
    const key = checkedIdempotencyKey(idempotencyKey);
    return postView(await this.posts.publish(principal, parseInput(PublishPostSchema, body), key));
  }

  @OperatorIssuesKey()
  @Post(':id/mentor-keys')
  @HttpCode(201)
  @Roles('enterprise', 'operator')
  @ApiOperation({
    summary: 'Issue an API key to a named mentor of one of the enterprise’s posts (enterprise host, or operator); shown once.',
    description:
      'The mentor gets an identity of its own (`mentorId`): with the key it reads, countersigns practice logs of and evaluates ' +
      "the secondments on this post only, and the records name it. Only the key's hash is stored, with the mentor's name and email. " +
      "Another enterprise's post: 404.",
  })
  @ApiParam({ name: 'id', description: 'the post' })
  @ApiBody({ schema: openApiBodySchemaOf(MentorKeySchema) })
  @ApiCreatedResponse({
    description: "The mentor's key, shown once, and its identity.",
    schema: openApiSchemaOf(IssuedMentorKeySchema),
  })
  async issueMentorKey(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuidParam) id: string,
    @Body() body: unknown,
  ): Promise<IssuedMentorKey> {
    const input = parseInput(MentorKeySchema, body);
    return this.posts.issueMentorKey(principal, id, input);
  }

  @Get()
  @Roles('enterprise', 'school', 'teacher', 'operator', 'mentor')
  @ApiOperation({
    summary: "Posts the caller may see: an enterprise's own, a school's (and its teachers'), a mentor's own, or any (operator).",
  })
  @ApiQuery({ name: 'enterpriseId', required: false })
  @ApiQuery({ name: 'schoolId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: POST_STATUSES })
  @ApiOkResponse({ description: 'The posts.', schema: openApiSchemaOf(PostListSchema) })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<PostList> {
    return { items: (await this.posts.list(principal, parseInput(ListQuery, query, 'query'))).map(postView) };
  }

  @Get(':id')
  @Roles('enterprise', 'school', 'teacher', 'operator', 'mentor')
  @ApiOperation({ summary: 'One post (another tenant: 404).' })
  @ApiOkResponse({ description: 'The post.', schema: openApiSchemaOf(PostViewSchema) })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidParam) id: string): Promise<PostView> {
    return postView(await this.posts.get(principal, id));
  }
}

import { Body, Controller, Get, HttpCode, Inject, Logger, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { deadLetterTopicOf } from '@app/contracts';
import { DeadLetterStore, MESSAGING_TOPICS, MessagingTopics, MessagingMetrics, TopicNamer } from '@app/messaging';
import { Db } from 'mongodb';
import { ParkedOutboxEvent, MONGO_DB } from '@app/persistence';
import { APP_CONFIG, BaseConfig, openApiSchemaOf, ProblemException } from '@app/base';
import { z } from 'zod';
import { ListQuerySchema, ReplayRequestSchema, parseOrProblem, toFilter } from './dead-letter-request';
import {
  DeadLetterRecordsSchema,
  DeadLetterTopicsSchema,
  MessagingMetricsSchema,
  ParkedOutboxPageSchema,
  ReplayAnswerSchema,
} from './messaging-operator.response';
import { OperatorPersonalDataRead } from '../../access-log/operator-personal-data-read.decorator';
import { peopleInDeadLetters } from './dead-letter-people';
import { OperatorTokenGuard } from '../../operator-token/operator-token.guard';

const PROBLEM = { 'application/problem+json': { schema: { type: 'object' } } };
const DLT_PARAM = { name: 'topic', description: 'A dead-letter topic of this service, physical name (e.g. `talent.erp-inbound.v1.dlt`).' };

/**
 * Operator view of this service's messaging: counters, and the dead-letter topics of the topics
 * it consumes, to inspect and replay (ADR 0020). Every service carries it (see
 * withOperatorEndpoints), behind the operator token.
 */
@ApiTags('operator: messaging')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No `Authorization: Bearer <ADMIN_API_TOKEN>` header.', content: PROBLEM })
@ApiResponse({
  status: 403,
  description:
    'Not the operator token (or ADMIN_API_TOKEN is not configured). Reading dead-letter records also refuses an operator key without ' +
    'the permission to read personal data (`:no-personal-data`, ADR 0078) and the shared token once operator keys exist (ADR 0073).',
  content: PROBLEM,
})
@ApiExtension('x-roles', ['operator'])
@UseGuards(OperatorTokenGuard)
@Controller('v1/operator')
export class MessagingOperatorController {
  private readonly logger = new Logger('DeadLetters');

  constructor(
    private readonly store: DeadLetterStore,
    private readonly metrics: MessagingMetrics,
    private readonly namer: TopicNamer,
    @Inject(MESSAGING_TOPICS) private readonly topics: MessagingTopics,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    @Inject(MONGO_DB) private readonly db: Db,
  ) {}

  @Get('outbox/parked')
  @ApiOperation({
    summary: 'Outbox events the broker refused (e.g. larger than its max message size), parked by the relay, newest first.',
    description:
      'Without the event body (it may be megabytes); the `outbox_parked` collection keeps it whole. Query: limit (1-500, default 100).',
  })
  @ApiOkResponse({ description: 'The parked events, newest first, without their bodies.', schema: openApiSchemaOf(ParkedOutboxPageSchema) })
  @ApiResponse({ status: 400, description: 'An invalid `limit`.', content: PROBLEM })
  async parked(@Query('limit') rawLimit?: string): Promise<z.output<typeof ParkedOutboxPageSchema>> {
    const limit = rawLimit === undefined ? 100 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new ProblemException(400, 'invalid request', 'the query is invalid', [
        { field: 'limit', message: 'must be an integer from 1 to 500' },
      ]);
    }
    const items = await this.db
      .collection<ParkedOutboxEvent>('outbox_parked')
      .find({}, { projection: { event: 0 }, sort: { parkedAt: -1 }, limit })
      .toArray();
    return { items: items.map(({ _id, parkedAt, ...rest }) => ({ id: _id, ...rest, parkedAt: parkedAt.toISOString() })) };
  }

  @Get('messaging/metrics')
  @ApiOperation({
    summary: 'Reliability counters of this process: transient retries, dead letters by reason, replays, parked outbox events.',
  })
  @ApiOkResponse({ description: "This process's counters since it started.", schema: openApiSchemaOf(MessagingMetricsSchema) })
  metricsSnapshot(): z.output<typeof MessagingMetricsSchema> {
    return this.metrics.snapshot();
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'The dead-letter topics of the topics this service consumes, with how many records each holds.' })
  @ApiOkResponse({
    description: 'The dead-letter topics of the topics this service consumes.',
    schema: openApiSchemaOf(DeadLetterTopicsSchema),
  })
  async listTopics(): Promise<z.output<typeof DeadLetterTopicsSchema>> {
    const own = new Set(this.ownDeadLetterTopics());
    const items = (await this.store.listTopics(this.config.KAFKA_TOPIC_PREFIX)).filter((t) => own.has(t.topic));
    return { items };
  }

  @Get('dead-letters/:topic/records')
  // Dead letters carry events whole, personal data included: reading them is an operator read like any other.
  @OperatorPersonalDataRead({ peopleIn: peopleInDeadLetters })
  @ApiParam(DLT_PARAM)
  @ApiOperation({
    summary: 'Dead letters of one topic: offset, key, headers (dlt-reason, dlt-error, ...), value, and replays so far.',
    description:
      'Query: reason, eventType, since/until (ISO times, on dlt-failed-at), partition+offset, notReplayed=true, limit (1-1000), ' +
      'consumerGroup (default: this service; `*` for all groups), after (a `nextCursor`). A request reads at most 10,000 records ' +
      'of the topic, from its start or from `after`, and stops early at `limit` matches; when it stops before the end it answers ' +
      '`nextCursor`: pass it as `after`, with the same filters, for the next page, until an answer has none. A page may hold fewer ' +
      'than `limit` matches (none, even) and still have a next one. A cursor keeps the end the topic had at the first page ' +
      '(`0:1200-1500`: partition 0 from offset 1200 up to 1499), so the pages that go on from it list the records that were there then.',
  })
  @ApiOkResponse({
    description: 'The dead letters that match, oldest first per partition, up to `limit`; `nextCursor` when there may be more.',
    schema: openApiSchemaOf(DeadLetterRecordsSchema),
  })
  @ApiResponse({
    status: 400,
    description:
      'An invalid query parameter (an `after` that is not a `nextCursor` this API gave, too), or `X-Operator-Id` / ' +
      '`X-Access-Reason` missing; `errors` names it.',
    content: PROBLEM,
  })
  @ApiResponse({ status: 404, description: 'Not a dead-letter topic of this service.', content: PROBLEM })
  async listRecords(
    @Param('topic') topic: string,
    @Query() rawQuery: Record<string, unknown>,
  ): Promise<z.output<typeof DeadLetterRecordsSchema>> {
    this.assertOwn(topic);
    const query = parseOrProblem(ListQuerySchema, rawQuery, 'query');
    const records =
      query.partition !== undefined && query.offset !== undefined ? [{ partition: query.partition, offset: query.offset }] : undefined;
    const filter = toFilter({ ...query, records, notReplayed: query.notReplayed === 'true' }, this.ownGroup());
    return this.store.listPage(topic, filter, { limit: query.limit ?? 100, after: query.after });
  }

  @Post('dead-letters/:topic/replay')
  @HttpCode(200)
  @ApiParam(DLT_PARAM)
  @ApiOperation({
    summary: 'Replay dead letters to their original topic: one (records), a filter, or all.',
    description:
      'Re-produces each record with its original key, value and ce_* headers (so the original ce_id, and the consumers dedupe makes ' +
      'repeats harmless), adds dlt-replayed-from/-id/-at headers and notes the replay in the ledger (dead_letter_replays). ' +
      'A replay by filter (or `all`) is bounded as a listing: a request reads at most 10,000 records of the topic, from its start or ' +
      'from `after`, stops early at `limit` matches and replays the matches it found; when it stops before the end it answers ' +
      '`nextCursor`: send the same filters with it as `after` to go on, until an answer has none. An answer may replay fewer than ' +
      '`limit` records (none, even) and still have a next one. The cursor keeps the end the topic had at the first request, so a ' +
      'replayed record that fails again (a new dead letter) is not reached by the requests that go on from it; a new replay is. ' +
      '`records` are replayed as named, without a cursor.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        records: {
          type: 'array',
          maxItems: 1000,
          items: { type: 'object', properties: { partition: { type: 'integer' }, offset: { type: 'string' } } },
        },
        reason: { type: 'string', enum: ['malformed', 'invalid', 'no-handler', 'handler-failed'] },
        eventType: { type: 'string', maxLength: 200 },
        since: { type: 'string', format: 'date-time' },
        until: { type: 'string', format: 'date-time' },
        notReplayed: { type: 'boolean' },
        consumerGroup: { type: 'string', maxLength: 200 },
        all: { type: 'boolean', enum: [true] },
        limit: { type: 'integer', minimum: 1, maximum: 1000 },
        after: {
          type: 'string',
          maxLength: 8000,
          description: 'A replay by filter: the `nextCursor` of the previous answer (same filters); not with `records`.',
        },
      },
    },
  })
  @ApiOkResponse({
    description: 'What was replayed, one item per record; for a replay by filter, `scanned` and, when there may be more, `nextCursor`.',
    schema: openApiSchemaOf(ReplayAnswerSchema),
  })
  @ApiResponse({
    status: 400,
    description:
      'An invalid body (an `after` that is not a `nextCursor` this API gave, or `after` with `records`, too), or no selection at ' +
      'all; `errors` names the field.',
    content: PROBLEM,
  })
  @ApiResponse({ status: 404, description: 'Not a dead-letter topic of this service.', content: PROBLEM })
  async replay(@Param('topic') topic: string, @Body() body: unknown): Promise<z.output<typeof ReplayAnswerSchema>> {
    this.assertOwn(topic);
    const request = parseOrProblem(ReplayRequestSchema, body, 'body');
    const filter = toFilter(request, this.ownGroup());
    const limit = request.limit ?? 1_000;
    // Records named are read only from the first named offset to the last; a filter is one bounded read, its cursor to go on.
    const answer = request.records
      ? { items: await this.store.replay(topic, filter, limit) }
      : await this.store.replayPage(topic, filter, { limit, after: request.after });
    const { items } = answer;
    this.metrics.deadLettersReplayed += items.length;
    this.logger.warn(
      `replayed ${items.length} dead letter(s) from ${topic}: ${items.map((i) => `${i.from.partition}@${i.from.offset}`).join(', ')}` +
        ('nextCursor' in answer && answer.nextCursor ? ` (stopped before the end: nextCursor ${answer.nextCursor})` : ''),
    );
    return { replayed: items.length, ...answer };
  }

  private ownGroup(): string {
    return this.config.KAFKA_GROUP_ID ?? this.config.SERVICE_NAME;
  }

  private ownDeadLetterTopics(): string[] {
    return this.topics.consumes.map((t) => deadLetterTopicOf(this.namer.physical(t)));
  }

  private assertOwn(topic: string): void {
    if (!this.ownDeadLetterTopics().includes(topic)) {
      throw new ProblemException(404, 'not found', `${topic} is not a dead-letter topic of a topic this service consumes`);
    }
  }
}

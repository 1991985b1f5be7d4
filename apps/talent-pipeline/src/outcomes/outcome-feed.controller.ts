import { z } from 'zod';
import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { cloudEventSchemaOf, PLACEMENT_OUTCOME_CONTRACT_LIST } from '@app/contracts';
import { openApiSchemaOf, ProblemException, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, SchoolAuth } from '../shared/api-docs';
import { OutcomeFeedQuery } from './dto/outcome-feed.query';
import { decodeCursor, encodeCursor } from './outcome-cursor';
import { OutcomesService } from './outcomes.service';

/** What a page of the feed carries, documented from the outcome contracts so the two cannot drift apart. */
const OutcomeFeedPageSchema = z.object({
  items: z.array(z.object({ cursor: z.string(), event: cloudEventSchemaOf(PLACEMENT_OUTCOME_CONTRACT_LIST) })),
  /** The cursor after the last item (or the one passed, on an empty page); null on an empty feed read from the start. */
  nextCursor: z.string().nullable(),
});

@ApiTags('placement outcomes')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/placement-outcomes')
export class OutcomeFeedController {
  constructor(private readonly feed: OutcomesService) {}

  @Get()
  @ApiOperation({
    summary: "Pull the school's placement outcomes in order, as CloudEvents.",
    description:
      'Pass `after` = a previous `nextCursor` to continue; omit it to replay from the beginning. The feed is filled from ' +
      "talent.placement-outcome.v1 (keyed by school), so entries are in the order the school's outcomes happened and none " +
      'is ever inserted behind a cursor already handed out.',
  })
  @ApiOkResponse({
    description: 'A page of the feed: each outcome with its cursor, as a CloudEvent 1.0 (structured JSON); `nextCursor` to continue.',
    schema: openApiSchemaOf(OutcomeFeedPageSchema),
  })
  @ApiInvalidRequest(
    '`after` is longer than 200 characters or is not a cursor of this school’s feed (or is past its end), `limit` is outside ' +
      '1-500, `type` names an unknown event type, or the query has a parameter this route does not know.',
  )
  async list(@Param('schoolId', ParseUuidParam) schoolId: string, @Query() query: OutcomeFeedQuery) {
    const { after, limit, type } = query;
    const afterSeq = after ? decodeCursor(after) : 0;
    if (afterSeq === null) {
      throw new ProblemException(400, 'invalid request', 'unknown cursor', [
        { field: 'after', message: 'not a cursor issued by this API' },
      ]);
    }
    const entries = await this.feed.page(schoolId, afterSeq, limit, type);
    // Another school's cursor, say: as an empty page it would be polled until this feed reaches it, skipping all before.
    if (entries.length === 0) await this.feed.assertWithinFeed(schoolId, afterSeq);
    const last = entries.at(-1);
    return {
      items: entries.map((entry) => ({ cursor: encodeCursor(entry.seq), event: entry.event })),
      // An empty `after` reads from the start, like none: the page is then the start's (null when empty).
      nextCursor: last ? encodeCursor(last.seq) : after || null,
    };
  }
}

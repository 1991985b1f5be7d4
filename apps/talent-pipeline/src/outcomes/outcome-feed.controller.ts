import { z } from 'zod';
import { Controller, DefaultValuePipe, Get, Param, ParseIntPipe, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { cloudEventSchemaOf, PLACEMENT_OUTCOME_CONTRACT_LIST } from '@app/contracts';
import { openApiSchemaOf, ProblemException } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, SchoolAuth } from '../shared/api-docs';
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
  @ApiInvalidRequest('`after` is not a cursor of this API, or `limit` is outside 1-500.')
  @ApiQuery({ name: 'after', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiQuery({ name: 'type', required: false, description: 'Comma-separated event types to keep.' })
  async list(
    @Param('schoolId', ParseUUIDPipe) schoolId: string,
    @Query('after') after?: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit = 100,
    @Query('type') type?: string,
  ) {
    const afterSeq = after ? decodeCursor(after) : 0;
    if (afterSeq === null) {
      throw new ProblemException(400, 'invalid request', 'unknown cursor', [
        { field: 'after', message: 'not a cursor issued by this API' },
      ]);
    }
    if (limit < 1 || limit > 500) {
      throw new ProblemException(400, 'invalid request', 'limit out of range', [{ field: 'limit', message: 'must be between 1 and 500' }]);
    }
    const entries = await this.feed.page(schoolId, afterSeq, limit, type?.split(',').filter(Boolean));
    const last = entries.at(-1);
    return {
      items: entries.map((entry) => ({ cursor: encodeCursor(entry.seq), event: entry.event })),
      nextCursor: last ? encodeCursor(last.seq) : (after ?? null),
    };
  }
}

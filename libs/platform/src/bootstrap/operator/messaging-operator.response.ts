import { z } from 'zod';

/**
 * What the operator's messaging routes answer, documented in the OpenAPI document from these
 * schemas; the controller's methods return their types, so the two cannot drift apart.
 */
const instant = z.iso.datetime({ offset: true });

export const ParkedOutboxPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string().describe('`{collection}|{event id}`'),
      collection: z.string(),
      aggregateId: z.string(),
      eventId: z.string(),
      eventType: z.string(),
      topic: z.string(),
      key: z.string(),
      dataBytes: z.int().describe('Size of the encoded event data, bytes.'),
      error: z.string().describe("The broker's refusal."),
      parkedAt: instant,
    }),
  ),
});

export const MessagingMetricsSchema = z.object({
  consumerTransientRetries: z.int(),
  deadLettered: z.record(z.string(), z.int()).describe('Records sent to a dead-letter topic by this process, by reason.'),
  deadLettersReplayed: z.int(),
  relayParked: z.int(),
});

export const DeadLetterTopicsSchema = z.object({
  items: z.array(
    z.object({
      topic: z.string(),
      originalTopic: z.string(),
      records: z.int().describe('Records currently held, over all partitions.'),
    }),
  ),
});

export const DeadLetterRecordsSchema = z.object({
  items: z.array(
    z.object({
      topic: z.string(),
      partition: z.int(),
      offset: z.string(),
      timestamp: z.string().describe('Broker timestamp of the dead letter, ms since the epoch.'),
      key: z.string().nullable(),
      headers: z
        .record(z.string(), z.string())
        .describe('Every header of the record: the `ce_*` of the event and the `dlt-*` of the failure.'),
      value: z.string().nullable(),
      originalTopic: z.string(),
      reason: z.string().optional().describe('`malformed`, `invalid`, `no-handler` or `handler-failed`.'),
      error: z.string().optional(),
      eventType: z.string().optional(),
      eventId: z.string().optional(),
      failedAt: z.string().optional(),
      replayBy: z
        .string()
        .optional()
        .describe(
          "When the broker may delete it (its timestamp plus the topic's retention.ms; 27 days on the dead-letter topic of a topic naming people, ADR 0074): replay it before then.",
        ),
      replays: z.int().optional().describe('How often it was replayed (the replay ledger).'),
      lastReplayedAt: z.string().optional(),
    }),
  ),
  scanned: z
    .int()
    .describe('Records this request read, matching or not: at most 10,000 (one read), from the start of the topic or from `after`.'),
  nextCursor: z
    .string()
    .optional()
    .describe(
      'Present when the read stopped before the end of the topic (it had `limit` matches, had read 10,000 records or ran out of time): ' +
        'pass it as `after`, with the same filters, for the next page; more records may match. Absent once every partition was read to ' +
        'the end it had when the first page was read. `<partition>:<next offset>-<end>` pairs joined by commas: the pages that go on ' +
        'from it stop at those ends, so records written after the first page are left to a new listing.',
    ),
});

export const ReplayAnswerSchema = z.object({
  replayed: z.int().describe('How many records were replayed: the length of `items`.'),
  items: z.array(
    z.object({
      from: z.object({ topic: z.string(), partition: z.int(), offset: z.string() }),
      toTopic: z.string(),
      eventId: z.string().optional(),
      replayId: z.string(),
      replayedAt: instant,
    }),
  ),
  scanned: z
    .int()
    .optional()
    .describe(
      'A replay by filter (or `all`): records this request read, matching or not: at most 10,000 (one read), from the start of ' +
        'the topic or from `after`. Absent for `records`, which are replayed as named.',
    ),
  nextCursor: z
    .string()
    .optional()
    .describe(
      'A replay by filter (or `all`) that stopped before the end of the topic (it had `limit` matches, had read 10,000 records or ' +
        'ran out of time): send the same filters again with this as `after` to replay the matches behind it; none is replayed twice ' +
        'and none skipped. Absent once every partition was read to the end it had at the first request. `<partition>:<next offset>-<end>` ' +
        "pairs joined by commas, as the listing's: a replayed record that fails again lies past those ends, so this replay does not reach it.",
    ),
});

import { randomUUID } from 'node:crypto';
import { Admin, ConfigResourceTypes, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { DEAD_LETTER_SUFFIX } from '@app/contracts';
import { headerText, withoutValuelessHeaders } from '../kafka-record-codec';

/** One record of a dead-letter topic, as operators see it. */
export interface DeadLetterRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Broker timestamp of the dead letter (ms since epoch, as a string, as Kafka gives it). */
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
  originalTopic: string;
  reason?: string;
  error?: string;
  eventType?: string;
  eventId?: string;
  failedAt?: string;
  /**
   * When the broker may delete the record (its timestamp plus the topic's retention.ms): replay
   * it before then. Absent when the topic keeps records for good, or its settings could not be read.
   */
  replayBy?: string;
  /** From the replay ledger, when one is configured. */
  replays?: number;
  lastReplayedAt?: string;
}

export interface DeadLetterFilter {
  /** Exact records, by partition and offset. */
  records?: { partition: number; offset: string }[];
  reason?: string;
  eventType?: string;
  /** Failed at or after / before (dlt-failed-at, else the record timestamp). */
  since?: Date;
  until?: Date;
  /** Only records the ledger has never seen replayed. */
  notReplayed?: boolean;
  /** Only records dead-lettered by this consumer group (dlt-consumer-group): several services may share a DLT. */
  consumerGroup?: string;
}

export interface DeadLetterTopicSummary {
  topic: string;
  originalTopic: string;
  /** Records currently held (high watermark minus log start, over all partitions). */
  records: number;
}

/** One page of a dead-letter listing. */
export interface DeadLetterPage {
  /** The matches, oldest first per partition: at most `limit`. */
  items: DeadLetterRecord[];
  /** Records this read went through (matching or not), at most the store's `maxRecordsPerRead`. */
  scanned: number;
  /**
   * Present when the read stopped before the end of the topic (as it was when the first page was
   * read): it had `limit` matches, had read `maxRecordsPerRead` records or ran out of time. Pass it
   * back (`after`), with the same filter, for the next page; absent once every partition was read
   * to that end. Records written after the first page are not reached by its cursors.
   */
  nextCursor?: string;
}

/** One step of a replay by filter: what one read found and replayed, and where the next step starts. */
export interface DeadLetterReplayPage {
  /** The matches this read found, replayed (at most `limit`), oldest first per partition. */
  items: ReplayedRecord[];
  /** Records this read went through (matching or not), at most the store's `maxRecordsPerRead`. */
  scanned: number;
  /**
   * Present when the read stopped before the end of the topic (as it was when the first step read
   * it): pass it back (`after`), with the same filter, to replay the matches behind it; absent at
   * that end. A replayed record that fails again is a new dead letter past that end: this replay's
   * steps never reach it, so it is not replayed twice in one replay.
   */
  nextCursor?: string;
}

/**
 * Where a listing goes on: per partition, the next offset to read, and the offset the listing
 * stops before (the end the partition had when its first page was read). The end keeps a listing
 * or a replay that goes on page after page to the records that were there when it began: a replayed
 * record that fails again, or any dead letter written meanwhile, waits for a new one.
 */
export interface DeadLetterCursor {
  next: Map<number, bigint>;
  ends: Map<number, bigint>;
}

/** A cursor that is not `<partition>:<offset>[-<end>]` pairs joined by commas (each partition once). */
export class InvalidDeadLetterCursorError extends Error {}

const MAX_CURSOR_PARTITIONS = 10_000;
const MAX_OFFSET = 2n ** 63n - 1n;
const max = (...values: bigint[]) => values.reduce((a, b) => (b > a ? b : a));
const min = (...values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));

/** `0:1200-1500,1:980-980`: per partition (ascending), the next offset to read and the end to stop before. */
export function encodeDeadLetterCursor({ next, ends }: DeadLetterCursor): string {
  return [...next.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partition, offset]) => (ends.has(partition) ? `${partition}:${offset}-${ends.get(partition)}` : `${partition}:${offset}`))
    .join(',');
}

/**
 * The cursor `encodeDeadLetterCursor` wrote; throws InvalidDeadLetterCursorError for anything else.
 * A pair without an end (a cursor written before cursors had them) reads to the partition's end as it is then.
 */
export function decodeDeadLetterCursor(text: string): DeadLetterCursor {
  const cursor: DeadLetterCursor = { next: new Map(), ends: new Map() };
  const pairs = text.split(',');
  if (pairs.length > MAX_CURSOR_PARTITIONS) throw new InvalidDeadLetterCursorError(`names more than ${MAX_CURSOR_PARTITIONS} partitions`);
  for (const pair of pairs) {
    const match = /^(\d{1,5}):(\d{1,19})(?:-(\d{1,19}))?$/.exec(pair);
    if (!match)
      throw new InvalidDeadLetterCursorError('must be <partition>:<offset>[-<end>] pairs joined by commas, as a nextCursor gave them');
    const partition = Number(match[1]);
    const offset = BigInt(match[2]);
    const end = match[3] === undefined ? undefined : BigInt(match[3]);
    if (partition > MAX_CURSOR_PARTITIONS)
      throw new InvalidDeadLetterCursorError(`partition ${partition} is above ${MAX_CURSOR_PARTITIONS}`);
    if (max(offset, end ?? 0n) > MAX_OFFSET)
      throw new InvalidDeadLetterCursorError(`an offset of partition ${partition} is above the largest Kafka offset`);
    if (end !== undefined && offset > end)
      throw new InvalidDeadLetterCursorError(`offset ${offset} of partition ${partition} is past its end ${end}`);
    if (cursor.next.has(partition)) throw new InvalidDeadLetterCursorError(`names partition ${partition} twice`);
    cursor.next.set(partition, offset);
    if (end !== undefined) cursor.ends.set(partition, end);
  }
  return cursor;
}

export interface ReplayedRecord {
  from: { topic: string; partition: number; offset: string };
  toTopic: string;
  eventId?: string;
  replayId: string;
  replayedAt: string;
}

/** Remembers what was replayed (see ADR 0020); the store works without one too. */
export interface DeadLetterReplayLedger {
  record(replays: ReplayedRecord[]): Promise<void>;
  /** Replay counts and last times, by `${topic}/${partition}@${offset}`. */
  lookup(
    topic: string,
    coordinates: { partition: number; offset: string }[],
  ): Promise<Map<string, { replays: number; lastReplayedAt: string }>>;
}

/** Sends raw records as they are; EventPublisher.sendRaw fits. */
export interface RawRecordSender {
  sendRaw(topic: string, messages: { key: Buffer | string | null; value: Buffer | string | null; headers: IHeaders }[]): Promise<void>;
}

/** A dead letter as listed, and the message it was read from. */
interface ReadDeadLetter {
  record: DeadLetterRecord;
  message: KafkaMessage;
}

/** What one read found: the matches, how many records it went through, and where to go on (absent at the end). */
interface Read {
  found: ReadDeadLetter[];
  scanned: number;
  /** Per partition, where the next read starts and the end it stops before (absent once the read reached the end). */
  next?: DeadLetterCursor;
}

/** Per partition: the next offset to read, the offset the read stops before, and where its consumer starts. */
interface ReadRange {
  position: Map<number, bigint>;
  ends: Map<number, bigint>;
  seekTo: Map<number, bigint>;
  retentionMs?: number;
}

/** One read gives up waiting for records after this long: with what it has when it read some, else with an error. */
const READ_TIME_LIMIT_MS = 60_000;

export const REPLAY_HEADERS = { from: 'dlt-replayed-from', id: 'dlt-replay-id', at: 'dlt-replayed-at' } as const;

export const ledgerKeyOf = (topic: string, partition: number, offset: string) => `${topic}/${partition}@${offset}`;

/**
 * Reads and replays dead-letter topics. Dead letters keep the original key, value and ce_*
 * headers (plus dlt-* headers saying why), so a replay re-produces the original record, with
 * its original ce_id, to the topic it failed on: the consumer's dedupe makes repeats harmless.
 */
export class DeadLetterStore {
  constructor(
    private readonly kafka: Kafka,
    private readonly sender: RawRecordSender,
    private readonly ledger?: DeadLetterReplayLedger,
    /**
     * Records one read goes through at most (one page of `listPage` and `replayPage`, one step of
     * `list`, `listAcrossReads` and `replay`, which go on until they have their matches or reach
     * the end). A read keeps only the matches, at most `limit`, so memory stays bounded on a topic of any size.
     */
    private readonly maxRecordsPerRead = 10_000,
  ) {}

  /** Dead-letter topics (optionally only those starting with `prefix`) and how many records each holds. */
  async listTopics(prefix = ''): Promise<DeadLetterTopicSummary[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix) && t.endsWith(DEAD_LETTER_SUFFIX)).sort();
      const summaries: DeadLetterTopicSummary[] = [];
      for (const topic of topics) {
        const offsets = await admin.fetchTopicOffsets(topic);
        const records = offsets.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
        summaries.push({ topic, originalTopic: topic.slice(0, -DEAD_LETTER_SUFFIX.length), records });
      }
      return summaries;
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * The records of one dead-letter topic that match `filter`, oldest first per partition, up to
   * `limit`: over the whole topic, however large, reading it `maxRecordsPerRead` records at a time.
   */
  async list(topic: string, filter: DeadLetterFilter = {}, limit = 100): Promise<DeadLetterRecord[]> {
    return (await this.listAcrossReads(topic, filter, limit)).items;
  }

  /**
   * As `list`, with what the reads went through (`scanned`, over all of them) and, when they
   * stopped at `limit` matches before the end of the topic, `nextCursor`: where to go on (`after`
   * of `listPage`, with the same filter). Reads only up to the end the topic had when the first read began.
   */
  async listAcrossReads(topic: string, filter: DeadLetterFilter = {}, limit = 100): Promise<DeadLetterPage> {
    const { found, scanned, next } = await this.find(topic, filter, limit);
    return { items: found.map(({ record }) => record), scanned, ...(next ? { nextCursor: encodeDeadLetterCursor(next) } : {}) };
  }

  /**
   * One page of the matching records: a single read of at most `maxRecordsPerRead` records from
   * `after` (a `nextCursor` of an earlier page; absent: the start of the topic), stopping at
   * `limit` matches. `nextCursor` says where to go on, as long as the read did not reach the end.
   * Throws InvalidDeadLetterCursorError for a cursor that is not one.
   */
  async listPage(topic: string, filter: DeadLetterFilter = {}, options: { limit?: number; after?: string } = {}): Promise<DeadLetterPage> {
    const { found, scanned, next } = await this.readOnce(topic, filter, options.limit ?? 100, options.after);
    return { items: found.map(({ record }) => record), scanned, ...(next ? { nextCursor: encodeDeadLetterCursor(next) } : {}) };
  }

  /** One read from `after` (a cursor, decoded here: InvalidDeadLetterCursorError) or the start of the topic. */
  private async readOnce(topic: string, filter: DeadLetterFilter, limit: number, after?: string): Promise<Read> {
    assertDeadLetterTopic(topic);
    const from = after === undefined ? undefined : decodeDeadLetterCursor(after);
    return this.readPage(topic, filter, limit, from);
  }

  /**
   * The matching dead letters as listed, each with the message as read (the bytes a replay
   * re-produces), read page after page; `next` when they stopped at `limit` before the end.
   */
  private async find(topic: string, filter: DeadLetterFilter, limit: number): Promise<Read> {
    assertDeadLetterTopic(topic);
    const found: ReadDeadLetter[] = [];
    let scanned = 0;
    // Each read's cursor keeps the end the topic had when the first read began: records written meanwhile do not keep it going.
    let from: DeadLetterCursor | undefined;
    do {
      const page = await this.readPage(topic, filter, limit - found.length, from);
      found.push(...page.found);
      scanned += page.scanned;
      from = page.next;
    } while (from && found.length < limit);
    return { found, scanned, ...(from ? { next: from } : {}) };
  }

  /** One read, its matches completed from the ledger (and `notReplayed` applied). */
  private async readPage(topic: string, filter: DeadLetterFilter, limit: number, from?: DeadLetterCursor): Promise<Read> {
    const read = await this.read(topic, filter, limit, from);
    if (!this.ledger || read.found.length === 0) return read;
    const seen = await this.ledger.lookup(
      topic,
      read.found.map(({ record }) => record),
    );
    let found = read.found.map(({ record, message }) => ({
      record: { ...record, ...seen.get(ledgerKeyOf(topic, record.partition, record.offset)) },
      message,
    }));
    if (filter.notReplayed) found = found.filter(({ record }) => !record.replays);
    return { ...read, found };
  }

  /**
   * Re-produces the matching records to their original topic with their original key, value
   * and headers (dlt-* removed), adding dlt-replayed-from/-id/-at, and notes them in the ledger.
   * Reads on, read after read, until it has `limit` matches or reaches the end the topic had when
   * it began: meant for records named by coordinates (`filter.records`), whose read goes only from
   * the first named offset to the last. A filter over a topic of any size: `replayPage`.
   */
  async replay(topic: string, filter: DeadLetterFilter, limit = 1_000): Promise<ReplayedRecord[]> {
    return this.replayFound(topic, (await this.find(topic, filter, limit)).found);
  }

  /**
   * One step of a replay by filter, bounded as a `listPage`: a single read of at most
   * `maxRecordsPerRead` records from `after` (a `nextCursor` of the previous step; absent: the
   * start of the topic), stopping at `limit` matches, and the replay of the matches it found.
   * `nextCursor` says where the next step starts, as long as the read did not reach the end: the
   * same filter from there replays the matches behind it, none twice and none skipped. Throws
   * InvalidDeadLetterCursorError for a cursor that is not one.
   */
  async replayPage(
    topic: string,
    filter: DeadLetterFilter,
    options: { limit?: number; after?: string } = {},
  ): Promise<DeadLetterReplayPage> {
    const { found, scanned, next } = await this.readOnce(topic, filter, options.limit ?? 1_000, options.after);
    const items = await this.replayFound(topic, found);
    return { items, scanned, ...(next ? { nextCursor: encodeDeadLetterCursor(next) } : {}) };
  }

  private async replayFound(topic: string, found: ReadDeadLetter[]): Promise<ReplayedRecord[]> {
    const replayedAt = new Date().toISOString();
    const replays: ReplayedRecord[] = [];
    for (const { record, message } of found) {
      const replayId = randomUUID();
      // The bytes as read, not the listing's text: a value or header that is not UTF-8 would come
      // out altered (and fail its signature check), and a repeated header would lose its other values.
      const headers: IHeaders = {};
      for (const [name, value] of Object.entries(withoutValuelessHeaders(message.headers)))
        if (!name.startsWith('dlt-')) headers[name] = value;
      headers[REPLAY_HEADERS.from] = ledgerKeyOf(topic, record.partition, record.offset);
      headers[REPLAY_HEADERS.id] = replayId;
      headers[REPLAY_HEADERS.at] = replayedAt;
      // Always the topic this DLT belongs to, never a header's claim: a forged dlt-original-topic cannot redirect a replay.
      await this.sender.sendRaw(record.originalTopic, [{ key: message.key, value: message.value, headers }]);
      const replay = {
        from: { topic, partition: record.partition, offset: record.offset },
        toTopic: record.originalTopic,
        eventId: record.eventId,
        replayId,
        replayedAt,
      };
      replays.push(replay);
      // One at a time: a failure half-way leaves the ledger matching what was really sent.
      await this.ledger?.record([replay]);
    }
    return replays;
  }

  /**
   * Reads the topic from `from` (or its start) up to the high watermarks seen when the read
   * began (or the cursor's ends, where lower), keeping the records that match `filter` (its ledger part aside). Stops at `limit`
   * matches, after `maxRecordsPerRead` records, or after READ_TIME_LIMIT_MS; `next` then says,
   * per partition, where to go on. Records named by `filter.records` narrow the read to them.
   */
  private async read(topic: string, filter: DeadLetterFilter, limit: number, from?: DeadLetterCursor): Promise<Read> {
    const range: ReadRange = { position: new Map(), ends: new Map(), seekTo: new Map() };
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const [low, high] = [BigInt(p.low), BigInt(p.high)];
        let [start, end] = [max(low, from?.next.get(p.partition) ?? low), min(high, from?.ends.get(p.partition) ?? high)];
        // A partition added after the first page of a cursor with ends holds only records written since: not this listing's.
        if (from?.ends.size && !from.next.has(p.partition)) [start, end] = [high, high];
        // Retention moved the partition's start past the cursor's end (or the topic was made anew): nothing left, and the
        // cursor written from here must still be one the parser takes (its offset never past its end).
        if (end < start) end = start;
        if (filter.records) {
          const named = filter.records.filter((r) => r.partition === p.partition).map((r) => BigInt(r.offset));
          if (named.length === 0) end = start;
          else [start, end] = [max(start, min(...named)), min(end, max(...named) + 1n)];
        }
        range.position.set(p.partition, start);
        range.ends.set(p.partition, end);
        // A partition with nothing to read is read from its end: nothing is fetched from it.
        range.seekTo.set(p.partition, start < end ? start : high);
      }
      if (![...range.position].some(([partition, start]) => start < range.ends.get(partition)!)) return { found: [], scanned: 0 };
      range.retentionMs = await retentionOf(admin, topic);
    } finally {
      await admin.disconnect();
    }

    const groupId = `dlt-reader-${randomUUID()}`;
    try {
      return await this.consume(topic, filter, limit, groupId, range);
    } finally {
      const cleanup = this.kafka.admin();
      await cleanup
        .connect()
        .then(() => cleanup.deleteGroups([groupId]))
        .catch(() => undefined)
        .finally(() => cleanup.disconnect().catch(() => undefined));
    }
  }

  /** The reading part of `read`, with a throwaway consumer group seeking each partition to its start. */
  private async consume(topic: string, filter: DeadLetterFilter, limit: number, groupId: string, range: ReadRange): Promise<Read> {
    const { position, ends } = range;
    const pending = new Set([...position].filter(([partition, start]) => start < ends.get(partition)!).map(([partition]) => partition));
    const found: ReadDeadLetter[] = [];
    let scanned = 0;
    let stopped = false;
    /** The partition has been read up to `next` (exclusive). */
    const advance = (partition: number, next: bigint) => {
      if (next > position.get(partition)!) position.set(partition, next);
      if (position.get(partition)! >= ends.get(partition)!) pending.delete(partition);
    };
    let finish: (error?: unknown) => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      finish = (error?: unknown) => {
        stopped = true;
        clearTimeout(timer);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve();
      };
    });
    // Out of time: what was read so far is a page (its cursor goes on from there); nothing at all is an error.
    const timer = setTimeout(
      () => finish(scanned > 0 ? undefined : new Error(`reading ${topic} took longer than ${READ_TIME_LIMIT_MS / 1000} s`)),
      READ_TIME_LIMIT_MS,
    );
    // A short long-poll: a fetch at the end of the topic would hold the disconnect for its whole wait.
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
    });
    const read = (partition: number, message: KafkaMessage): 'next' | 'stop' => {
      const offset = BigInt(message.offset);
      // Before the seek took effect: read by an earlier page, or not asked for.
      if (offset < position.get(partition)!) return 'next';
      // Written after this read began: the next page's.
      if (offset >= ends.get(partition)!) {
        advance(partition, ends.get(partition)!);
        if (pending.size === 0) finish();
        return 'stop';
      }
      scanned++;
      const record = toRecord(topic, partition, message, range.retentionMs);
      if (matches(record, filter)) found.push({ record, message });
      advance(partition, offset + 1n);
      if (pending.size > 0 && found.length < limit && scanned < this.maxRecordsPerRead) return 'next';
      finish();
      return 'stop';
    };
    try {
      await consumer.connect();
      // A batch of nothing but transaction markers or aborted records never reaches eachBatch; it still moves its partition on.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (stopped || payload.topic !== topic || payload.batchSize !== 0 || !pending.has(payload.partition)) return;
        advance(payload.partition, min(BigInt(payload.lastOffset) + 1n, ends.get(payload.partition)!));
        if (pending.size === 0) finish();
      });
      // From the beginning only where a start offset is gone by the time it is read (retention deleted it).
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch, isStale }) => {
          const { partition } = batch;
          for (const message of batch.messages) {
            if (stopped || isStale() || !pending.has(partition)) return;
            if (read(partition, message) === 'stop') return;
          }
          if (stopped || isStale() || !pending.has(partition)) return;
          // Every record of the batch is read: the markers and aborted records after the last one are passed too.
          advance(partition, min(BigInt(batch.lastOffset()) + 1n, ends.get(partition)!));
          if (pending.size === 0) finish();
        },
      });
      for (const [partition, offset] of range.seekTo) consumer.seek({ topic, partition, offset: String(offset) });
    } catch (error) {
      finish(error);
    }
    try {
      await done;
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    found.sort(({ record: a }, { record: b }) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    return { found, scanned, ...(pending.size > 0 ? { next: { next: position, ends } } : {}) };
  }
}

function assertDeadLetterTopic(topic: string): void {
  if (!topic.endsWith(DEAD_LETTER_SUFFIX)) throw new Error(`${topic} is not a dead-letter topic (no ${DEAD_LETTER_SUFFIX} suffix)`);
}

function toRecord(topic: string, partition: number, message: KafkaMessage, retentionMs?: number): DeadLetterRecord {
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(message.headers ?? {})) {
    const value = headerText(raw);
    if (value !== undefined) headers[name] = value;
  }
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
    key: message.key?.toString() ?? null,
    headers,
    value: message.value?.toString() ?? null,
    originalTopic: topic.slice(0, -DEAD_LETTER_SUFFIX.length),
    reason: headers['dlt-reason'],
    error: headers['dlt-error'],
    eventType: headers.ce_type,
    eventId: headers.ce_id,
    failedAt: headers['dlt-failed-at'],
    ...(retentionMs === undefined ? {} : { replayBy: new Date(Number(message.timestamp) + retentionMs).toISOString() }),
  };
}

function matches(record: DeadLetterRecord, filter: DeadLetterFilter): boolean {
  if (filter.records && !filter.records.some((r) => r.partition === record.partition && r.offset === record.offset)) return false;
  if (filter.reason && record.reason !== filter.reason) return false;
  if (filter.consumerGroup && record.headers['dlt-consumer-group'] !== filter.consumerGroup) return false;
  if (filter.eventType && record.eventType !== filter.eventType) return false;
  const failedAt = record.failedAt ? Date.parse(record.failedAt) : Number(record.timestamp);
  if (filter.since && failedAt < filter.since.getTime()) return false;
  if (filter.until && failedAt >= filter.until.getTime()) return false;
  return true;
}

/** The topic's retention.ms, or undefined when it keeps records for good or its settings cannot be read (an ACL). */
async function retentionOf(admin: Admin, topic: string): Promise<number | undefined> {
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    });
    const ms = Number(resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue);
    return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}

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
    /** Bounds one read; dead-letter topics are meant to stay small. */
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

  /** The records of one dead-letter topic that match `filter`, oldest first per partition. */
  async list(topic: string, filter: DeadLetterFilter = {}, limit = 100): Promise<DeadLetterRecord[]> {
    return (await this.find(topic, filter, limit)).map(({ record }) => record);
  }

  /** The matching dead letters as listed, each with the message as read: the bytes a replay re-produces. */
  private async find(topic: string, filter: DeadLetterFilter, limit: number): Promise<ReadDeadLetter[]> {
    assertDeadLetterTopic(topic);
    let matching = (await this.readAll(topic)).filter(({ record }) => matches(record, filter));
    if (this.ledger && matching.length) {
      const seen = await this.ledger.lookup(
        topic,
        matching.map(({ record }) => record),
      );
      matching = matching.map(({ record, message }) => ({
        record: { ...record, ...seen.get(ledgerKeyOf(topic, record.partition, record.offset)) },
        message,
      }));
      if (filter.notReplayed) matching = matching.filter(({ record }) => !record.replays);
    }
    return matching.slice(0, limit);
  }

  /**
   * Re-produces the matching records to their original topic with their original key, value
   * and headers (dlt-* removed), adding dlt-replayed-from/-id/-at, and notes them in the ledger.
   */
  async replay(topic: string, filter: DeadLetterFilter, limit = 1_000): Promise<ReplayedRecord[]> {
    const found = await this.find(topic, filter, limit);
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

  /** Reads the topic from its start to the high watermark seen when the read began. */
  private async readAll(topic: string): Promise<ReadDeadLetter[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    let retentionMs: number | undefined;
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
      retentionMs = ends.size > 0 ? await retentionOf(admin, topic) : undefined;
    } finally {
      await admin.disconnect();
    }
    if (ends.size === 0) return [];

    const groupId = `dlt-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const records: ReadDeadLetter[] = [];
    const remaining = new Set(ends.keys());
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than 60 s`)), 60_000);
        const finish = () => {
          clearTimeout(timer);
          resolve();
        };
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const end = ends.get(partition);
              if (end === undefined || BigInt(message.offset) > end) return;
              if (records.length < this.maxRecordsPerRead)
                records.push({ record: toRecord(topic, partition, message, retentionMs), message });
              if (BigInt(message.offset) === end) remaining.delete(partition);
              if (remaining.size === 0 || records.length >= this.maxRecordsPerRead) finish();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
      const cleanup = this.kafka.admin();
      await cleanup
        .connect()
        .then(() => cleanup.deleteGroups([groupId]))
        .catch(() => undefined)
        .finally(() => cleanup.disconnect().catch(() => undefined));
    }
    return records.sort(({ record: a }, { record: b }) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
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

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Kafka, Message, Producer } from 'kafkajs';
import { z } from 'zod';
import { ALL_EVENT_CONTRACTS, deadLetterTopicOf, EventContract, SERVICE_TOPICS } from '@app/contracts';
import { readTopicToEnd } from '../compacted-topic';
import { RecordedMessage } from '../topic-recorder';
import { waitFor } from '../wait-for';
import { applyMutations, bodyMutations, Json, Mutation } from './body-mutations';
import { JsonSchema } from './openapi-bodies';
import { schemaValidBodies } from './schema-valid-bodies';

/**
 * Property-based fuzzing of what a service consumes: records on every topic it subscribes to
 * (SERVICE_TOPICS), as the services that own those topics would write them, and as they should
 * never be written. Most carry data its contract allows, with odd values (the schema-valid
 * bodies of the HTTP fuzz); the rest have mutated data, missing or odd CloudEvents headers, or a
 * value that is not JSON. The consumer must get through all of them (its group's offsets reach
 * the end of every topic), and what it dead-letters must be the record's fault, never the trace
 * of a programming error in a handler.
 */

/** What a handler's bug looks like in a dead letter's `dlt-error`. */
export const CRASH_SIGNS =
  /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read|is not a function|is not iterable|undefined \(reading/;

export interface ConsumerFuzzReport {
  records: number;
  seconds: number;
  byTopic: Record<string, number>;
  /** Topics the service consumes that got no record: no contract describes an event on them. */
  unfuzzedTopics: string[];
  /** Dead letters by `dlt-reason` (malformed, invalid, no-handler, handler-failed). */
  deadLettersByReason: Record<string, number>;
  /** Dead letters whose error reads like a bug in the handler, with the record's type and error. */
  crashes: DeadLetterSummary[];
  /** Every record a handler refused (`handler-failed`): the record's fault by the handler's word, to read. */
  handlerFailures: DeadLetterSummary[];
}

export interface DeadLetterSummary {
  topic: string;
  type: string;
  error: string;
}

type Shape =
  | { kind: 'valid'; data: Json }
  | { kind: 'mutated'; data: Json; mutations: Mutation[] }
  | { kind: 'headers'; data: Json; drop: string }
  | { kind: 'not-json'; bytes: Uint8Array };

const DROPPABLE_HEADERS = ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'content-type'];

/** The contracts of the events on `topic` (logical name). */
function contractsOn(topic: string): EventContract[] {
  return (ALL_EVENT_CONTRACTS as readonly EventContract[]).filter((contract) => contract.topic === topic);
}

function recordsFor(contract: EventContract, idFor: (field: string) => string | undefined): fc.Arbitrary<Shape> {
  const schema = z.toJSONSchema(contract.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  const valid = schemaValidBodies(schema, { paths: {}, components: { schemas: schema.$defs ?? {} } }, idFor);
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((data): Shape => ({ kind: 'valid', data })) },
    { weight: 3, arbitrary: fc.tuple(valid, bodyMutations).map(([data, mutations]): Shape => ({ kind: 'mutated', data, mutations })) },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.constantFrom(...DROPPABLE_HEADERS)).map(([data, drop]): Shape => ({ kind: 'headers', data, drop })),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 100 }).map((bytes): Shape => ({ kind: 'not-json', bytes })) },
  );
}

/** A record as the topic's owner would write it (binary-mode CloudEvent), then spoilt as the shape says. */
function recordOf(contract: EventContract, shape: Shape, key: string, subject: string | undefined): Message {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: `fuzz-${randomUUID()}`,
    ce_source: 'urn:school-enterprise:fuzz',
    ce_type: contract.type,
    ce_time: new Date().toISOString(),
    ce_dataschema: contract.dataschema,
    'content-type': 'application/json',
    ...(subject === undefined ? {} : { ce_subject: subject }),
  };
  switch (shape.kind) {
    case 'valid':
      // Data that is null is written as the owner's codec writes it: a tombstone, without a value.
      return { key, value: shape.data === null ? null : JSON.stringify(shape.data), headers };
    case 'mutated':
      return { key, value: applyMutations(shape.data, shape.mutations).text.slice(0, 400 * 1024), headers };
    case 'headers':
      delete headers[shape.drop];
      return { key, value: JSON.stringify(shape.data), headers };
    case 'not-json':
      return { key, value: Buffer.from(shape.bytes), headers };
  }
}

export interface ConsumerFuzzOptions {
  kafka: Kafka;
  producer: Producer;
  /** The service whose subscriptions are fuzzed, its topic prefix and its consumer group. */
  service: keyof typeof SERVICE_TOPICS;
  prefix: string;
  /** Default: `<prefix><service>`, as the services name their group. */
  groupId?: string;
  /** Real ids by field name (schoolId, teacherId...), so most records refer to what the service knows. */
  idFor: (field: string) => string | undefined;
  records: number;
  seed: number;
  /** The CloudEvents subject the topic's owner sets on a record (e.g. `consents/<key>` on a consent tombstone); none when undefined. */
  subjectFor?: (contract: EventContract, key: string) => string | undefined;
  /** How long the consumer may take for all of them (default: 120 s, or 0.2 s a record if longer). */
  timeoutMs?: number;
}

/** How many records a run produces (`KAFKA_FUZZ_RUNS`, else `defaultRecords`) and its seed (`FUZZ_SEED`, else from the clock). */
export function consumerFuzzSettings(defaultRecords: number): { records: number; seed: number } {
  return {
    records: Number(process.env.KAFKA_FUZZ_RUNS ?? defaultRecords),
    seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31,
  };
}

export async function fuzzConsumedTopics(options: ConsumerFuzzOptions): Promise<ConsumerFuzzReport> {
  const startedAt = Date.now();
  const contracts = SERVICE_TOPICS[options.service].consumes.flatMap(contractsOn);
  const cases = fc.oneof(...contracts.map((contract) => recordsFor(contract, options.idFor).map((shape) => ({ contract, shape }))));
  const byTopic: Record<string, number> = {};
  const batches = new Map<string, Message[]>();
  for (const { contract, shape } of fc.sample(cases, { numRuns: options.records, seed: options.seed })) {
    const topic = `${options.prefix}${contract.topic}`;
    // Any key: the records' order between aggregates does not matter here, only that each is handled.
    const messages = batches.get(topic) ?? batches.set(topic, []).get(topic)!;
    const key = randomUUID();
    messages.push(recordOf(contract, shape, key, options.subjectFor?.(contract, key)));
    byTopic[contract.topic] = (byTopic[contract.topic] ?? 0) + 1;
  }
  for (const [topic, messages] of batches) await sendInRequestsUnderTheLimit(options.producer, topic, messages);
  const topics = [...batches.keys()];
  const groupId = options.groupId ?? `${options.prefix}${options.service}`;
  await waitFor('the consumer group to commit every fuzzed record', () => consumedToTheEnd(options.kafka, groupId, topics), {
    timeoutMs: options.timeoutMs ?? Math.max(120_000, options.records * 200),
    intervalMs: 500,
  });

  const deadLetters: RecordedMessage[] = [];
  for (const topic of topics) deadLetters.push(...(await readTopicToEnd(options.kafka, deadLetterTopicOf(topic))));
  const deadLettersByReason: Record<string, number> = {};
  for (const letter of deadLetters) {
    const reason = letter.headers['dlt-reason'] ?? '?';
    deadLettersByReason[reason] = (deadLettersByReason[reason] ?? 0) + 1;
  }
  const summary = (letter: RecordedMessage): DeadLetterSummary => ({
    topic: letter.topic,
    type: letter.headers.ce_type ?? '?',
    error: (letter.headers['dlt-error'] ?? '').slice(0, 300),
  });
  const crashes = deadLetters.filter((letter) => CRASH_SIGNS.test(letter.headers['dlt-error'] ?? '')).map(summary);
  const handlerFailures = deadLetters.filter((letter) => letter.headers['dlt-reason'] === 'handler-failed').map(summary);
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const unfuzzedTopics = SERVICE_TOPICS[options.service].consumes.filter((topic) => !byTopic[topic]);
  return { records: options.records, seconds, byTopic, unfuzzedTopics, deadLettersByReason, crashes, handlerFailures };
}

/** Produce requests of at most ~512 KiB: the broker refuses a larger one (1 MiB by default) whole. */
async function sendInRequestsUnderTheLimit(producer: Producer, topic: string, messages: Message[]): Promise<void> {
  let batch: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = (message.value ? Buffer.byteLength(message.value) : 0) + 500;
    if (batch.length && bytes + size > 512 * 1024) {
      await producer.send({ topic, messages: batch });
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length) await producer.send({ topic, messages: batch });
}

/** True when the group's committed offset is at the end of every partition of the topics. */
async function consumedToTheEnd(kafka: Kafka, groupId: string, topics: string[]): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const group = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const at = group.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
        if (Number(end.high) > 0 && Number(at) < Number(end.high)) return false;
      }
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

export function describeConsumerFuzzReport(name: string, seed: number, report: ConsumerFuzzReport): string {
  return (
    `\nConsumer fuzz of ${name}: ${report.records} records in ${report.seconds} s, seed ${seed}\n` +
    `  by topic: ${JSON.stringify(report.byTopic)}\n` +
    `  dead letters by reason: ${JSON.stringify(report.deadLettersByReason)}; reading like a handler's bug: ${report.crashes.length}\n` +
    refusalsByKind(report.handlerFailures)
      .slice(0, 10)
      .map(([kind, count]) => `  refused by a handler ${count}×: ${kind}\n`)
      .join('')
  );
}

/** Handler refusals grouped by what they say, ids and dates left out, most frequent first. */
function refusalsByKind(failures: DeadLetterSummary[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const failure of failures) {
    const kind = `${failure.type}: ${failure.error.replace(/fuzz-[0-9a-f-]{36}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}/g, '…')}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

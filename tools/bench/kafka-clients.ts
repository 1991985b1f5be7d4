/**
 * kafkajs (the repo's version) against @platformatic/kafka on the running test broker: produce and
 * consume throughput, plus the functional checks our transport depends on (ADR 0046).
 *
 *   source tools/node/use-lts.sh
 *   (mkdir -p /tmp/pk && cd /tmp/pk && npm init -y >/dev/null && npm install @platformatic/kafka@2.12.1)
 *   PLATFORMATIC_KAFKA_DIR=/tmp/pk npx ts-node -r tsconfig-paths/register --transpile-only tools/bench/kafka-clients.ts
 *
 * @platformatic/kafka is not a dependency of the project: it is loaded from PLATFORMATIC_KAFKA_DIR
 * (a scratch npm folder), so the benchmark needs no change to package.json. It is ESM-only;
 * Node 24 loads it with require().
 *
 * Environment (defaults): KAFKA_BENCH_BROKERS (127.0.0.1:19092), KAFKA_BENCH_RECORDS (50000),
 * KAFKA_BENCH_VALUE_BYTES (300), KAFKA_BENCH_ROUNDS (3), KAFKA_BENCH_BATCH (1000),
 * KAFKA_BENCH_FUNCTIONAL (1: also run the long-handler and rebalance checks, about 50 s).
 *
 * Each round produces N records to a fresh 3-partition topic (acks=all, idempotent, batches of
 * KAFKA_BENCH_BATCH sent one after another: kafkajs' idempotent producer allows one request in
 * flight), then consumes them in a new group from the earliest offset, committing each record's
 * offset after its handler returned (kafkajs: eachMessage + autoCommit, which is what
 * libs/messaging/src/kafka-event-transport.ts does; platformatic: message.commit(), which it
 * coalesces per partition). Rounds alternate the client order; medians are reported.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';

const BROKERS = (process.env.KAFKA_BENCH_BROKERS ?? '127.0.0.1:19092').split(',');
const RECORDS = Number(process.env.KAFKA_BENCH_RECORDS ?? 50_000);
const VALUE_BYTES = Number(process.env.KAFKA_BENCH_VALUE_BYTES ?? 300);
const ROUNDS = Number(process.env.KAFKA_BENCH_ROUNDS ?? 3);
const BATCH = Number(process.env.KAFKA_BENCH_BATCH ?? 1000);
const FUNCTIONAL = process.env.KAFKA_BENCH_FUNCTIONAL !== '0';
const KEYS = 1000;
const PARTITIONS = 3;
const RUN = `bench-kc-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;

// ------------------------------------------------------------ the slice of @platformatic/kafka used
// Typed here so the project type-checks without the package installed.
type PHeaders = Map<string, Buffer>;
interface PMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer;
  value: Buffer;
  headers: Map<string, Buffer>;
  commit(): Promise<void> | void;
}
interface PStream extends AsyncIterable<PMessage> {
  on(event: 'data', listener: (message: PMessage) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  close(): Promise<void>;
}
interface PlatformaticKafka {
  Producer: new (options: Record<string, unknown>) => {
    send(options: Record<string, unknown>): Promise<{ offsets?: { topic: string; partition: number; offset: bigint }[] }>;
    close(): Promise<void>;
  };
  Consumer: new (options: Record<string, unknown>) => {
    consume(options: Record<string, unknown>): Promise<PStream>;
    close(force?: boolean): Promise<void>;
    on(event: string, listener: (payload?: unknown) => void): void;
  };
  Admin: new (options: Record<string, unknown>) => {
    createTopics(options: Record<string, unknown>): Promise<unknown>;
    deleteTopics(options: Record<string, unknown>): Promise<void>;
    listOffsets(options: Record<string, unknown>): Promise<{ name: string; partitions: { partitionIndex: number; offset: bigint }[] }[]>;
    listConsumerGroupOffsets(
      options: Record<string, unknown>,
    ): Promise<{ groupId: string; topics: { name: string; partitions: { partitionIndex: number; committedOffset: bigint }[] }[] }[]>;
    close(): Promise<void>;
  };
  compatibilityPartitioner: (message: unknown, key?: Buffer) => number;
  stringSerializer: unknown;
  stringDeserializer: unknown;
  defaultPartitioner: (message: unknown, key?: Buffer) => number;
  ProduceAcks: { ALL: number };
  version?: string;
}

function loadPlatformatic(): { lib: PlatformaticKafka; version: string } {
  const dir = process.env.PLATFORMATIC_KAFKA_DIR;
  const req = createRequire(dir ? join(dir, 'package.json') : __filename);
  const lib = req('@platformatic/kafka') as PlatformaticKafka;
  const entry = req.resolve('@platformatic/kafka');
  const pkg = JSON.parse(readFileSync(join(entry.slice(0, entry.lastIndexOf('/dist/')), 'package.json'), 'utf8')) as { version: string };
  return { lib, version: pkg.version };
}

// ------------------------------------------------------------ records
/** Java's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), written out to check both clients. */
function javaMurmur2(data: Buffer): number {
  const length = data.length;
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  let h = seed ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const rest = length % 4;
  const base = length & ~3;
  if (rest === 3) h ^= (data[base + 2] & 0xff) << 16;
  if (rest >= 2) h ^= (data[base + 1] & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[base] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}
const javaPartition = (key: Buffer, partitions: number) => (javaMurmur2(key) & 0x7fffffff) % partitions;

interface BenchRecord {
  key: Buffer;
  value: Buffer;
  headers: Record<string, Buffer>;
}

/** CloudEvents binary mode: ce_* headers; one header is raw bytes that are not valid UTF-8. */
function makeRecords(n: number): BenchRecord[] {
  const records: BenchRecord[] = [];
  const perKey = new Array<number>(KEYS).fill(0);
  const filler = 'x'.repeat(VALUE_BYTES);
  for (let i = 0; i < n; i++) {
    const k = i % KEYS;
    const seq = perKey[k]++;
    const body = JSON.stringify({ studentId: `student-${k}`, seq, i, pad: '' });
    const value = Buffer.from(body.replace('"pad":""', `"pad":"${filler.slice(0, Math.max(0, VALUE_BYTES - body.length))}"`));
    records.push({
      key: Buffer.from(`student-${k}`),
      value,
      headers: {
        ce_specversion: Buffer.from('1.0'),
        ce_id: Buffer.from(`evt-${i}`),
        ce_type: Buffer.from('talent.application.submitted.v1'),
        ce_source: Buffer.from('/talent-pipeline'),
        ce_time: Buffer.from(new Date(1_700_000_000_000 + i).toISOString()),
        'content-type': Buffer.from('application/json'),
        ce_signature: Buffer.from([0xff, 0x00, 0xfe, i & 0xff, 0x80, 0xc3]),
      },
    });
  }
  return records;
}

interface Received {
  partition: number;
  offset: bigint;
  key: string;
  seq: number;
  signature: Buffer;
  ceType: string;
}

/** Everything arrived once, binary headers intact, each key on its Java partition and in order. */
function verify(received: Received[], records: BenchRecord[]): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  if (received.length !== records.length) problems.push(`received ${received.length} of ${records.length}`);
  const lastSeq = new Map<string, number>();
  let wrongPartition = 0;
  let outOfOrder = 0;
  let badHeader = 0;
  for (const r of received) {
    if (r.partition !== javaPartition(Buffer.from(r.key), PARTITIONS)) wrongPartition++;
    const previous = lastSeq.get(r.key) ?? -1;
    if (r.seq !== previous + 1) outOfOrder++;
    lastSeq.set(r.key, r.seq);
    if (r.ceType !== 'talent.application.submitted.v1' || r.signature.length !== 6 || r.signature[0] !== 0xff || r.signature[1] !== 0x00)
      badHeader++;
  }
  if (wrongPartition) problems.push(`${wrongPartition} records not on the Java murmur2 partition`);
  if (outOfOrder) problems.push(`${outOfOrder} records out of per-key order`);
  if (badHeader) problems.push(`${badHeader} records with damaged headers`);
  return { ok: problems.length === 0, problems };
}

function parseValue(value: Buffer): { seq: number } {
  return JSON.parse(value.toString()) as { seq: number };
}

// ------------------------------------------------------------ kafkajs
const kafkajs = new Kafka({ clientId: `${RUN}-kafkajs`, brokers: BROKERS, logLevel: logLevel.NOTHING });

async function kafkajsRound(round: number, records: BenchRecord[]) {
  const topic = `${RUN}-kafkajs-${round}`;
  const group = `${topic}-g`;
  const admin = kafkajs.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });

  const producer = kafkajs.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const produceStart = performance.now();
  for (let i = 0; i < records.length; i += BATCH) {
    await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: records.slice(i, i + BATCH) });
  }
  const produceMs = performance.now() - produceStart;
  await producer.disconnect();

  const received: Received[] = [];
  const consumer = kafkajs.consumer({ groupId: group, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
  const consumeStart = performance.now();
  let firstAt = 0;
  let joinedAt = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => (joinedAt ||= performance.now()));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 1,
      eachMessage: async ({ partition, message }) => {
        if (!firstAt) firstAt = performance.now();
        received.push({
          partition,
          offset: BigInt(message.offset),
          key: message.key!.toString(),
          seq: parseValue(message.value!).seq,
          signature: message.headers!.ce_signature as Buffer,
          ceType: String(message.headers!.ce_type),
        });
        if (received.length === records.length) resolve();
      },
    });
  });
  await done;
  const consumeMs = performance.now() - consumeStart;
  const fromFirstMs = performance.now() - firstAt;
  await consumer.disconnect(); // commits what eachMessage resolved
  const joinMs = joinedAt - consumeStart;
  const firstRecordMs = firstAt - consumeStart;

  // Admin: end offsets and the group's committed offsets.
  const ends = await admin.fetchTopicOffsets(topic);
  const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const endSum = ends.reduce((sum, p) => sum + Number(p.high), 0);
  const committedSum = committed[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { produceMs, consumeMs, fromFirstMs, joinMs, firstRecordMs, verdict: verify(received, records), endSum, committedSum };
}

// ------------------------------------------------------------ @platformatic/kafka
async function platformaticRound(lib: PlatformaticKafka, round: number, records: BenchRecord[]) {
  const topic = `${RUN}-platformatic-${round}`;
  const group = `${topic}-g`;
  const base = { clientId: `${RUN}-platformatic`, bootstrapBrokers: BROKERS };
  const admin = new lib.Admin(base);
  await admin.createTopics({ topics: [topic], partitions: PARTITIONS, replicas: 1 });

  // Header keys go through a serializer like keys and values; without one they must be Buffers.
  const producer = new lib.Producer({
    ...base,
    idempotent: true,
    acks: lib.ProduceAcks.ALL,
    partitioner: lib.compatibilityPartitioner,
    serializers: { headerKey: lib.stringSerializer },
  });
  const produceStart = performance.now();
  for (let i = 0; i < records.length; i += BATCH) {
    await producer.send({
      messages: records.slice(i, i + BATCH).map((r) => ({ topic, key: r.key, value: r.value, headers: toMap(r.headers) })),
    });
  }
  const produceMs = performance.now() - produceStart;
  await producer.close();

  const received: Received[] = [];
  const consumer = new lib.Consumer({
    ...base,
    groupId: group,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    deserializers: { headerKey: lib.stringDeserializer },
    // kafkajs' fetch sizes (its defaults), so both fetch alike; platformatic's default maxBytes
    // is 50 MB, which pulls this whole topic in the first fetch and delays the first record.
    maxBytes: 10 * 1_048_576,
    maxBytesPerPartition: 1_048_576,
  });
  const consumeStart = performance.now();
  let firstAt = 0;
  let joinedAt = 0;
  consumer.on('consumer:group:join', () => (joinedAt ||= performance.now()));
  const commits: (Promise<void> | void)[] = [];
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
  for await (const message of stream) {
    if (!firstAt) firstAt = performance.now();
    received.push({
      partition: message.partition,
      offset: message.offset,
      key: message.key.toString(),
      seq: parseValue(message.value).seq,
      signature: message.headers.get('ce_signature')!,
      ceType: message.headers.get('ce_type')!.toString(),
    });
    // Commit after the "handler" ran: what the transport does. Coalesced per partition by the client.
    commits.push(message.commit());
    if (received.length === records.length) break;
  }
  const consumeMs = performance.now() - consumeStart;
  const fromFirstMs = performance.now() - firstAt;
  await Promise.all(commits);
  await stream.close();
  await consumer.close();
  const joinMs = joinedAt - consumeStart;
  const firstRecordMs = firstAt - consumeStart;

  const ends = await admin.listOffsets({
    topics: [{ name: topic, partitions: [0, 1, 2].map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) }],
  });
  const committed = await admin.listConsumerGroupOffsets({ groups: [group] });
  const endSum = ends[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
  const committedSum = (committed[0]?.topics[0]?.partitions ?? []).reduce((sum, p) => sum + Number(p.committedOffset), 0);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.close();
  return { produceMs, consumeMs, fromFirstMs, joinMs, firstRecordMs, verdict: verify(received, records), endSum, committedSum };
}

function toMap(headers: Record<string, Buffer>): PHeaders {
  return new Map(Object.entries(headers));
}

// ------------------------------------------------------------ functional checks
/** Where each client's default and Java-compatible partitioners put 1,000 keys, against Java. */
function partitionerCheck(lib: PlatformaticKafka) {
  const kafkajsDefault = Partitioners.DefaultPartitioner();
  let kafkajsMismatch = 0;
  let platformaticDefaultMismatch = 0;
  let platformaticCompatMismatch = 0;
  for (let k = 0; k < KEYS; k++) {
    const key = Buffer.from(`student-${k}`);
    const expected = javaPartition(key, PARTITIONS);
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
    if (kafkajsDefault({ topic: 't', partitionMetadata, message: { key, value: null } }) !== expected) kafkajsMismatch++;
    // platformatic takes the partitioner's number modulo the partition count.
    if (lib.defaultPartitioner({}, key) % PARTITIONS !== expected) platformaticDefaultMismatch++;
    if (lib.compatibilityPartitioner({}, key) % PARTITIONS !== expected) platformaticCompatMismatch++;
  }
  return { keys: KEYS, kafkajsMismatch, platformaticDefaultMismatch, platformaticCompatMismatch };
}

/** A one-partition topic holding two records of key `a`, 'slow' then 'next'; returns the admin, connected. */
async function topicWithTwoRecords(topic: string) {
  const admin = kafkajs.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  const producer = kafkajs.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: [
      { key: 'a', value: 'slow' },
      { key: 'a', value: 'next' },
    ],
  });
  await producer.disconnect();
  return admin;
}

/**
 * A handler that takes 10 s (a transient-failure retry) with a 6 s session timeout: does the member
 * keep its partitions (no rebalance), and is the offset committed only after the handler returned?
 * kafkajs needs the handler to call heartbeat() (our waitHeartbeating); platformatic heartbeats from
 * a timer, independent of processing.
 */
async function longHandlerCheck(lib: PlatformaticKafka) {
  const HANDLER_MS = 10_000;
  const results: Record<string, unknown> = {};
  for (const client of ['kafkajs', 'platformatic'] as const) {
    const topic = `${RUN}-long-${client}`;
    const group = `${topic}-g`;
    const admin = await topicWithTwoRecords(topic);
    let joins = 0;
    let committedDuringHandler = -1;
    const seen: string[] = [];
    const started = performance.now();
    if (client === 'kafkajs') {
      const consumer = kafkajs.consumer({ groupId: group, sessionTimeout: 6_000, heartbeatInterval: 1_000 });
      consumer.on(consumer.events.GROUP_JOIN, () => joins++);
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message, heartbeat }) => {
            seen.push(String(message.value));
            if (String(message.value) === 'slow' && seen.length === 1) {
              const until = Date.now() + HANDLER_MS;
              while (Date.now() < until) {
                await new Promise((r) => setTimeout(r, 2_000));
                await heartbeat();
              }
              const mid = await admin.fetchOffsets({ groupId: group, topics: [topic] });
              committedDuringHandler = Number(mid[0].partitions[0].offset);
            }
            if (String(message.value) === 'next') resolve();
          },
        });
      });
      await consumer.disconnect();
    } else {
      const padmin = new lib.Admin({ clientId: `${RUN}-p`, bootstrapBrokers: BROKERS });
      const consumer = new lib.Consumer({
        clientId: `${RUN}-p`,
        bootstrapBrokers: BROKERS,
        groupId: group,
        sessionTimeout: 6_000,
        heartbeatInterval: 1_000,
      });
      consumer.on('consumer:group:join', () => joins++);
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
      for await (const message of stream) {
        seen.push(message.value.toString());
        if (message.value.toString() === 'slow' && seen.length === 1) {
          await new Promise((r) => setTimeout(r, HANDLER_MS));
          const mid = await padmin.listConsumerGroupOffsets({ groups: [group] });
          committedDuringHandler = Number(mid[0]?.topics[0]?.partitions[0]?.committedOffset ?? -1);
        }
        await message.commit();
        if (message.value.toString() === 'next') break;
      }
      await stream.close();
      await consumer.close();
      await padmin.close();
    }
    const after = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    results[client] = {
      groupJoins: joins,
      seen: seen.join(','),
      committedWhileHandlerRan: committedDuringHandler,
      committedAfter: Number(after[0].partitions[0].offset),
      seconds: ((performance.now() - started) / 1000).toFixed(1),
    };
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
  return results;
}

/**
 * A second member joins the group while the first is 12 s into a handler (one partition, two
 * records). Nothing may be lost: both records handled at least once and the group's committed
 * offset ends at 2. How each client surfaces the rebalance to a busy handler is what a migration
 * has to handle: kafkajs makes heartbeat() throw (the transport lets that propagate, so the
 * offset stays uncommitted and the record is redelivered); platformatic rejoins in the background.
 */
async function rebalanceDuringHandlerCheck(lib: PlatformaticKafka) {
  const HANDLER_MS = 12_000;
  const JOIN_AFTER_MS = 3_000;
  const LIMIT_MS = 60_000;
  const results: Record<string, unknown> = {};
  for (const client of ['kafkajs', 'platformatic'] as const) {
    const topic = `${RUN}-rebalance-${client}`;
    const group = `${topic}-g`;
    const admin = await topicWithTwoRecords(topic);
    const handled: string[] = [];
    const errors: string[] = [];
    const committedOffset = async () => Number((await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions[0].offset);
    const started = performance.now();
    const until = async (condition: () => Promise<boolean>) => {
      while (performance.now() - started < LIMIT_MS) {
        if (await condition()) return true;
        await new Promise((r) => setTimeout(r, 500));
      }
      return false;
    };
    let slowHandledOnce = false;
    const handle = async (member: string, value: string, heartbeat?: () => Promise<void>) => {
      handled.push(`${member}:${value}`);
      if (value === 'slow' && !slowHandledOnce) {
        slowHandledOnce = true;
        const end = Date.now() + HANDLER_MS;
        while (Date.now() < end) {
          await new Promise((r) => setTimeout(r, 2_000));
          if (heartbeat) await heartbeat(); // kafkajs: throws when the group is rebalancing
        }
        handled.push(`${member}:slow-finished`);
      }
    };
    if (client === 'kafkajs') {
      const members = ['A', 'B'].map((member) => {
        const consumer = kafkajs.consumer({ groupId: group, sessionTimeout: 6_000, heartbeatInterval: 1_000, rebalanceTimeout: 20_000 });
        return { member, consumer };
      });
      const start = async ({ member, consumer }: (typeof members)[number]) => {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message, heartbeat }) => {
            try {
              await handle(member, String(message.value), heartbeat);
            } catch (error) {
              errors.push(`${member}: ${(error as Error).message}`);
              throw error;
            }
          },
        });
      };
      await start(members[0]);
      await new Promise((r) => setTimeout(r, JOIN_AFTER_MS));
      await start(members[1]);
      const done = await until(async () => (await committedOffset()) === 2);
      await Promise.all(members.map(({ consumer }) => consumer.disconnect()));
      results[client] = {
        done,
        handled: handled.join(','),
        errors,
        committedAfter: await committedOffset(),
        seconds: ((performance.now() - started) / 1000).toFixed(1),
      };
    } else {
      const base = {
        clientId: `${RUN}-p`,
        bootstrapBrokers: BROKERS,
        groupId: group,
        sessionTimeout: 6_000,
        heartbeatInterval: 1_000,
        rebalanceTimeout: 20_000,
      };
      const streams: PStream[] = [];
      const consumers: InstanceType<PlatformaticKafka['Consumer']>[] = [];
      const run = async (member: string) => {
        const consumer = new lib.Consumer(base);
        consumers.push(consumer);
        consumer.on('consumer:group:rebalance', () => handled.push(`${member}:rebalance`));
        const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false });
        streams.push(stream);
        stream.on('error', (error) => errors.push(`${member} stream: ${error.message}`));
        try {
          for await (const message of stream) {
            await handle(member, message.value.toString());
            try {
              await message.commit();
              handled.push(`${member}:committed-${message.value.toString()}`);
            } catch (error) {
              errors.push(`${member} commit: ${(error as Error).message}`);
            }
          }
        } catch (error) {
          errors.push(`${member}: ${(error as Error).message}`);
        }
      };
      const a = run('A');
      await new Promise((r) => setTimeout(r, JOIN_AFTER_MS));
      const b = run('B');
      const done = await until(async () => (await committedOffset()) === 2 && handled.some((h) => h.endsWith(':next')));
      // Let the first member's handler finish too: does its late commit fail, or move the offset?
      await until(async () => handled.includes('A:slow-finished'));
      await new Promise((r) => setTimeout(r, 2_000));
      await Promise.all(streams.map((stream) => stream.close().catch(() => undefined)));
      await Promise.all(consumers.map((consumer) => consumer.close(true).catch(() => undefined)));
      await Promise.race([Promise.all([a, b]), new Promise((r) => setTimeout(r, 5_000))]);
      results[client] = {
        done,
        handled: handled.join(','),
        errors,
        committedAfter: await committedOffset(),
        seconds: ((performance.now() - started) / 1000).toFixed(1),
      };
    }
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
  return results;
}

// ------------------------------------------------------------ main
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');

async function main(): Promise<void> {
  const { lib, version } = loadPlatformatic();
  const kafkajsVersion = (createRequire(__filename)('kafkajs/package.json') as { version: string }).version;
  console.log(
    `kafkajs ${kafkajsVersion}, @platformatic/kafka ${version}; ${RECORDS} records of ${VALUE_BYTES} B value, ${KEYS} keys, ${PARTITIONS} partitions, batches of ${BATCH}, ${ROUNDS} rounds; load ${loadavg()}`,
  );
  const records = makeRecords(RECORDS);
  const empty = () => ({
    produce: [] as number[],
    consume: [] as number[],
    fromFirst: [] as number[],
    join: [] as number[],
    firstRecord: [] as number[],
  });
  const figures = { kafkajs: empty(), platformatic: empty() };
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? (['kafkajs', 'platformatic'] as const) : (['platformatic', 'kafkajs'] as const);
    for (const client of order) {
      const load = loadavg();
      const r = client === 'kafkajs' ? await kafkajsRound(round, records) : await platformaticRound(lib, round, records);
      const perSec = (ms: number) => Math.round((RECORDS / ms) * 1000);
      figures[client].produce.push(perSec(r.produceMs));
      figures[client].consume.push(perSec(r.consumeMs));
      figures[client].fromFirst.push(perSec(r.fromFirstMs));
      figures[client].join.push(Math.round(r.joinMs));
      figures[client].firstRecord.push(Math.round(r.firstRecordMs));
      console.log(
        `round ${round} ${client.padEnd(12)} produce ${perSec(r.produceMs)}/s (${(r.produceMs / 1000).toFixed(2)} s)  ` +
          `consume ${perSec(r.consumeMs)}/s incl. join (${(r.consumeMs / 1000).toFixed(2)} s; joined after ${Math.round(r.joinMs)} ms, ` +
          `first record after ${Math.round(r.firstRecordMs)} ms), ${perSec(r.fromFirstMs)}/s from first record  ` +
          `end offsets ${r.endSum} committed ${r.committedSum}  ${r.verdict.ok ? 'verified' : r.verdict.problems.join('; ')}  load before ${load}`,
      );
    }
  }
  console.log('\nmedians (records per second):');
  for (const [client, f] of Object.entries(figures)) {
    console.log(
      `  ${client.padEnd(12)} produce ${median(f.produce)}/s  consume incl. join ${median(f.consume)}/s  from first record ${median(f.fromFirst)}/s  ` +
        `joined after ${median(f.join)} ms  first record after ${median(f.firstRecord)} ms`,
    );
  }
  console.log(`\npartitioners vs Java murmur2: ${JSON.stringify(partitionerCheck(lib))}`);
  if (FUNCTIONAL) console.log(`long handler (10 s, session timeout 6 s): ${JSON.stringify(await longHandlerCheck(lib))}`);
  if (FUNCTIONAL) console.log(`rebalance during a 12 s handler: ${JSON.stringify(await rebalanceDuringHandlerCheck(lib))}`);
  console.log(`load after ${loadavg()}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

/**
 * Downstream throughput side by side (issue: "a peer in the benchmark"): the same ERP hires,
 * produced to Kafka, applied by
 *   1. the talent pipeline (KafkaEventTransport, inbox dedupe, versioned placement write with
 *      the outcome in its outbox, relay, fan-out to the school's feed),
 *   2. a stock NestJS peer (tools/bench/peer: ServerKafka + @EventPattern + mongoose, the same
 *      dedupe, placement and outcome writes),
 *   3. raw kafkajs + the mongodb driver doing the same three writes, and raw kafkajs doing
 *      nothing (the ceiling).
 * Each on three partitions (three enterprises) and on one. Placements are inserted straight
 * into each database so only the hire path is timed. Timed from the first record produced
 * until every placement is hired (for the pipeline also until every outcome reached the feed).
 *
 * Then the talent pipeline and the peer again on three partitions and on one, both with as many hires
 * as the fastest burst rate of the two gets through in BENCH_DOWNSTREAM_SUSTAIN_S seconds (60; 0 skips them):
 * the rate sustained for at least a minute, not only over a burst, over the same work for both.
 *
 * Environment: BENCH_KAFKA_BROKERS, BENCH_MONGO_URL, BENCH_MONGO_PID (optional, for the
 * database's CPU), BENCH_DOWNSTREAM_HIRES (1500), BENCH_DOWNSTREAM_SUSTAIN_S (60),
 * BENCH_DOWNSTREAM_CONSUMERS (raw,peer,pipeline: the consumers to run; the sustained runs need peer and pipeline),
 * BENCH_DOWNSTREAM_OUT (markdown file), BENCH_DOWNSTREAM_JSON (the runs as JSON, for the run history).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, Message, Partitioners, Producer } from 'kafkajs';
import { Db, MongoClient } from 'mongodb';
import { erpKafkaRecord, mongoUriWithDatabase, waitFor } from '@app/testing';
import {
  cpuSecondsOfGroup,
  dbCommandsOf,
  freePort,
  memoryOf,
  ratePerFifth,
  serviceEnvSetting,
  serviceNodeArgs,
  shortSustainedRuns,
  SUSTAIN_MARGIN,
  sleep,
  sustainedHires,
} from './lib';
import { describeMongoServer, MongoServerInfo } from './mongo-server';

const REPO_ROOT = resolve(__dirname, '../..');
const env = process.env;
const brokers = (env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:39092').split(',');
const mongoUrl = env.BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:37017';
const mongoPid = env.BENCH_MONGO_PID ? Number(env.BENCH_MONGO_PID) : undefined;
const HIRES = Number(env.BENCH_DOWNSTREAM_HIRES ?? 1500);
const SUSTAIN_S = Number(env.BENCH_DOWNSTREAM_SUSTAIN_S ?? 60);
/** Both services run with the talent pipeline's deployed NODE_OPTIONS (heap ceiling, small young generation), as in the main bench. */
const SERVICE_NODE_OPTIONS = serviceEnvSetting('NODE_OPTIONS');
/** And the node flags of the image's CMD (Dockerfile), for both; BENCH_SERVICE_NODE_ARGS overrides ('' for none). */
const SERVICE_NODE_ARGS = serviceNodeArgs(env.BENCH_SERVICE_NODE_ARGS);
/** As deployed, for both services (ADR 0056); BENCH_SERVICE_MALLOC_ARENA_MAX overrides ('' for glibc's default). */
const SERVICE_MALLOC_ARENA_MAX = serviceEnvSetting('MALLOC_ARENA_MAX');
const SERVICE_MALLOC_ENV: Record<string, string> = SERVICE_MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: SERVICE_MALLOC_ARENA_MAX } : {};
/** Which consumers run (all three by default): for profiling one of them. */
const CONSUMERS = new Set((env.BENCH_DOWNSTREAM_CONSUMERS ?? 'raw,peer,pipeline').split(','));
/** The partition counts to run, in order (BENCH_DOWNSTREAM_PARTITIONS, default 3,1). */
const PARTITION_COUNTS = (env.BENCH_DOWNSTREAM_PARTITIONS ?? '3,1').split(',').map(Number);
const OUT = env.BENCH_DOWNSTREAM_OUT ?? join(REPO_ROOT, 'docs/benchmarks-downstream.md');
const ADMIN_TOKEN = `bench-admin-${randomBytes(8).toString('hex')}`;
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const kafka = new Kafka({ clientId: 'bench-downstream', brokers, logLevel: logLevel.NOTHING });

export interface DownstreamRun {
  consumer: string;
  partitions: number;
  hires: number;
  /** A run sized to last at least about BENCH_DOWNSTREAM_SUSTAIN_S seconds (the fastest burst rate, the same hires for both). */
  sustained?: boolean;
  seconds: number;
  hiresPerSecond: number;
  /** Pipeline only: until every hired outcome reached the school's feed. */
  downstreamSeconds?: number;
  consumerCpuMsPerHire: number;
  mongoCpuMsPerHire: number;
  peakRssMiB: number;
  /** Pipeline only, from its /metrics (driver-timed): database commands and their time per hire, until all were hired. */
  dbCommandsPerHire?: number;
  dbMsPerHire?: number;
  /** Hires/s in each fifth of the run (by time): whether a consumer slows as its collections grow. */
  fifthsPerSecond?: number[];
  /** The database server (absent in older results: the stand-in). */
  mongoServer?: MongoServerInfo;
}

/** The process doing the consuming, for its CPU and memory (none when it is this one). */
interface Consumer {
  pid?: number;
}

const uniq = (name: string) => `${name}-${runId}-${randomBytes(2).toString('hex')}`;

async function createTopic(topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
}

/** Placements ready to be hired, one per hire, spread over the enterprises. */
function placementsFor(enterpriseIds: string[], schoolId: string, shape: 'pipeline' | 'peer', count = HIRES) {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const base = { _id: randomUUID(), schoolId, enterpriseId: enterpriseIds[i % enterpriseIds.length], status: 'active' };
    if (shape === 'peer') return { ...base, history: [{ status: 'active', at: now, cause: 'bench' }] };
    return {
      ...base,
      studentId: randomUUID(),
      programme: 'mechatronics',
      cohort: '2025',
      kind: 'internship',
      role: 'CNC intern',
      startDate: '2026-03-01',
      history: [{ status: 'active', at: now, cause: 'bench' }],
      version: 1,
      outbox: [],
      appliedEvents: [],
      createdAt: now,
    };
  });
}

async function insertChunks(db: Db, collection: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) await db.collection(collection).insertMany(docs.slice(i, i + 500) as never[]);
}

/**
 * One ERP hire per placement, as binary-mode CloudEvents keyed by the enterprise, signed with
 * its ERP secret where the consumer checks one (the talent pipeline; the peers do not).
 */
function hireRecords(placements: { _id: string; enterpriseId: string }[], secrets: Record<string, string> = {}): Message[] {
  return placements.map((p) =>
    erpKafkaRecord(
      {
        specversion: '1.0',
        id: `hire-${p._id}`,
        source: 'urn:erp:bench',
        type: 'erp.hire.v1',
        time: new Date().toISOString(),
        data: { placementId: p._id, position: { title: 'Technician' }, hireDate: '2026-07-01' },
      },
      p.enterpriseId,
      secrets[p.enterpriseId],
    ),
  );
}

async function produceAll(producer: Producer, topic: string, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 100) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 100) });
}

/** Produces one hire per placement and times until `countDone` reaches their number. */
async function timeHires(
  consumerName: string,
  partitions: number,
  topic: string,
  placements: { _id: string; enterpriseId: string }[],
  countDone: () => Promise<number>,
  consumer: Consumer,
  countDownstream?: () => Promise<number>,
  secrets?: Record<string, string>,
  dbTotals?: () => Promise<DbTotals>,
): Promise<DownstreamRun> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const records = hireRecords(placements, secrets);
  const cpu0 = consumer.pid ? cpuSecondsOfGroup(consumer.pid) : NaN;
  const mongo0 = mongoPid ? cpuSecondsOfGroup(mongoPid) : NaN;
  const db0 = await dbTotals?.();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, consumer.pid ? memoryOf(consumer.pid).rssMiB : 0)), 500);
  const hires = placements.length;
  const intervalMs = 100;
  const t0 = performance.now();
  const progress: { s: number; done: number }[] = [{ s: 0, done: 0 }];
  await produceAll(producer, topic, records);
  await waitFor(
    `${consumerName} to apply ${hires} hires`,
    async () => {
      const done = await countDone();
      progress.push({ s: (performance.now() - t0) / 1000, done });
      return done >= hires;
    },
    { timeoutMs: 600_000, intervalMs },
  );
  const seconds = (performance.now() - t0) / 1000;
  const db1 = await dbTotals?.();
  const cpu = consumer.pid ? cpuSecondsOfGroup(consumer.pid) - cpu0 : NaN;
  const mongo = mongoPid ? cpuSecondsOfGroup(mongoPid) - mongo0 : NaN;
  let downstreamSeconds: number | undefined;
  if (countDownstream) {
    await waitFor(`${consumerName} outcomes to reach the feed`, async () => (await countDownstream()) >= hires, {
      timeoutMs: 600_000,
      intervalMs,
    });
    downstreamSeconds = (performance.now() - t0) / 1000;
  }
  clearInterval(sampler);
  await producer.disconnect();
  return {
    consumer: consumerName,
    partitions,
    hires,
    seconds,
    hiresPerSecond: hires / seconds,
    downstreamSeconds,
    consumerCpuMsPerHire: (cpu * 1000) / hires,
    mongoCpuMsPerHire: (mongo * 1000) / hires,
    peakRssMiB: peak,
    fifthsPerSecond: ratePerFifth(progress, seconds),
    ...(db0 && db1
      ? { dbCommandsPerHire: (db1.commands - db0.commands) / hires, dbMsPerHire: ((db1.seconds - db0.seconds) * 1000) / hires }
      : {}),
  };
}

interface DbTotals {
  commands: number;
  seconds: number;
}

/** The service's database commands and their driver-timed seconds so far, summed over commands and collections. */
async function dbTotalsOf(baseUrl: string): Promise<DbTotals> {
  return (await dbCommandsOf(baseUrl)).reduce((total, f) => ({ commands: total.commands + f.count, seconds: total.seconds + f.seconds }), {
    commands: 0,
    seconds: 0,
  });
}

/** The inbox collection of the talent pipeline (apps/talent-pipeline/src/erp-ingest/erp-inbox.repository.ts). */
const ERP_INBOX_COLLECTION = 'erp_inbox';

/** Once a run is timed by its progress count: every placement is really hired, or the run is wrong. */
async function expectAllHired(db: Db, hires: number): Promise<void> {
  const hired = await db.collection('placements').countDocuments({ status: 'hired' });
  if (hired !== hires) throw new Error(`expected ${hires} hired placements, found ${hired}`);
}

function spawnNode(args: string[], childEnv: Record<string, string>, ready: (line: string) => boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: env.PATH ?? '', ...childEnv },
    detached: true,
    stdio: 'pipe',
  });
  let output = '';
  return new Promise((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').some(ready)) resolveReady(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await gone;
  clearTimeout(timer);
}

async function api(baseUrl: string, path: string, body: unknown): Promise<any> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${await response.text()}`);
  return response.json();
}

async function pipelineRun(mongo: MongoClient, partitions: number, hires = HIRES): Promise<DownstreamRun> {
  const prefix = `${uniq('bench-ds')}.`;
  const database = uniq('bench_ds').replace(/-/g, '_');
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, join(REPO_ROOT, 'dist/apps/talent-pipeline/src/main.js')], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: 'ignore',
    env: {
      PATH: env.PATH ?? '',
      NODE_ENV: 'production',
      NODE_OPTIONS: SERVICE_NODE_OPTIONS,
      ...SERVICE_MALLOC_ENV,
      SERVICE_NAME: 'talent-pipeline',
      PORT: String(port),
      MONGO_URI: mongoUriWithDatabase(mongoUrl, database),
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}talent-pipeline`,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'the talent pipeline to be ready',
      async () => (await fetch(`${baseUrl}/health/ready`).catch(() => undefined))?.status === 200,
      {
        timeoutMs: 90_000,
        intervalMs: 250,
      },
    );
    const school = await api(baseUrl, '/v1/schools', { name: 'Bench College', country: 'CN' });
    const enterprises: string[] = [];
    const secrets: Record<string, string> = {};
    for (let i = 0; i < partitions; i++) {
      const enterprise = await api(baseUrl, '/v1/enterprises', { name: `Bench Motors ${i}`, country: 'CN' });
      enterprises.push(enterprise.id);
      secrets[enterprise.id] = enterprise.erpSigningSecret;
    }
    const db = mongo.db(database);
    const placements = placementsFor(enterprises, school.id, 'pipeline', hires);
    await insertChunks(db, 'placements', placements);
    await sleep(2000);
    // Progress from collection sizes (O(1) on any server): the inbox records a hire after its
    // placement is written; a filtered count would read the whole collection every poll and, on
    // the stand-in, hold every write meanwhile, slowing the long runs by the size of their data.
    const run = await timeHires(
      'talent pipeline',
      partitions,
      `${prefix}talent.erp-inbound.v1`,
      placements,
      () => db.collection(ERP_INBOX_COLLECTION).estimatedDocumentCount(),
      { pid: child.pid },
      () => db.collection('outcome_feed').estimatedDocumentCount(),
      secrets,
      () => dbTotalsOf(baseUrl),
    );
    await expectAllHired(db, hires);
    return run;
  } finally {
    await stopChild(child);
    // The stand-in keeps every database in its heap: 72,000 sustained hires need the room.
    await mongo
      .db(database)
      .dropDatabase()
      .catch(() => undefined);
  }
}

async function peerRun(mongo: MongoClient, partitions: number, hires = HIRES): Promise<DownstreamRun> {
  const topic = uniq('bench-peer.erp-inbound.v1');
  const database = uniq('bench_peer').replace(/-/g, '_');
  await createTopic(topic);
  const child = await spawnNode(
    [...SERVICE_NODE_ARGS, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'peer/main.ts')],
    {
      PEER_KAFKA_BROKERS: brokers.join(','),
      PEER_MONGO_URI: mongoUriWithDatabase(mongoUrl, database),
      PEER_TOPIC: topic,
      PEER_GROUP_ID: uniq('bench-peer'),
      PEER_CONCURRENCY: '3',
      NODE_OPTIONS: SERVICE_NODE_OPTIONS,
      ...SERVICE_MALLOC_ENV,
      TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'),
    },
    (line) => line.includes('peer ready'),
  );
  try {
    const db = mongo.db(database);
    const enterprises = Array.from({ length: partitions }, () => randomUUID());
    const placements = placementsFor(enterprises, randomUUID(), 'peer', hires);
    await insertChunks(db, 'placements', placements);
    await sleep(3000); // the group join
    const run = await timeHires(
      'stock NestJS peer (ServerKafka + mongoose)',
      partitions,
      topic,
      placements,
      // The outcome row is the last of the peer's three writes per hire.
      () => db.collection('outcomes').estimatedDocumentCount(),
      { pid: child.pid },
    );
    await expectAllHired(db, hires);
    return run;
  } finally {
    await stopChild(child);
    // The stand-in keeps every database in its heap: 72,000 sustained hires need the room.
    await mongo
      .db(database)
      .dropDatabase()
      .catch(() => undefined);
  }
}

/** Raw kafkajs in this process: with the three writes through the mongodb driver, or no work. */
async function rawRun(mongo: MongoClient, partitions: number, work: boolean): Promise<DownstreamRun> {
  const topic = uniq('bench-raw.erp-inbound.v1');
  const db = mongo.db(uniq('bench_raw').replace(/-/g, '_'));
  await createTopic(topic);
  const enterprises = Array.from({ length: partitions }, () => randomUUID());
  const placements = placementsFor(enterprises, randomUUID(), 'peer');
  if (work) await insertChunks(db, 'placements', placements);
  let done = 0;
  const consumer = kafka.consumer({ groupId: uniq('bench-raw'), allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      if (work) {
        const data = JSON.parse(message.value!.toString()) as { placementId: string };
        const id = `${message.key}|${message.headers?.ce_source}|${message.headers?.ce_id}`;
        try {
          await db.collection<{ _id: string }>('processed_events').insertOne({ _id: id });
        } catch (error) {
          if ((error as { code?: number }).code === 11000) return;
          throw error;
        }
        const placement = await db
          .collection<{ _id: string; schoolId: string }>('placements')
          .findOneAndUpdate({ _id: data.placementId, status: 'active' }, { $set: { status: 'hired' } }, { projection: { schoolId: 1 } });
        if (placement)
          await db
            .collection('outcomes')
            .insertOne({ _id: randomUUID() as never, schoolId: placement.schoolId, placementId: data.placementId });
      }
      done++;
    },
  });
  await sleep(3000);
  try {
    return await timeHires(
      work ? 'raw kafkajs + mongodb driver, same 3 writes' : 'raw kafkajs, no work',
      partitions,
      topic,
      placements,
      async () => done,
      { pid: undefined },
    );
  } finally {
    await consumer.disconnect();
    await db.dropDatabase().catch(() => undefined);
  }
}

function render(runs: DownstreamRun[], server: MongoServerInfo): string {
  const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
  const lines = [
    '# Downstream throughput: the talent pipeline beside a stock NestJS peer',
    '',
    `Run on ${new Date().toISOString()} by \`npm run bench\` (tools/bench/downstream.ts) on ${cpus().length} cores, load ${loadavg()[0].toFixed(2)} at start; ` +
      `${HIRES} ERP hires per run produced to Kafka as fast as the producer goes, timed from the first record until every placement is hired (watched through the size of the collection each consumer writes last per hire, then checked); ` +
      `the rows marked "sustained" repeat the pipeline and the peer on three partitions and on one, both with the same hires, ${SUSTAIN_MARGIN} times as many as the fastest burst rate of the two (on three or one partitions) gets through in ${SUSTAIN_S} s, so that each runs at least ${SUSTAIN_S} s (1.6 times before 2026-12-07, once as many before 2026-12-05, and before 2026-12-04 each got as many as its own burst rate did). ` +
      `Both services run with the talent pipeline's deployed NODE_OPTIONS (\`${SERVICE_NODE_OPTIONS || 'none'}\`), MALLOC_ARENA_MAX (\`${SERVICE_MALLOC_ARENA_MAX || 'unset'}\`) and the node flags of the image's CMD (\`${SERVICE_NODE_ARGS.join(' ') || 'none'}\`). ` +
      (server.kind === 'stand-in' && env.BENCH_MONGO_GIVEN !== '1'
        ? 'Placements are inserted straight into each database; the Mongo server is the local mongo-java-server stand-in ' +
          `(its indexes narrow equality lookups, docs/decisions/0057; it commits every write to disk before acknowledging it, writes arriving together in one commit, docs/decisions/0064; heap ${env.MONGO_HEAP ?? '512m'}, each run's database dropped after it), ` +
          'so every figure is pessimistic for a real MongoDB.'
        : `Placements are inserted straight into each database; the Mongo server is ${server.label} at ${server.address}, given to the bench (BENCH_MONGO_URL or BENCH_MONGO=testcontainers), each run's database dropped after it` +
          (mongoPid ? '.' : '; its CPU is not measured (no BENCH_MONGO_PID), so the Mongo CPU column is n/a.')),
    '',
    '| consumer | partitions | hires/s | seconds | until outcomes in the feed (s) | consumer CPU ms/hire | Mongo CPU ms/hire | DB commands/hire | DB time ms/hire | consumer peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.consumer}${r.sustained ? ` (sustained, ${r.hires} hires)` : ''} | ${r.partitions} | ${fmt(r.hiresPerSecond, 0)} | ${fmt(r.seconds)} | ${fmt(r.downstreamSeconds)} | ${fmt(r.consumerCpuMsPerHire, 2)} | ${fmt(r.mongoCpuMsPerHire, 2)} | ${fmt(r.dbCommandsPerHire, 2)} | ${fmt(r.dbMsPerHire, 2)} | ${fmt(r.peakRssMiB, 0)} |`,
    ),
    '',
    'Ratio, talent pipeline / stock peer (hires/s): ' +
      [
        { p: 3, sustained: false },
        { p: 1, sustained: false },
        { p: 3, sustained: true },
        { p: 1, sustained: true },
      ]
        .map(({ p, sustained }) => {
          const ours = runs.find((r) => r.partitions === p && !!r.sustained === sustained && r.consumer === 'talent pipeline');
          const peer = runs.find((r) => r.partitions === p && !!r.sustained === sustained && r.consumer.startsWith('stock'));
          const label = sustained
            ? `${p} partition(s) sustained (${ours?.seconds.toFixed(0)} s and ${peer?.seconds.toFixed(0)} s)`
            : `${p} partition(s)`;
          return ours && peer ? `${label} **${(ours.hiresPerSecond / peer.hiresPerSecond).toFixed(2)}×**` : '';
        })
        .filter(Boolean)
        .join(', ') +
      '.',
    '',
    ...shortSustainedRuns(runs, SUSTAIN_S).flatMap((r) => [
      `**Not sustained ${SUSTAIN_S} s:** ${r.consumer} on ${r.partitions} partition(s) applied its ${r.hires} hires in ${r.seconds.toFixed(0)} s.`,
      '',
    ]),
    ...runs
      .filter((r) => r.sustained && r.fifthsPerSecond)
      .map(
        (r) =>
          `Sustained, ${r.consumer}, ${r.partitions} partition(s): hires/s in each fifth of the run, ${r.fifthsPerSecond!.map((n) => n.toFixed(0)).join(' / ')}.`,
      )
      .flatMap((line) => [line, '']),
    'What each does per hire: the talent pipeline verifies the record signature with the ERP secret of the enterprise, takes consecutive hires of a ' +
      'partition as one batch (reads their placements, writes every hire with a versioned update that carries the outcome event in ' +
      'the same document, crash-safe and deduplicated, then records them in its inbox: three round trips per batch), publishes the outcomes through the ' +
      'outbox relay (three round trips and one write per document per batch: read, publish, release) and fans them out to the school feed (three per batch); the peer inserts a processed-event ' +
      'record (duplicates stop there), updates the placement and inserts an outcome row, three writes per hire with a crash window between them.',
    '',
    "DB commands/hire and DB time ms/hire are the service's own database commands from its /metrics (`mongo_commands_total`, " +
      '`mongo_command_seconds_total`, timed at the driver from sending to the reply) while the hires were applied, the relay and fan-out included. ' +
      "Mongo CPU ms/hire is the database server process's CPU over the same window. On this stand-in every write costs milliseconds of server CPU " +
      'whatever the batching (it commits each write to disk before acknowledging it), ' +
      'so the database server, shared with the consumer on two cores, bounds every consumer here.',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const mongo = await MongoClient.connect(mongoUrl);
  const server = await describeMongoServer(mongo, mongoUrl);
  process.stdout.write(`[bench] downstream against ${server.label}\n`);
  const runs: DownstreamRun[] = [];
  try {
    for (const partitions of PARTITION_COUNTS) {
      const before = runs.length;
      if (CONSUMERS.has('raw')) runs.push(await rawRun(mongo, partitions, false), await rawRun(mongo, partitions, true));
      if (CONSUMERS.has('peer')) runs.push(await peerRun(mongo, partitions));
      if (CONSUMERS.has('pipeline')) runs.push(await pipelineRun(mongo, partitions));
      process.stdout.write(
        `[bench] downstream, ${partitions} partition(s): ${runs
          .slice(before)
          .map((r) => `${r.consumer} ${r.hiresPerSecond.toFixed(0)}/s`)
          .join('; ')}\n`,
      );
    }
    if (SUSTAIN_S > 0 && CONSUMERS.has('peer') && CONSUMERS.has('pipeline')) {
      // The same hires for both, sized from the fastest burst rate of either on any partition count
      // so that each runs at least SUSTAIN_S seconds (the page says so when one did not), and both
      // write into collections of the same size (the stand-in slows as they grow, so a larger
      // share for the faster one would tax it).
      const bursts = runs.filter((r) => !r.sustained && (r.consumer.startsWith('stock') || r.consumer === 'talent pipeline'));
      const hires = sustainedHires(
        bursts.map((r) => r.hiresPerSecond),
        SUSTAIN_S,
      );
      for (const partitions of PARTITION_COUNTS) {
        const peer = { ...(await peerRun(mongo, partitions, hires)), sustained: true };
        const ours = { ...(await pipelineRun(mongo, partitions, hires)), sustained: true };
        runs.push(peer, ours);
        process.stdout.write(
          `[bench] downstream sustained, ${partitions} partition(s): ${[peer, ours]
            .map((r) => `${r.consumer} ${r.hiresPerSecond.toFixed(0)}/s over ${r.seconds.toFixed(0)} s`)
            .join('; ')}\n`,
        );
      }
    }
  } finally {
    await mongo.close();
  }
  writeFileSync(OUT, render(runs, server));
  if (env.BENCH_DOWNSTREAM_JSON) {
    writeFileSync(
      env.BENCH_DOWNSTREAM_JSON,
      JSON.stringify(
        runs.map((run) => ({ ...run, mongoServer: server })),
        null,
        2,
      ),
    );
  }
  process.stdout.write(`[bench] downstream figures written to ${OUT}\n`);
}

main().catch((error) => {
  process.stderr.write(`[bench] downstream failed: ${(error as Error).stack}\n`);
  process.exit(1);
});

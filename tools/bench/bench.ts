/**
 * Benchmark of the talent pipeline on the local stack (see docs/benchmarks.md and run-bench.sh).
 * Not a test: it measures and reports; the only failures are "could not run at all".
 *
 * Phases, in this order (each on a quiet system, the previous phase's backlog drained):
 *   1. idle RSS of the service
 *   2. raw kafkajs produce -> consume baseline on the same broker (saturated, then paced)
 *   3. hire -> school webhook latency (real active placements, hires sent at a fixed rate)
 *   4. ERP ingest throughput: single events, then batches, each followed by its downstream drain
 *   5. RSS after the runs
 *
 * Environment: BENCH_KAFKA_BROKERS, BENCH_MONGO_URL (mongodb://host:port, no database),
 * BENCH_KAFKA_PID / BENCH_MONGO_PID (for CPU figures, optional), BENCH_OUT (markdown file),
 * BENCH_JSON (raw results), BENCH_LOG_DIR, and the sizes below (BENCH_*).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Webhook } from 'standardwebhooks';
import { erpHireEvent, postErpEvents } from '@app/testing/erp-client';
import { httpJson } from '@app/testing/http-client';
import { waitFor } from '@app/testing/wait-for';
import { WebhookReceiver } from '@app/testing/webhook-receiver';
import { CpuMeter, distribution, Distribution, freePort, memoryOf, runPool, sleep } from './lib';
import { renderReport } from './report';

const REPO_ROOT = resolve(__dirname, '../..');
const env = process.env;
const int = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

export const settings = {
  kafkaBrokers: env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:39092',
  mongoUrl: (env.BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:37017').replace(/\/$/, ''),
  out: env.BENCH_OUT ?? join(REPO_ROOT, 'docs/benchmarks.md'),
  json: env.BENCH_JSON,
  logDir: env.BENCH_LOG_DIR ?? join(REPO_ROOT, '.stack-bench/logs'),
  concurrency: int('BENCH_CONCURRENCY', 8),
  singleRequests: int('BENCH_SINGLE_REQUESTS', 1500),
  batchRequests: int('BENCH_BATCH_REQUESTS', 60),
  batchSize: int('BENCH_BATCH_SIZE', 50),
  hires: int('BENCH_HIRES', 200),
  hireRatePerSecond: int('BENCH_HIRE_RATE', 10),
  baselineMessages: int('BENCH_BASELINE_MESSAGES', 20000),
  baselineBatch: int('BENCH_BASELINE_BATCH', 100),
  baselinePaced: int('BENCH_BASELINE_PACED', 200),
  baselinePacedRate: int('BENCH_BASELINE_PACED_RATE', 50),
  drainTimeoutMs: int('BENCH_DRAIN_TIMEOUT_MS', 120_000),
  outboxPollMs: int('BENCH_OUTBOX_POLL_MS', 1000),
  webhookPollMs: int('BENCH_WEBHOOK_POLL_MS', 1000),
  settleMs: int('BENCH_SETTLE_MS', 5000),
};

const ADMIN_TOKEN = `bench-admin-${randomBytes(8).toString('hex')}`;
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const prefix = `bench-${runId}.`;
const database = `bench_${runId.replace(/-/g, '_')}`;

const log = (message: string) => process.stdout.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------- the service under test

interface Service {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  stop(): Promise<void>;
}

async function startService(): Promise<Service> {
  const port = await freePort();
  mkdirSync(settings.logDir, { recursive: true });
  const logFile = join(settings.logDir, `bench-talent-pipeline-${runId}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/apps/talent-pipeline/src/main.js')], {
    cwd: REPO_ROOT,
    env: {
      PATH: env.PATH,
      NODE_ENV: 'production',
      SERVICE_NAME: 'talent-pipeline',
      PORT: String(port),
      MONGO_URI: `${settings.mongoUrl}/${database}`,
      KAFKA_BROKERS: settings.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}talent-pipeline`,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOX_POLL_MS: String(settings.outboxPollMs),
      WEBHOOK_POLL_MS: String(settings.webhookPollMs),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    'the talent pipeline to report ready',
    async () => {
      if (exited) throw new Error(`talent pipeline ${exited} (log: ${logFile})`);
      const response = await fetch(`${baseUrl}/health/ready`);
      await response.arrayBuffer();
      return response.status === 200;
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  ).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    child,
    pid: child.pid!,
    baseUrl,
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

async function api(service: Service, method: string, path: string, body?: unknown, token = ADMIN_TOKEN) {
  const response = await httpJson(method, `${service.baseUrl}${path}`, { token, body });
  if (response.status >= 300) throw new Error(`${method} ${path} -> ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

// ---------------------------------------------------------------- phase: raw kafkajs baseline

export interface BaselineResult {
  saturated: {
    messages: number;
    batch: number;
    inFlight: number;
    produceSeconds: number;
    endToEndSeconds: number;
    produceRate: number;
    endToEndRate: number;
    latencyMs: Distribution;
  };
  paced: { messages: number; ratePerSecond: number; latencyMs: Distribution; sendAckMs: Distribution };
  cpu: Record<string, number>;
}

async function kafkaBaseline(cpu: CpuMeter): Promise<BaselineResult> {
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers: settings.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const topic = `${prefix}bench.baseline`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: `${prefix}bench-baseline`, allowAutoTopicCreation: false });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });

  let phase: 'saturated' | 'paced' = 'saturated';
  const latencies = { saturated: [] as number[], paced: [] as number[] };
  let lastReceivedAt = 0;
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const now = performance.now();
      const sentAt = Number(JSON.parse(message.value!.toString()).sentAt);
      latencies[phase].push(now - sentAt);
      lastReceivedAt = now;
    },
  });
  await waitFor('the baseline consumer to join', () => joined, { timeoutMs: 30_000 });
  // warm-up: metadata, producer id, first fetch
  await producer.send({ topic, acks: -1, messages: [{ key: 'warm', value: JSON.stringify({ sentAt: performance.now(), warm: true }) }] });
  await waitFor('the warm-up message', () => latencies.saturated.length >= 1, { timeoutMs: 30_000 });
  latencies.saturated.length = 0;

  const padding = 'x'.repeat(64); // ~110-byte values, about the size of a small event envelope
  const n = settings.baselineMessages;
  const batch = settings.baselineBatch;
  cpu.begin();
  const t0 = performance.now();
  await runPool(Math.ceil(n / batch), settings.concurrency, async (b) => {
    const messages = [];
    for (let i = b * batch; i < Math.min(n, (b + 1) * batch); i++) {
      messages.push({ key: `k${i % 64}`, value: JSON.stringify({ i, sentAt: performance.now(), padding }) });
    }
    await producer.send({ topic, acks: -1, messages });
  });
  const produced = performance.now();
  await waitFor('the baseline consumer to see every message', () => latencies.saturated.length >= n, {
    timeoutMs: 120_000,
    intervalMs: 20,
  });
  const cpuUse = cpu.end();
  const saturated = {
    messages: n,
    batch,
    inFlight: settings.concurrency,
    produceSeconds: (produced - t0) / 1000,
    endToEndSeconds: (lastReceivedAt - t0) / 1000,
    produceRate: n / ((produced - t0) / 1000),
    endToEndRate: n / ((lastReceivedAt - t0) / 1000),
    latencyMs: distribution(latencies.saturated),
  };

  phase = 'paced';
  const acks: number[] = [];
  const interval = 1000 / settings.baselinePacedRate;
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < settings.baselinePaced; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const sentAt = performance.now();
    sends.push(
      producer
        .send({ topic, acks: -1, messages: [{ key: `p${i % 64}`, value: JSON.stringify({ i, sentAt, padding }) }] })
        .then(() => void acks.push(performance.now() - sentAt)),
    );
  }
  await Promise.all(sends);
  await waitFor('the paced baseline messages', () => latencies.paced.length >= settings.baselinePaced, {
    timeoutMs: 60_000,
    intervalMs: 20,
  });
  await consumer.disconnect();
  await producer.disconnect();
  return {
    saturated,
    paced: {
      messages: settings.baselinePaced,
      ratePerSecond: settings.baselinePacedRate,
      latencyMs: distribution(latencies.paced),
      sendAckMs: distribution(acks),
    },
    cpu: cpuUse,
  };
}

// ---------------------------------------------------------------- phase: hire -> webhook latency

export interface LatencyResult {
  hires: number;
  ratePerSecond: number;
  delivered: number;
  verified: number;
  acceptedMs: Distribution;
  hireToWebhookMs: Distribution;
  /** post -> the hired event's `time` (placement transition written by the Kafka consumer) */
  postToHireAppliedMs: Distribution;
  /** hired event `time` -> webhook received */
  hireAppliedToWebhookMs: Distribution;
  /** first POST -> last webhook received */
  spanSeconds?: number;
  /** end-to-end p50 of the first and the last tenth of the hires (in sending order): growth = backlog */
  firstTenthP50Ms?: number;
  lastTenthP50Ms?: number;
  seedSeconds: number;
  cpu: Record<string, number>;
}

async function hireLatency(service: Service, mongo: MongoClient, cpu: CpuMeter): Promise<LatencyResult> {
  const receiver = new WebhookReceiver();
  const receiverUrl = await receiver.start();
  try {
    const seedStart = performance.now();
    const school = await api(service, 'POST', '/v1/schools', { name: 'Bench Vocational College', country: 'CN' });
    const enterprise = await api(service, 'POST', '/v1/enterprises', { name: 'Bench Motors', country: 'CN' });
    const subscription = await api(
      service,
      'POST',
      `/v1/schools/${school.id}/webhook-subscriptions`,
      { url: receiverUrl, eventTypes: ['talent.placement.hired.v1'] },
      school.apiKey,
    );
    const placements: string[] = new Array(settings.hires);
    await runPool(settings.hires, settings.concurrency, async (i) => {
      const student = await api(service, 'POST', '/v1/students', {
        schoolId: school.id,
        givenName: `Student${i}`,
        familyName: 'Bench',
        programme: 'mechatronics',
        cohort: '2025',
      });
      const placement = await api(service, 'POST', '/v1/placements', {
        studentId: student.id,
        enterpriseId: enterprise.id,
        kind: 'internship',
        role: 'CNC intern',
        startDate: '2026-03-01',
      });
      for (const to of ['offered', 'accepted', 'active']) await api(service, 'POST', `/v1/placements/${placement.id}/transitions`, { to });
      placements[i] = placement.id;
    });
    // Let the seeding's own events (placement started -> school feed) drain before measuring.
    const feed = mongo.db(database).collection('outcome_feed');
    await waitFor(
      'the seeded placement-started outcomes to reach the school feed',
      async () => (await feed.estimatedDocumentCount()) >= settings.hires,
      {
        timeoutMs: 120_000,
        intervalMs: 250,
      },
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;
    await sleep(1000);

    const webhook = new Webhook(subscription.secret);
    const sentAt = new Map<string, number>();
    const arrivals = new Map<string, { at: number; eventTime: number }>();
    let verified = 0;
    receiver.respondWith = ({ headers, body }) => {
      const at = Date.now();
      try {
        const event = webhook.verify(body, headers as Record<string, string>) as {
          type: string;
          time: string;
          data: { placementId: string };
        };
        verified++;
        if (event.type === 'talent.placement.hired.v1' && !arrivals.has(event.data.placementId)) {
          arrivals.set(event.data.placementId, { at, eventTime: Date.parse(event.time) });
        }
        return 204;
      } catch {
        return 400;
      }
    };

    const accepted: number[] = [];
    const interval = 1000 / settings.hireRatePerSecond;
    cpu.begin();
    const start = performance.now();
    const posts: Promise<void>[] = [];
    for (let i = 0; i < settings.hires; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      const placementId = placements[i];
      const body = erpHireEvent(
        { placementId, position: { title: 'CNC machinist' }, hireDate: '2026-09-01' },
        `hire-${i}-${randomUUID()}`,
        'urn:erp:bench',
      );
      const t = Date.now();
      sentAt.set(placementId, t);
      posts.push(
        postErpEvents({ baseUrl: service.baseUrl, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body }).then((r) => {
          if (r.status !== 202) throw new Error(`hire ${i} answered ${r.status}: ${JSON.stringify(r.body)}`);
          accepted.push(Date.now() - t);
        }),
      );
    }
    await Promise.all(posts);
    await waitFor('every hire webhook', () => arrivals.size >= settings.hires, { timeoutMs: 120_000, intervalMs: 50 }).catch((error) =>
      log(`WARNING: ${(error as Error).message}; ${arrivals.size}/${settings.hires} arrived`),
    );
    const cpuUse = cpu.end();
    const total: number[] = [];
    const first: number[] = [];
    const second: number[] = [];
    const tenth = Math.max(1, Math.floor(settings.hires / 10));
    const endToEndOf = (ids: string[]) => ids.filter((id) => arrivals.has(id)).map((id) => arrivals.get(id)!.at - sentAt.get(id)!);
    const firstSent = Math.min(...sentAt.values());
    const lastArrival = Math.max(...[...arrivals.values()].map((a) => a.at));
    for (const [placementId, arrival] of arrivals) {
      const t = sentAt.get(placementId)!;
      total.push(arrival.at - t);
      first.push(arrival.eventTime - t);
      second.push(arrival.at - arrival.eventTime);
    }
    return {
      hires: settings.hires,
      ratePerSecond: settings.hireRatePerSecond,
      delivered: arrivals.size,
      verified,
      acceptedMs: distribution(accepted),
      hireToWebhookMs: distribution(total),
      postToHireAppliedMs: distribution(first),
      hireAppliedToWebhookMs: distribution(second),
      spanSeconds: (lastArrival - firstSent) / 1000,
      firstTenthP50Ms: distribution(endToEndOf(placements.slice(0, tenth))).p50,
      lastTenthP50Ms: distribution(endToEndOf(placements.slice(-tenth))).p50,
      seedSeconds,
      cpu: cpuUse,
    };
  } finally {
    await receiver.stop();
  }
}

// ---------------------------------------------------------------- phase: ERP ingest throughput

export interface IngestResult {
  mode: 'single' | 'batch';
  requests: number;
  eventsPerRequest: number;
  events: number;
  accepted: number;
  failures: Record<string, number>;
  seconds: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  requestMs: Distribution;
  cpu: Record<string, number>;
  /** after the last 202: outbox relayed to Kafka, then every event handled by the consumer */
  drain: {
    relayedSeconds: number;
    handledSeconds: number;
    handled: number;
    drained: boolean;
    handledPerSecond: number;
    cpu: Record<string, number>;
  };
}

async function ingestThroughput(
  service: Service,
  mongo: MongoClient,
  enterprise: { id: string; erpSigningSecret: string },
  mode: 'single' | 'batch',
  kafkaAdmin: Admin,
  cpu: CpuMeter,
  drainCpu: CpuMeter,
): Promise<IngestResult> {
  const requests = mode === 'single' ? settings.singleRequests : settings.batchRequests;
  const perRequest = mode === 'single' ? 1 : settings.batchSize;
  const source = `urn:erp:bench:${mode}`;
  const failures: Record<string, number> = {};
  const times: number[] = [];
  let accepted = 0;
  // Progress is read where it costs the system under test least: the relay's progress from the
  // topic's end offsets (Kafka admin), the consumer's from the review queue's size (a count
  // without filter). Filtered counts would scan erp_inbox in mongo-java-server and skew the run.
  const reviewQueue = mongo.db(database).collection('erp_review_queue');
  const inboundTopic = `${prefix}talent.erp-inbound.v1`;
  const endOffsets = async () => (await kafkaAdmin.fetchTopicOffsets(inboundTopic)).reduce((sum, p) => sum + Number(p.high), 0);
  const warmRequests = mode === 'single' ? 20 : 3;
  const warmHeld = (await reviewQueue.estimatedDocumentCount()) + warmRequests * perRequest;
  // warm-up (not measured): JIT, connection pool
  for (let i = 0; i < warmRequests; i++) {
    const events = Array.from({ length: perRequest }, (_, j) =>
      erpHireEvent(unknownPlacementHire(), `warm-${mode}-${i}-${j}`, `${source}:warm`),
    );
    await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: mode === 'single' ? events[0] : events,
      batch: mode === 'batch',
    });
  }
  await waitFor('the warm-up events to be handled', async () => (await reviewQueue.estimatedDocumentCount()) >= warmHeld, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  const heldBefore = await reviewQueue.estimatedDocumentCount();
  const offsetsBefore = await endOffsets();

  cpu.begin();
  const start = performance.now();
  await runPool(requests, settings.concurrency, async (r) => {
    const events = Array.from({ length: perRequest }, (_, j) => erpHireEvent(unknownPlacementHire(), `${mode}-${r}-${j}`, source));
    const t = performance.now();
    const response = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: mode === 'single' ? events[0] : events,
      batch: mode === 'batch',
    }).catch((error) => ({ status: `error: ${(error as Error).message}`, body: undefined }));
    times.push(performance.now() - t);
    if (response.status === 202) accepted += response.body.accepted;
    else failures[String(response.status)] = (failures[String(response.status)] ?? 0) + 1;
  });
  const seconds = (performance.now() - start) / 1000;
  const cpuUse = cpu.end();

  // Downstream: the relay forwards each stored event to Kafka, the consumer applies it (here:
  // no matching placement -> held for review). Measured from the end of the HTTP run.
  drainCpu.begin();
  const drainStart = performance.now();
  const deadline = drainStart + settings.drainTimeoutMs;
  const total = accepted;
  let relayedSeconds = NaN;
  let handled = 0;
  let drained = false;
  while (performance.now() < deadline) {
    if (Number.isNaN(relayedSeconds) && (await endOffsets()) - offsetsBefore >= total)
      relayedSeconds = (performance.now() - drainStart) / 1000;
    handled = (await reviewQueue.estimatedDocumentCount()) - heldBefore;
    if (handled >= total && !Number.isNaN(relayedSeconds)) {
      drained = true;
      break;
    }
    await sleep(100);
  }
  const handledSeconds = (performance.now() - drainStart) / 1000;
  const drainCpuUse = drainCpu.end();
  return {
    mode,
    requests,
    eventsPerRequest: perRequest,
    events: total,
    accepted,
    failures,
    seconds,
    requestsPerSecond: requests / seconds,
    eventsPerSecond: accepted / seconds,
    requestMs: distribution(times),
    cpu: cpuUse,
    drain: { relayedSeconds, handledSeconds, handled, drained, handledPerSecond: handled / (seconds + handledSeconds), cpu: drainCpuUse },
  };
}

// ---------------------------------------------------------------- probe: what one Mongo operation costs here

export interface MongoProbe {
  inboxDocuments: number;
  /** the outbox relay's candidate query on erp_inbox (no index can serve it), ms */
  relayScanMs: number;
  findByIdMs: number;
  insertOneMs: number;
  insertMany50Ms: number;
}

async function probeMongo(mongo: MongoClient): Promise<MongoProbe> {
  const db = mongo.db(database);
  const inbox = db.collection('erp_inbox');
  const scratch = db.collection<{ _id: string }>('bench_probe');
  const median = async (times: number, fn: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < times; i++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    return distribution(samples).p50;
  };
  const sample = (await inbox.findOne({}))!;
  const doc = () => ({ ...sample, _id: `probe-${randomUUID()}` });
  const now = new Date();
  const result = {
    inboxDocuments: await inbox.estimatedDocumentCount(),
    relayScanMs: await median(15, () =>
      inbox
        .find(
          { 'outbox.0': { $exists: true }, $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now } }] },
          { projection: { _id: 1 }, limit: 100 },
        )
        .toArray(),
    ),
    findByIdMs: await median(50, () => inbox.findOne({ _id: sample._id })),
    insertOneMs: await median(50, () => scratch.insertOne(doc())),
    insertMany50Ms: await median(10, () => scratch.insertMany(Array.from({ length: 50 }, doc), { ordered: false })),
  };
  await scratch.drop().catch(() => undefined);
  return result;
}

function unknownPlacementHire() {
  return { placementId: randomUUID(), position: { title: 'Fitter' }, hireDate: '2026-09-01' };
}

// ---------------------------------------------------------------- main

export interface BenchResults {
  settings: typeof settings;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  startedAt: string;
  durationSeconds: number;
  memory: { label: string; rssMiB: number; peakMiB: number }[];
  baseline: BaselineResult;
  latency: LatencyResult;
  ingest: IngestResult[];
  idleCpu: Record<string, number>;
  mongoProbe: MongoProbe;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  const t0 = performance.now();
  log(`kafka ${settings.kafkaBrokers}, mongo ${settings.mongoUrl}/${database}, topic prefix ${prefix}`);
  const service = await startService();
  log(`talent pipeline ready at ${service.baseUrl} (pid ${service.pid})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      service.child.kill('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  const pids = {
    service: service.pid,
    kafka: env.BENCH_KAFKA_PID ? Number(env.BENCH_KAFKA_PID) : undefined,
    mongo: env.BENCH_MONGO_PID ? Number(env.BENCH_MONGO_PID) : undefined,
    bench: process.pid,
  };
  const meter = () => new CpuMeter(pids);
  const mongo = await MongoClient.connect(`${settings.mongoUrl}/${database}`);
  const memory: BenchResults['memory'] = [];
  const sampleMemory = (label: string) => {
    const m = memoryOf(service.pid);
    memory.push({ label, ...m });
    log(`service RSS ${label}: ${m.rssMiB.toFixed(1)} MiB (peak so far ${m.peakMiB.toFixed(1)} MiB)`);
  };
  try {
    const idle = meter();
    idle.begin();
    await sleep(settings.settleMs);
    const idleCpu = idle.end();
    sampleMemory('idle (ready + settle)');

    log(`kafka baseline: ${settings.baselineMessages} messages, then ${settings.baselinePaced} paced at ${settings.baselinePacedRate}/s`);
    const baseline = await kafkaBaseline(meter());
    log(
      `  saturated ${baseline.saturated.endToEndRate.toFixed(0)} msg/s, p50 ${baseline.saturated.latencyMs.p50.toFixed(1)} ms; paced p50 ${baseline.paced.latencyMs.p50.toFixed(1)} ms`,
    );

    log(`hire latency: seeding ${settings.hires} active placements, then ${settings.hires} hires at ${settings.hireRatePerSecond}/s`);
    const latency = await hireLatency(service, mongo, meter());
    log(
      `  hire->webhook p50 ${latency.hireToWebhookMs.p50} ms, p99 ${latency.hireToWebhookMs.p99} ms (${latency.delivered}/${latency.hires})`,
    );
    sampleMemory('after the latency run');

    const enterprise = await api(service, 'POST', '/v1/enterprises', { name: 'Bench Ingest Co', country: 'CN' });
    const kafkaAdmin = new Kafka({
      clientId: 'bench-admin',
      brokers: settings.kafkaBrokers.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await kafkaAdmin.connect();
    const ingest: IngestResult[] = [];
    for (const mode of ['single', 'batch'] as const) {
      log(
        `ingest ${mode}: ${mode === 'single' ? settings.singleRequests : `${settings.batchRequests} x ${settings.batchSize}`} at ${settings.concurrency} in flight`,
      );
      const result = await ingestThroughput(service, mongo, enterprise, mode, kafkaAdmin, meter(), meter());
      ingest.push(result);
      log(
        `  ${result.eventsPerSecond.toFixed(0)} events/s accepted (${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.requestMs.p50.toFixed(1)} ms); ` +
          `relayed +${result.drain.relayedSeconds.toFixed(1)} s, handled +${result.drain.handledSeconds.toFixed(1)} s${result.drain.drained ? '' : ' (NOT drained)'}`,
      );
      sampleMemory(`after ingest (${mode})`);
    }
    await kafkaAdmin.disconnect();
    await sleep(settings.settleMs);
    sampleMemory('end (after all runs + settle)');
    log('mongo probe: single-operation costs on the same server');
    const mongoProbe = await probeMongo(mongo);

    const results: BenchResults = {
      settings,
      startedAt: startedAt.toISOString(),
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
      durationSeconds: (performance.now() - t0) / 1000,
      memory,
      baseline,
      latency,
      ingest,
      idleCpu,
      mongoProbe,
    };
    if (settings.json) writeFileSync(settings.json, JSON.stringify(results, null, 2));
    writeFileSync(settings.out, renderReport(results));
    log(`wrote ${settings.out} (${results.durationSeconds.toFixed(0)} s)`);
  } finally {
    await mongo.close().catch(() => undefined);
    await service.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] FAILED: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});

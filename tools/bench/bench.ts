/**
 * Benchmark of the talent pipeline on the local stack (see docs/benchmarks.md and run-bench.sh).
 * Not a test: it measures and reports; the only failures are "could not run at all".
 *
 * Phases, in this order (each on a quiet system, the previous phase's backlog drained):
 *   1. idle RSS of the service
 *   2. raw kafkajs produce -> consume baseline on the same broker (saturated, then paced)
 *   3. hire -> school webhook latency (real active placements, hires sent at a fixed rate)
 *   4. ERP ingest throughput: single events, then batches, each followed by its downstream drain
 *   5. ERP ingest through the vendor adapters (SuccessFactors, Workday), likewise (adapter-ingest.ts)
 *   6. matching for BENCH_MATCH_STUDENTS students: over HTTP, then the ranking alone in memory (matching-http.ts)
 *   7. report queries over HTTP with BENCH_REPORT_PLACEMENTS placements (report-query.ts)
 *   8. RSS after the runs, single Mongo operation costs
 *
 * Matching runs before the reports on purpose: the reports' placements are aggregates the outbox
 * relay polls, and their writes would compete with matching's reads.
 *
 * Environment: BENCH_KAFKA_BROKERS, BENCH_MONGO_URL (a MongoDB connection string; the bench uses a database of its own on it),
 * BENCH_KAFKA_PID / BENCH_MONGO_PID (for CPU figures, optional), BENCH_OUT (markdown file),
 * BENCH_JSON (raw results), BENCH_LOG_DIR, and the sizes in bench-settings.ts (BENCH_*).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Webhook } from 'standardwebhooks';
import { Topics } from '@app/contracts';
import {
  erpHireEvent,
  mongoUriWithDatabase,
  postErpEvents,
  readTopicToEnd,
  RecordedMessage,
  redactMongoUrl,
  waitFor,
  WebhookReceiver,
} from '@app/testing';
import { adapterIngest, AdapterIngestResult } from './adapter-ingest';
import type { BaselineResult, BenchResults, IngestResult, LatencyResult, MongoProbe } from './bench-results';
import { REPO_ROOT, settings } from './bench-settings';
import { api as requestApi, BenchContext } from './context';
import { runIngestLoop } from './ingest-loop';
import { CpuMeter, dbCommandsBetween, dbCommandsOf, distribution, freePort, memoryOf, runPool, sleep } from './lib';
import { matchingThroughHttp } from './matching-http';
import { MemoryPhases } from './memory-phases';
import { describeMongoServer } from './mongo-server';
import { renderReport } from './report';
import { reportQueries } from './report-query';

const env = process.env;

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

/** Where the service's memory probe writes (tools/bench/memory-probe.cjs), when it runs. */
const probeFile = settings.memoryProbe ? join(settings.logDir, `bench-talent-pipeline-${runId}.memory.jsonl`) : undefined;

async function startService(): Promise<Service> {
  const port = await freePort();
  mkdirSync(settings.logDir, { recursive: true });
  const logFile = join(settings.logDir, `bench-talent-pipeline-${runId}.log`);
  const out = createWriteStream(logFile);
  const nodeOptions = [settings.serviceNodeOptions, probeFile ? `--require ${join(__dirname, 'memory-probe.cjs')}` : '']
    .filter(Boolean)
    .join(' ');
  const child = spawn(process.execPath, [...settings.serviceNodeArgs, join(REPO_ROOT, 'dist/apps/talent-pipeline/src/main.js')], {
    cwd: REPO_ROOT,
    env: {
      PATH: env.PATH,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      ...(settings.serviceMallocArenaMax ? { MALLOC_ARENA_MAX: settings.serviceMallocArenaMax } : {}),
      ...(probeFile ? { BENCH_MEMORY_PROBE_FILE: probeFile } : {}),
      ...(env.BENCH_HEAP_SNAPSHOT_AT_MIB || env.BENCH_SMAPS_AT_PEAK
        ? {
            BENCH_HEAP_SNAPSHOT_AT_MIB: env.BENCH_HEAP_SNAPSHOT_AT_MIB ?? '',
            BENCH_SMAPS_AT_PEAK: env.BENCH_SMAPS_AT_PEAK ?? '',
            BENCH_HEAP_SNAPSHOT_DIR: settings.logDir,
          }
        : {}),
      NODE_ENV: 'production',
      SERVICE_NAME: 'talent-pipeline',
      PORT: String(port),
      MONGO_URI: mongoUriWithDatabase(settings.mongoUrl, database),
      KAFKA_BROKERS: settings.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}talent-pipeline`,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOX_POLL_MS: String(settings.outboxPollMs),
      WEBHOOK_POLL_MS: String(settings.webhookPollMs),
      // the bench's webhook receiver listens on 127.0.0.1
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      // signing secrets encrypted at rest, as in production (a fresh key per run)
      SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
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

function api(service: Service, method: string, path: string, body?: unknown, token?: string) {
  return requestApi({ baseUrl: service.baseUrl, adminToken: ADMIN_TOKEN }, method, path, body, token);
}

// ---------------------------------------------------------------- phase: raw kafkajs baseline

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

async function hireLatency(
  service: Service,
  mongo: MongoClient,
  cpu: CpuMeter,
  phase: (label: string) => void = () => undefined,
): Promise<LatencyResult> {
  const receiver = new WebhookReceiver();
  const receiverUrl = await receiver.start();
  try {
    const measuredFrom = settings.hireWarmup;
    const sent = settings.hireWarmup + settings.hires;
    phase(`hire latency: seeding ${sent} active placements through the API`);
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
    // Placements need an active cooperation agreement and each student's placement consent.
    const agreement = await api(service, 'POST', '/v1/agreements', {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Bench internships',
      period: { from: '2020-01-01', to: '2099-12-31' },
      placementKinds: ['internship'],
    });
    await api(service, 'POST', `/v1/agreements/${agreement.id}/status`, { to: 'active' });
    const placements: string[] = new Array(sent);
    await runPool(sent, settings.concurrency, async (i) => {
      const student = await api(service, 'POST', '/v1/students', {
        schoolId: school.id,
        givenName: `Student${i}`,
        familyName: 'Bench',
        programme: 'mechatronics',
        cohort: '2025',
      });
      await api(service, 'POST', `/v1/students/${student.id}/consents`, {
        enterpriseId: enterprise.id,
        purpose: 'placement',
        grantedBy: 'student',
      });
      const placement = await api(service, 'POST', '/v1/placements', {
        studentId: student.id,
        enterpriseId: enterprise.id,
        kind: 'internship',
        role: 'CNC intern',
        startDate: '2026-03-01',
      });
      for (const to of ['offered', 'accepted']) await api(service, 'POST', `/v1/placements/${placement.id}/transitions`, { to });
      // `active` needs the three-party placement agreement signed (the student is not a minor)
      for (const party of ['school', 'enterprise', 'student']) {
        await api(service, 'POST', `/v1/placements/${placement.id}/agreement/signatures`, { party, signedBy: `${party} representative` });
      }
      await api(service, 'POST', `/v1/placements/${placement.id}/transitions`, { to: 'active' });
      placements[i] = placement.id;
    });
    // Let the seeding's own events (placement started -> school feed) drain before measuring.
    const feed = mongo.db(database).collection('outcome_feed');
    await waitFor(
      'the seeded placement-started outcomes to reach the school feed',
      async () => (await feed.estimatedDocumentCount()) >= sent,
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
    phase(
      `hire latency: ${settings.hires} hires at ${settings.hireRatePerSecond}/s until the last webhook (after ${settings.hireWarmup} at the same rate)`,
    );
    if (measuredFrom === 0) cpu.begin();
    let dbBefore = await dbCommandsOf(service.baseUrl);
    const start = performance.now();
    const posts: Promise<void>[] = [];
    for (let i = 0; i < sent; i++) {
      // CPU and database figures from here on, divided by the measured hires: the warm-up hires still in
      // flight at this point (~latency x rate, about 20) are counted with them, a few per cent too many.
      if (i === measuredFrom && i > 0) {
        cpu.begin();
        void dbCommandsOf(service.baseUrl).then((figures) => (dbBefore = figures));
      }
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
          if (i >= measuredFrom) accepted.push(Date.now() - t);
        }),
      );
    }
    await Promise.all(posts);
    await waitFor('every hire webhook', () => arrivals.size >= sent, { timeoutMs: 120_000, intervalMs: 50 }).catch((error) =>
      log(`WARNING: ${(error as Error).message}; ${arrivals.size}/${sent} arrived`),
    );
    const cpuUse = cpu.end();
    const dbCommands = dbCommandsBetween(dbBefore, await dbCommandsOf(service.baseUrl));
    const total: number[] = [];
    const first: number[] = [];
    const second: number[] = [];
    const tenth = Math.max(1, Math.floor(settings.hires / 10));
    const endToEndOf = (ids: string[]) => ids.filter((id) => arrivals.has(id)).map((id) => arrivals.get(id)!.at - sentAt.get(id)!);
    const warmupIds = placements.slice(0, measuredFrom);
    const measuredIds = placements.slice(measuredFrom);
    const measured = new Set(measuredIds);
    const firstSent = Math.min(...measuredIds.map((id) => sentAt.get(id)!));
    const lastArrival = Math.max(...[...arrivals].filter(([id]) => measured.has(id)).map(([, a]) => a.at));
    for (const [placementId, arrival] of arrivals) {
      if (!measured.has(placementId)) continue;
      const t = sentAt.get(placementId)!;
      total.push(arrival.at - t);
      first.push(arrival.eventTime - t);
      second.push(arrival.at - arrival.eventTime);
    }
    // The fan-out and delivery halves, from the delivery documents (same clock: one machine).
    const deliveries = await mongo
      .db(database)
      .collection('webhook_deliveries')
      .find({ subscriptionId: subscription.id, 'event.type': 'talent.placement.hired.v1' })
      .project<{ createdAt: Date; attempts: { at: Date }[]; event: { data: { placementId: string } } }>({
        createdAt: 1,
        attempts: 1,
        'event.data.placementId': 1,
      })
      .toArray();
    const toCreated: number[] = [];
    const toAttempt: number[] = [];
    const toReceived: number[] = [];
    // When the two relays sent each hire's records: their producer timestamps (same clock), read back
    // by a consumer of its own group, so the service's consumers are not touched.
    const kafka = new Kafka({ clientId: 'bench-record-times', brokers: settings.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
    const sentAtOf = (records: RecordedMessage[], type: string) => {
      const times = new Map<string, number>();
      for (const record of records) {
        if (record.headers.ce_type !== type || !record.value) continue;
        const placementId = (JSON.parse(record.value) as { placementId?: string }).placementId;
        // The first per hire: a relay retry can publish an event twice.
        if (placementId && !times.has(placementId)) times.set(placementId, record.timestamp);
      }
      return times;
    };
    const inboundAt = sentAtOf(await readTopicToEnd(kafka, `${prefix}${Topics.erpInbound}`), 'erp.hire.v1');
    const outcomeAt = sentAtOf(await readTopicToEnd(kafka, `${prefix}${Topics.placementOutcomes}`), 'talent.placement.hired.v1');
    // BENCH_LATENCY_TRACE=<file>: one JSON line per hire, warm-up ones included (epoch ms of each step), to see when a slow stretch happened.
    const trace = env.BENCH_LATENCY_TRACE ? createWriteStream(env.BENCH_LATENCY_TRACE) : undefined;
    const toInbound: number[] = [];
    const inboundToApplied: number[] = [];
    const appliedToOutcome: number[] = [];
    const outcomeToCreated: number[] = [];
    for (const delivery of deliveries) {
      const placementId = delivery.event.data.placementId;
      const arrival = arrivals.get(placementId);
      const attemptAt = delivery.attempts[0]?.at.getTime();
      if (!arrival || attemptAt === undefined) continue;
      const inbound = inboundAt.get(placementId);
      const outcome = outcomeAt.get(placementId);
      trace?.write(
        `${JSON.stringify({
          warmup: !measured.has(placementId),
          sent: sentAt.get(placementId),
          inbound,
          applied: arrival.eventTime,
          outcome,
          created: delivery.createdAt.getTime(),
          attempt: attemptAt,
          received: arrival.at,
        })}\n`,
      );
      if (!measured.has(placementId)) continue;
      toCreated.push(delivery.createdAt.getTime() - arrival.eventTime);
      toAttempt.push(attemptAt - delivery.createdAt.getTime());
      toReceived.push(arrival.at - attemptAt);
      if (inbound === undefined || outcome === undefined) continue;
      toInbound.push(inbound - sentAt.get(placementId)!);
      inboundToApplied.push(arrival.eventTime - inbound);
      appliedToOutcome.push(outcome - arrival.eventTime);
      outcomeToCreated.push(delivery.createdAt.getTime() - outcome);
    }
    if (trace) await new Promise((done) => trace.end(done));
    return {
      hires: settings.hires,
      ratePerSecond: settings.hireRatePerSecond,
      delivered: measuredIds.filter((id) => arrivals.has(id)).length,
      dbCommands,
      hireAppliedToDeliveryCreatedMs: distribution(toCreated),
      postToInboundRecordMs: distribution(toInbound),
      inboundRecordToHireAppliedMs: distribution(inboundToApplied),
      hireAppliedToOutcomeRecordMs: distribution(appliedToOutcome),
      outcomeRecordToDeliveryCreatedMs: distribution(outcomeToCreated),
      warmup: measuredFrom > 0 ? { hires: measuredFrom, hireToWebhookMs: distribution(endToEndOf(warmupIds)) } : undefined,
      deliveryCreatedToAttemptMs: distribution(toAttempt),
      attemptToWebhookMs: distribution(toReceived),
      verified,
      acceptedMs: distribution(accepted),
      hireToWebhookMs: distribution(total),
      postToHireAppliedMs: distribution(first),
      hireAppliedToWebhookMs: distribution(second),
      spanSeconds: (lastArrival - firstSent) / 1000,
      firstTenthP50Ms: distribution(endToEndOf(measuredIds.slice(0, tenth))).p50,
      lastTenthP50Ms: distribution(endToEndOf(measuredIds.slice(-tenth))).p50,
      seedSeconds,
      cpu: cpuUse,
    };
  } finally {
    await receiver.stop();
  }
}

// ---------------------------------------------------------------- phase: ERP ingest throughput

async function ingestThroughput(
  service: Service,
  mongo: MongoClient,
  enterprise: { id: string; erpSigningSecret: string },
  mode: 'single' | 'batch',
  kafkaAdmin: Admin,
  cpu: CpuMeter,
  drainCpu: CpuMeter,
): Promise<IngestResult> {
  const perRequest = mode === 'single' ? 1 : settings.batchSize;
  const source = `urn:erp:bench:${mode}`;
  const run = await runIngestLoop({
    requests: mode === 'single' ? settings.singleRequests : settings.batchRequests,
    eventsPerRequest: perRequest,
    warmRequests: mode === 'single' ? 20 : 3,
    concurrency: settings.concurrency,
    send: async (r, warm) => {
      const events = Array.from({ length: perRequest }, (_, j) =>
        erpHireEvent(unknownPlacementHire(), warm ? `warm-${mode}-${r}-${j}` : `${mode}-${r}-${j}`, warm ? `${source}:warm` : source),
      );
      const response = await postErpEvents({
        baseUrl: service.baseUrl,
        enterpriseId: enterprise.id,
        secret: enterprise.erpSigningSecret,
        body: mode === 'single' ? events[0] : events,
        batch: mode === 'batch',
      });
      return { status: response.status, accepted: response.status === 202 ? response.body.accepted : 0 };
    },
    db: mongo.db(database),
    kafkaAdmin,
    inboundTopic: `${prefix}talent.erp-inbound.v1`,
    drainTimeoutMs: settings.drainTimeoutMs,
    cpu,
    drainCpu,
  });
  return { mode, ...run };
}

// ---------------------------------------------------------------- probe: what one Mongo operation costs here

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
  // the relay's candidate query (libs/persistence/src/outbox-relay.ts)
  const relayQuery = (collection: string) => () =>
    db
      .collection(collection)
      .find(
        { outboxPending: true, $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now } }] },
        { projection: { _id: 1 }, limit: 100 },
      )
      .toArray();
  const result = {
    inboxDocuments: await inbox.estimatedDocumentCount(),
    relayScanMs: await median(15, relayQuery('erp_inbox')),
    placementDocuments: await db.collection('placements').estimatedDocumentCount(),
    relayScanPlacementsMs: await median(15, relayQuery('placements')),
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

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  const t0 = performance.now();
  log(`kafka ${settings.kafkaBrokers}, mongo ${redactMongoUrl(mongoUriWithDatabase(settings.mongoUrl, database))}, topic prefix ${prefix}`);
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
  const mongo = await MongoClient.connect(mongoUriWithDatabase(settings.mongoUrl, database));
  const mongoServer = await describeMongoServer(mongo, settings.mongoUrl);
  log(`database server: ${mongoServer.label}`);
  const memory: BenchResults['memory'] = [];
  const phases = new MemoryPhases(service.pid, probeFile);
  const phase = (label: string) => phases.begin(label);
  const sampleMemory = (label: string) => {
    const m = memoryOf(service.pid);
    memory.push({ label, ...m });
    log(`service RSS ${label}: ${m.rssMiB.toFixed(1)} MiB (peak so far ${m.peakMiB.toFixed(1)} MiB)`);
  };
  try {
    phase('idle (ready + settle)');
    const idle = meter();
    idle.begin();
    await sleep(settings.settleMs);
    const idleCpu = idle.end();
    sampleMemory('idle (ready + settle)');

    log(`kafka baseline: ${settings.baselineMessages} messages, then ${settings.baselinePaced} paced at ${settings.baselinePacedRate}/s`);
    phase('Kafka baseline (bench-side producer and consumer; the service idle)');
    const baseline = await kafkaBaseline(meter());
    log(
      `  saturated ${baseline.saturated.endToEndRate.toFixed(0)} msg/s, p50 ${baseline.saturated.latencyMs.p50.toFixed(1)} ms; paced p50 ${baseline.paced.latencyMs.p50.toFixed(1)} ms`,
    );

    log(
      `hire latency: seeding ${settings.hireWarmup + settings.hires} active placements, then ${settings.hireWarmup} + ${settings.hires} hires at ${settings.hireRatePerSecond}/s`,
    );
    const latency = await hireLatency(service, mongo, meter(), phase);
    log(
      `  hire->webhook p50 ${latency.hireToWebhookMs.p50} ms, p99 ${latency.hireToWebhookMs.p99} ms (${latency.delivered}/${latency.hires})`,
    );
    sampleMemory('after the latency run');
    if (env.BENCH_LATENCY_ONLY === '1') {
      // For comparing changes on the hire path quickly: the segments, no report.
      log(JSON.stringify({ latency: { ...latency, dbCommands: undefined } }, null, 1));
      return;
    }

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
      phase(`ERP ingest, ${mode === 'single' ? 'single events' : 'batches'}, and its drain`);
      const result = await ingestThroughput(service, mongo, enterprise, mode, kafkaAdmin, meter(), meter());
      ingest.push(result);
      log(
        `  ${result.eventsPerSecond.toFixed(0)} events/s accepted (${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.requestMs.p50.toFixed(1)} ms); ` +
          `relayed +${result.drain.relayedSeconds.toFixed(1)} s, handled +${result.drain.handledSeconds.toFixed(1)} s${result.drain.drained ? '' : ' (NOT drained)'}`,
      );
      sampleMemory(`after ingest (${mode})`);
    }

    const ctx: BenchContext = {
      baseUrl: service.baseUrl,
      adminToken: ADMIN_TOKEN,
      db: mongo.db(database),
      topicPrefix: prefix,
      concurrency: settings.concurrency,
      log,
      meter,
      phase,
    };
    const adapters: AdapterIngestResult[] = [];
    for (const vendor of ['successfactors', 'workday'] as const) {
      log(`adapter ingest ${vendor}: ${settings.adapterRequests} notifications at ${settings.concurrency} in flight`);
      phase(`ERP ingest through the ${vendor === 'successfactors' ? 'SAP SuccessFactors' : 'Workday'} adapter, and its drain`);
      const result = await adapterIngest(ctx, vendor, enterprise, kafkaAdmin, {
        requests: settings.adapterRequests,
        drainTimeoutMs: settings.drainTimeoutMs,
      });
      adapters.push(result);
      log(
        `  ${result.eventsPerSecond.toFixed(0)} events/s accepted (p50 ${result.requestMs.p50.toFixed(1)} ms); ` +
          `relayed +${result.drain.relayedSeconds.toFixed(1)} s, handled +${result.drain.handledSeconds.toFixed(1)} s${result.drain.drained ? '' : ' (NOT drained)'}`,
      );
      sampleMemory(`after adapter ingest (${vendor})`);
    }
    await kafkaAdmin.disconnect();

    log(
      `matching: ${settings.matchStudents} students of ${settings.matchSchools} partner schools, ${settings.matchRuns} timed GET …/matches`,
    );
    const matching = await matchingThroughHttp(ctx, {
      students: settings.matchStudents,
      schools: settings.matchSchools,
      runs: settings.matchRuns,
      apiStudents: settings.matchApiStudents,
      inMemoryRuns: settings.matchInMemoryRuns,
      seed: 42,
      settleMs: settings.settleMs,
    });
    sampleMemory('after matching');

    log(`reports: ${settings.reportPlacements} placements, ${settings.reportRuns} timed GETs per report`);
    const reports = await reportQueries(ctx, {
      placements: settings.reportPlacements,
      enterprises: settings.reportEnterprises,
      runs: settings.reportRuns,
      settleMs: settings.settleMs,
    });
    sampleMemory('after the report queries');
    phase('end (settle, then the Mongo probe from the bench)');
    await sleep(settings.settleMs);
    sampleMemory('end (after all runs + settle)');
    log('mongo probe: single-operation costs on the same server');
    const mongoProbe = await probeMongo(mongo);
    await sleep(500); // the probe's last samples
    const memoryPhases = phases.stop();
    for (const p of memoryPhases) {
      log(
        `memory ${p.label}: RSS peak ${p.rssPeakMiB.toFixed(0)} MiB, end ${p.rssEndMiB.toFixed(0)}` +
          (p.heapUsedPeakMiB === undefined
            ? ''
            : `; heap used ${p.heapUsedPeakMiB.toFixed(0)}, committed ${p.heapCommittedPeakMiB!.toFixed(0)}, external ${p.externalPeakMiB!.toFixed(0)}, array buffers ${p.arrayBuffersPeakMiB!.toFixed(0)} (peaks)`),
      );
    }

    const results: BenchResults = {
      // the results are written to a file: the server's address without its credentials
      settings: { ...settings, mongoUrl: redactMongoUrl(settings.mongoUrl) },
      startedAt: startedAt.toISOString(),
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
      durationSeconds: (performance.now() - t0) / 1000,
      memory,
      memoryPhases,
      serviceNodeOptions: settings.serviceNodeOptions,
      serviceMallocArenaMax: settings.serviceMallocArenaMax || undefined,
      serviceNodeArgs: settings.serviceNodeArgs,
      baseline,
      latency,
      ingest,
      adapters,
      matching,
      reports,
      idleCpu,
      mongoProbe,
      mongoServer,
    };
    if (settings.json) writeFileSync(settings.json, JSON.stringify(results, null, 2));
    writeFileSync(settings.out, renderReport(results));
    log(`wrote ${settings.out} (${results.durationSeconds.toFixed(0)} s)`);
  } finally {
    await service.stop();
    // The stand-in keeps every database in its heap: the downstream runs that follow need the room.
    await mongo
      .db(database)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close().catch(() => undefined);
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] FAILED: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});

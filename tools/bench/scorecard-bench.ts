/**
 * Partnership scorecard benchmark: one rd-collaboration as its own process from dist/, started
 * as its Deployment runs it (the image's node flags, the manifest's NODE_OPTIONS and
 * MALLOC_ARENA_MAX), on a Kafka broker and Mongo-compatible server that are already running;
 * five years of a school-enterprise pair's history produced to Kafka as the three services would
 * publish it (placements started and hired, secondments hosted,
 * engineers teaching, R&D projects, contributions, outcomes), consumed into the per-quarter
 * counters; then the scorecard read over HTTP (JSON, CSV, HTML) many times. Prints ingest time
 * and query percentiles, and the service's peak RSS over the whole run (the memory budget of
 * ADR 0056); drops its database after. Build first (npm run build).
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/scorecard-bench.ts
 *
 * Environment: TEST_KAFKA_BROKERS (127.0.0.1:19092), TEST_MONGO_URL (mongodb://127.0.0.1:27018),
 * SCORECARD_BENCH_YEARS (5), SCORECARD_BENCH_EVENTS_PER_QUARTER (60), SCORECARD_BENCH_RUNS (300),
 * BENCH_OUT (also writes the lines printed there, as Markdown), BENCH_SERVICES_JSON (the figures for
 * the run history of `npm run bench`, service-figures.ts).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { MongoClient } from 'mongodb';
import {
  AgreementStatusChanged,
  CloudEvent,
  EngineerTeachingSignedOff,
  EnterpriseRegistered,
  EventContract,
  PlacementHired,
  PlacementStarted,
  RdContributionDelivered,
  RdOutcomeRecorded,
  RdProjectStarted,
  SchoolRegistered,
  SecondmentStarted,
} from '@app/contracts';
import { encodeKafkaRecord, newCloudEvent } from '@app/messaging';
import { httpJson, testKafkaBrokers, testMongoUri, uniqueName, waitFor } from '@app/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deployedServiceProcess, freePort } from './lib';
import { peakRssFigure, recordServiceFigures, serviceStartedAs } from './service-figures';

const env = process.env;
const years = Number(env.SCORECARD_BENCH_YEARS ?? 5);
const perQuarter = Number(env.SCORECARD_BENCH_EVENTS_PER_QUARTER ?? 60);
const runs = Number(env.SCORECARD_BENCH_RUNS ?? 300);
const ADMIN = 'scorecard-bench-admin-token';

const lines: string[] = [];
const report = (line: string) => {
  console.log(line);
  lines.push(`- ${line}`);
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const prefix = `${uniqueName('scbench')}.`;
  const database = uniqueName('scbench').replace(/-/g, '_');
  const service = deployedServiceProcess('rd-collaboration', await freePort(), {
    MONGO_URI: testMongoUri(database),
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}rd-collaboration`,
    ADMIN_API_TOKEN: ADMIN,
    LOG_LEVEL: 'error',
  });
  await service.start();
  const kafka = new Kafka({ clientId: 'scorecard-bench', brokers: testKafkaBrokers().split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const batch: Array<{ topic: string; messages: ReturnType<typeof encodeKafkaRecord>[] }> = [];
  const queue = <C extends EventContract>(contract: C, data: unknown, key: string) => {
    const event = newCloudEvent(contract, { source: 'urn:school-enterprise:bench', data: data as never }) as CloudEvent;
    batch.push({ topic: `${prefix}${contract.topic}`, messages: [encodeKafkaRecord(event, key)] });
  };
  try {
    const schoolId = randomUUID();
    const enterpriseId = randomUUID();
    const pair = { schoolId, enterpriseId };
    const now = new Date();
    queue(SchoolRegistered, { schoolId, name: 'Bench Polytechnic', country: 'CN', registeredAt: now.toISOString() }, schoolId);
    queue(EnterpriseRegistered, { enterpriseId, name: 'Bench Motors', country: 'CN', registeredAt: now.toISOString() }, enterpriseId);
    const firstYear = now.getUTCFullYear() - years + 1;
    queue(
      AgreementStatusChanged,
      {
        agreementId: randomUUID(),
        ...pair,
        scope: 'Internships and joint R&D',
        period: { from: `${firstYear}-01-01`, to: `${now.getUTCFullYear()}-12-31` },
        placementKinds: ['internship'],
        status: 'active',
        version: 2,
        previousStatus: 'draft',
        changedAt: now.toISOString(),
      },
      schoolId,
    );

    // Five years of history, spread over each quarter's days; the mix below is per quarter.
    let expectedPlacements = 0;
    for (let year = firstYear; year <= now.getUTCFullYear(); year++) {
      for (let q = 0; q < 4; q++) {
        for (let i = 0; i < perQuarter; i++) {
          const at = new Date(Date.UTC(year, q * 3, 1 + (i % 85))).toISOString();
          const placement = {
            placementId: randomUUID(),
            ...pair,
            studentId: randomUUID(),
            programme: 'mechatronics',
            cohort: String(year),
            kind: 'internship',
            role: 'intern',
            occurredAt: at,
          };
          switch (i % 6) {
            case 0:
            case 1:
              queue(PlacementStarted, { ...placement, outcome: 'started' }, schoolId);
              expectedPlacements++;
              break;
            case 2:
              queue(PlacementHired, { ...placement, outcome: 'hired' }, schoolId);
              break;
            case 3:
              queue(
                SecondmentStarted,
                {
                  secondmentId: randomUUID(),
                  teacherId: randomUUID(),
                  ...pair,
                  postId: 'p',
                  period: { start: at.slice(0, 10), end: at.slice(0, 10) },
                  hoursLogged: 0,
                  occurredAt: at,
                },
                randomUUID(),
              );
              break;
            case 4:
              queue(
                EngineerTeachingSignedOff,
                { engagementId: randomUUID(), ...pair, engineerId: 'e', course: 'PLC', hours: 12, signedOffAt: at, occurredAt: at },
                randomUUID(),
              );
              break;
            default: {
              const projectId = randomUUID();
              queue(
                RdProjectStarted,
                {
                  projectId,
                  ...pair,
                  challengeId: 'c',
                  proposalId: 'p',
                  title: 't',
                  budget: { currency: 'CNY', amountMinor: 1_000_000 },
                  period: { start: at.slice(0, 10), end: at.slice(0, 10) },
                  occurredAt: at,
                },
                projectId,
              );
              queue(
                RdContributionDelivered,
                {
                  projectId,
                  ...pair,
                  contributionId: randomUUID(),
                  side: 'enterprise',
                  kind: 'funding',
                  form: 'cash',
                  value: { currency: 'CNY', amountMinor: 250_000 },
                  occurredAt: at,
                },
                projectId,
              );
              queue(
                RdOutcomeRecorded,
                { projectId, ...pair, outcomeId: randomUUID(), kind: 'publication', title: 't', occurredAt: at },
                projectId,
              );
            }
          }
        }
      }
    }
    const eventCount = batch.length;
    const ingestStart = performance.now();
    for (let i = 0; i < batch.length; i += 500) {
      const byTopic = new Map<string, ReturnType<typeof encodeKafkaRecord>[]>();
      for (const item of batch.slice(i, i + 500)) byTopic.set(item.topic, [...(byTopic.get(item.topic) ?? []), ...item.messages]);
      await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
    const key = await waitFor(
      'the enterprise partner copy',
      async () => {
        const issued = await httpJson('POST', `${service.baseUrl}/v1/access-keys`, {
          token: ADMIN,
          body: { role: 'enterprise', enterpriseId, label: 'bench' },
        });
        return issued.status === 201 ? (issued.body.apiKey as string) : undefined;
      },
      { timeoutMs: 120_000 },
    );
    const url = `${service.baseUrl}/v1/scorecards/${schoolId}/${enterpriseId}`;
    await waitFor(
      'every event to be counted',
      async () => {
        const card = (await httpJson('GET', url, { token: key })).body;
        return card.totals?.placementsStarted === expectedPlacements && card.totals.rdProjectsStarted === (years * 4 * perQuarter) / 6;
      },
      { timeoutMs: 600_000, intervalMs: 250 },
    );
    const ingestMs = performance.now() - ingestStart;
    const eventsHow = `${eventCount} events of one school-enterprise pair over ${years * 4} quarters`;
    recordServiceFigures([
      {
        name: 'scorecard events consumed',
        value: eventCount / (ingestMs / 1000),
        unit: 'events/s',
        better: 'higher',
        how: `${eventsHow}, produced to Kafka until the scorecard counts them all, one consumer`,
      },
    ]);
    report(
      `ingest: ${eventCount} events over ${years * 4} quarters counted in ${(ingestMs / 1000).toFixed(1)} s (${(eventCount / (ingestMs / 1000)).toFixed(0)} events/s, one consumer)`,
    );

    for (const format of ['json', 'csv', 'html']) {
      const target = `${url}?format=${format}`;
      await httpJson('GET', target, { token: key }); // warm-up
      const samples: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const response = await fetch(target, { headers: { authorization: `Bearer ${key}` } });
        await response.text();
        samples.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`${format}: ${response.status}`);
      }
      samples.sort((a, b) => a - b);
      if (format === 'json') {
        recordServiceFigures([
          {
            name: 'scorecard JSON over HTTP, p99',
            value: percentile(samples, 99),
            unit: 'ms',
            better: 'lower',
            how: `${runs} GETs of ${eventsHow}`,
          },
        ]);
      }
      report(
        `scorecard ${format} (${years * 4} quarters, HTTP): p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms (${runs} runs)`,
      );
    }
    const peak = service.peakRssMiB();
    recordServiceFigures(
      peakRssFigure(
        'R&D collaboration',
        peak,
        `VmHWM of the service process through the ${eventCount} events consumed and ${3 * runs} scorecard reads; ${serviceStartedAs()}`,
      ),
    );
    report(`rd-collaboration peak RSS over the run (${serviceStartedAs()}): ${peak === undefined ? 'n/a' : `${peak.toFixed(0)} MiB`}`);
  } finally {
    await producer.disconnect();
    await service.stop();
    const client = await MongoClient.connect(testMongoUri(database));
    await client.db(database).dropDatabase();
    await client.close();
  }
  if (env.BENCH_OUT) {
    mkdirSync(dirname(env.BENCH_OUT), { recursive: true });
    writeFileSync(env.BENCH_OUT, `# Scorecard bench (${new Date().toISOString()})\n\n${lines.join('\n')}\n`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

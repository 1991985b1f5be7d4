import { execSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, homedir, totalmem, release } from 'node:os';
import { join } from 'node:path';
import type { BenchResults, LatencyResult } from './bench-results';
import { cores, cpuCells, f0, f1, failures, ms } from './format';
import type { Distribution } from './lib';
import { adapterSection, cpuRows, matchingSection, observationItems, reportQuerySection, summaryRows } from './report-sections';

function sh(command: string): string {
  try {
    return execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const e = error as { stderr?: string };
    return (e.stderr ?? '').trim() || 'unknown';
  }
}

function jarVersion(dir: string, pattern: RegExp): string {
  try {
    for (const name of readdirSync(dir)) {
      const match = pattern.exec(name);
      if (match) return match[1];
    }
  } catch {
    /* cache elsewhere */
  }
  return 'unknown';
}

/** A machine busy with other work when the run started (or ended) makes every figure pessimistic. */
function contention(r: BenchResults, cpuCount: number): string {
  const loads = [r.loadAverageAtStart[0], r.loadAverageAtEnd?.[0] ?? 0];
  const worst = Math.max(...loads);
  if (worst <= cpuCount * 0.5) return '';
  return (
    `> **Warning: the machine was busy with other work during this run** (1-minute load average ` +
    `${r.loadAverageAtStart[0].toFixed(1)} at the start${r.loadAverageAtEnd ? ` and ${r.loadAverageAtEnd[0].toFixed(1)} at the end` : ''} ` +
    `on ${cpuCount} cores; other processes, such as test suites, competed for the CPU). The figures below are ` +
    `therefore pessimistic and noisy; compare them only with runs on a quiet machine with care, and rerun ` +
    `\`npm run bench\` on an idle machine for reference figures.\n`
  );
}

export function machineInfo() {
  const cpu = cpus();
  const cache = process.env.STACK_CACHE_DIR ?? join(homedir(), '.cache/school-enterprise-stack');
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown',
    ramGiB: totalmem() / 1024 ** 3,
    kernel: release(),
    node: process.version,
    java: sh('java -version 2>&1 | head -n1'),
    kafka: jarVersion(join(cache, 'kafka-lib'), /^kafka_[\d.]+-([\d.]+)\.jar$/),
    mongoJavaServer: jarVersion(join(cache, 'mongo-lib'), /^mongo-java-server-core-([\d.]+)\.jar$/),
    commit: sh('git rev-parse --short HEAD'),
    dirty: sh('git status --porcelain --untracked-files=no') !== '',
  };
}

/** The caveats of a run on the local stand-in (mongo-java-server). */
const STAND_IN_CAVEATS = `- **mongo-java-server is not MongoDB.** It is a Java emulation of the wire protocol on H2 MVStore, with
  its own (much simpler) query execution and indexing; write and query costs (and so ingest throughput
  and every Mongo round trip on the hire path) differ from a real \`mongod\` replica set, where
  write-concern majority adds replication latency instead. Do not size production from these figures;
  \`BENCH_MONGO_URL\` or \`BENCH_MONGO=testcontainers\` runs the same bench against a MongoDB.
- **Indexes on this stack are simpler than MongoDB's.** mongo-java-server itself ignores non-unique indexes;
  the stack's launcher keeps them in memory and narrows a query by the first field of one it names (equality
  or \`$in\`), or by a unique index whose fields it names (docs/decisions/0057). Ranges, sorts and covered
  queries are still done in memory over the candidates, so a query that MongoDB answers from a compound
  index or a range scan (the matching candidates' availability, report sorts) may read more here.
`;

/** The stack table's Mongo row: the stand-in the bench started, or the server it was given. */
function mongoRow(r: BenchResults, standInVersion: string): string {
  const server = r.mongoServer;
  if (!r.settings.mongoGiven && (!server || server.kind === 'stand-in')) {
    return `mongo-java-server ${standInVersion} with the H2 MVStore backend (on disk), heap ${process.env.MONGO_HEAP ?? '512m'}`;
  }
  if (!server) return 'given to the bench (not recorded which)';
  const cpu = Number.isFinite(r.idleCpu?.mongo) ? '' : '; its CPU is not measured (n/a in the CPU tables)';
  return `${server.label} at ${server.address}, given to the bench (\`BENCH_MONGO_URL\` or \`BENCH_MONGO=testcontainers\`)${cpu}`;
}

export function renderReport(r: BenchResults): string {
  const m = machineInfo();
  const s = r.settings;
  const b = r.baseline;
  const l = r.latency;
  const single = r.ingest.find((i) => i.mode === 'single')!;
  const batch = r.ingest.find((i) => i.mode === 'batch')!;
  const idle = r.memory[0];
  const end = r.memory[r.memory.length - 1];
  const peak = Math.max(...r.memory.map((x) => x.peakMiB));
  const onStandIn = (r.mongoServer?.kind ?? 'stand-in') === 'stand-in';
  const mongoGiven = r.settings.mongoGiven && r.mongoServer !== undefined;

  return `# Benchmarks

Measured by \`npm run bench\` (tools/bench/run-bench.sh → tools/bench/bench.ts), which starts its own local
stack (KRaft Kafka + mongo-java-server, \`.stack-bench\`, ports 39092/39093/37017), runs the built talent
pipeline (\`dist/apps/talent-pipeline/src/main.js\`) as a child process, measures, rewrites this file and
stops everything it started. **Every figure below comes from one run on the machine described here; it is
a snapshot for comparing changes on the same machine, not a capacity promise.** Rerun after changes that
touch the ingest (CloudEvents or vendor adapters), outbox, consumer, webhook, matching, consent or report paths.

**Other benchmark pages** (each written by its own command, named at its top):
[downstream throughput beside a stock NestJS peer](benchmarks-downstream.md),
[the teacher secondment and R&D services](benchmarks-services.md) (compliance "as of", credential issue
and verify, scorecard, R&D hours to credited practice),
[kafkajs against @platformatic/kafka](benchmarks-kafka-clients.md).

## Machine and run

| | |
| --- | --- |
| date | ${r.startedAt} (run took ${f0(r.durationSeconds)} s) |
| commit | ${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''} |
| CPU | ${m.cores} cores, ${m.cpuModel} |
| RAM | ${m.ramGiB.toFixed(1)} GiB |
| load average at start (1/5/15 min) | ${r.loadAverageAtStart.map((x) => x.toFixed(2)).join(' / ')} (anything well above 0 is other work on the machine) |
| load average at end | ${r.loadAverageAtEnd ? r.loadAverageAtEnd.map((x) => x.toFixed(2)).join(' / ') : 'not recorded'} |
| kernel | Linux ${m.kernel} |
| Node.js | ${m.node} (service and bench client) |
| Java | ${m.java} |
| Kafka | ${m.kafka}, single KRaft node (broker + controller), 3 partitions per topic, heap ${process.env.KAFKA_HEAP ?? '512m'} |
| Mongo | ${mongoRow(r, m.mongoJavaServer)} |
| service config | LOG_LEVEL=warn, OUTBOX_POLL_MS=${s.outboxPollMs}, WEBHOOK_POLL_MS=${s.webhookPollMs}, WEBHOOK_ALLOW_PRIVATE_TARGETS=true (the bench's webhook receiver is on 127.0.0.1), SECRETS_ENCRYPTION_KEY set (signing secrets encrypted at rest, as in production), ${r.serviceNodeOptions ? `NODE_OPTIONS=\`${r.serviceNodeOptions}\` (as in deploy/k8s/base/talent-pipeline/deployment.yaml, docs/decisions/0056)` : 'no NODE_OPTIONS'}${r.serviceMallocArenaMax ? `, MALLOC_ARENA_MAX=${r.serviceMallocArenaMax} (as deployed)` : ''}${r.serviceNodeArgs?.length ? `, node flags \`${r.serviceNodeArgs.join(' ')}\` (the image's CMD, Dockerfile)` : ''}, otherwise defaults |

${
  !mongoGiven
    ? `The Kafka broker, the Mongo-compatible server, the talent pipeline and the load generator all share the
same ${m.cores} cores.`
    : `The Kafka broker, the talent pipeline and the load generator share the same ${m.cores} cores; the database server
was given to the bench (${r.mongoServer!.address}).`
}

## Results

${contention(r, m.cores)}
| what | figure |
| --- | --- |
| ERP ingest, single events (\`application/cloudevents+json\`), ${s.concurrency} in flight | **${f0(single.eventsPerSecond)} events/s** (${f0(single.requestsPerSecond)} requests/s) |
| ERP ingest, batches of ${batch.eventsPerRequest} (\`application/cloudevents-batch+json\`), ${s.concurrency} in flight | **${f0(batch.eventsPerSecond)} events/s** (${f1(batch.requestsPerSecond)} requests/s) |
| ERP events handled downstream (relay → Kafka → consumer), sustained | **${f0(single.drain.handledPerSecond)} events/s** after the single run, **${f0(batch.drain.handledPerSecond)} events/s** after the batch run |
| hire → school webhook latency, ${l.hires} hires at ${l.ratePerSecond}/s, p50 / p99 / max | **${ms(l.hireToWebhookMs)} ms** |
| raw kafkajs produce → consume, saturated (${b.saturated.batch}-message sends, ${b.saturated.inFlight} in flight) | **${f0(b.saturated.endToEndRate)} msg/s**; latency p50 / p99 / max ${ms(b.saturated.latencyMs)} ms |
| raw kafkajs produce → consume, one message per send at ${b.paced.ratePerSecond}/s, p50 / p99 / max | **${ms(b.paced.latencyMs)} ms** |
${summaryRows(r).join('\n')}
| talent pipeline RSS: idle / after the runs / peak | **${f0(idle.rssMiB)} / ${f0(end.rssMiB)} / ${f0(peak)} MiB** |

### ERP ingest (\`POST /v1/erp/events\`)

Each request carries fresh CloudEvents and its own Standard Webhooks signature (HMAC-SHA256 over
\`id.timestamp.body\`, computed by the client per request); "accepted" means HTTP 202, which the service
answers only after the events are inserted into \`erp_inbox\` (the durable landing zone with its outbox).
Closed loop: ${s.concurrency} client workers, each sending its next request as soon as the previous one
answered; a few warm-up requests first (20 single, 3 batches), not counted, and handled before the run. The events name placements that do not exist, so
downstream each one ends in the review queue (\`held-for-review\`), which is the cheapest consumer path;
a real hire costs more downstream (see the latency section).

| mode | requests | events | accepted | non-202 | wall time | events/s | requests/s | request latency p50 / p99 / max (ms) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| single | ${f0(single.requests)} | ${f0(single.events)} | ${f0(single.accepted)} | ${failures(single.failures)} | ${f1(single.seconds)} s | ${f0(single.eventsPerSecond)} | ${f0(single.requestsPerSecond)} | ${ms(single.requestMs)} |
| batch of ${batch.eventsPerRequest} | ${f0(batch.requests)} | ${f0(batch.events)} | ${f0(batch.accepted)} | ${failures(batch.failures)} | ${f1(batch.seconds)} s | ${f0(batch.eventsPerSecond)} | ${f1(batch.requestsPerSecond)} | ${ms(batch.requestMs)} |

Downstream of the 202, measured from the last response (relay progress from the topic's end offsets, consumer
progress from the size of the review queue, both polled every 100 ms):

| after | outbox relayed to Kafka | all events handled by the consumer | handled | drained | events handled/s (ingest start → last handled) |
| --- | --- | --- | --- | --- | --- |
| single | +${f1(single.drain.relayedSeconds)} s | +${f1(single.drain.handledSeconds)} s | ${f0(single.drain.handled)} / ${f0(single.events)} | ${single.drain.drained ? 'yes' : '**no (timed out)**'} | ${f0(single.drain.handledPerSecond)} |
| batch | +${f1(batch.drain.relayedSeconds)} s | +${f1(batch.drain.handledSeconds)} s | ${f0(batch.drain.handled)} / ${f0(batch.events)} | ${batch.drain.drained ? 'yes' : '**no (timed out)**'} | ${f0(batch.drain.handledPerSecond)} |

${adapterSection(r)}
### Hire → school webhook latency

${l.hires + (l.warmup?.hires ?? 0)} active internship placements are seeded through the HTTP API (school, enterprise, a webhook
subscription for \`talent.placement.hired.v1\` pointing at a local HTTP receiver, then per placement a
student, the placement, the transitions offered → accepted, the three signatures of the placement agreement and active; ${f1(l.seedSeconds)} s including
waiting for the seeding's own \`placement.started\` outcomes to drain). Then one signed \`erp.hire.v1\` per
placement is posted at a fixed rate of ${l.ratePerSecond}/s (open loop)${l.warmup ? `: the first ${l.warmup.hires} meet a path that has not yet run a hire and are reported apart (last row; per-hire traces showed a cold path taking 4–5 s at 200/s to settle, ADR 0067); the figures are of the ${l.hires} sent after them, without a pause` : ''}. Latency is from just before the POST
to the receiver getting the delivery (all on one clock); the receiver verifies every signature
(${l.verified} verified, ${l.delivered}/${l.hires} hires delivered).

Path: HTTP 202 (inbox insert) → outbox relay → Kafka \`erp.inbound\` → consumer applies the hire (placement
→ hired, outcome event queued in the same document) → outbox relay → Kafka placement outcomes → consumer
appends to the school feed and enqueues the delivery → delivery worker POSTs the signed webhook.

| segment | p50 (ms) | p99 (ms) | max (ms) |
| --- | --- | --- | --- |
| POST → 202 Accepted | ${f1(l.acceptedMs.p50)} | ${f1(l.acceptedMs.p99)} | ${f1(l.acceptedMs.max)} |
| POST → hire applied (the hired event's \`time\`, written by the consumer) | ${f1(l.postToHireAppliedMs.p50)} | ${f1(l.postToHireAppliedMs.p99)} | ${f1(l.postToHireAppliedMs.max)} |
${segmentRows([
  ['… POST → hire record on Kafka (inbox insert, 202, inbox relay sends)', l.postToInboundRecordMs],
  ['… hire record on Kafka → hire applied (fetch, the consumer applies it)', l.inboundRecordToHireAppliedMs],
])}| hire applied → webhook received | ${f1(l.hireAppliedToWebhookMs.p50)} | ${f1(l.hireAppliedToWebhookMs.p99)} | ${f1(l.hireAppliedToWebhookMs.max)} |
${segmentRows([
  ['… hire applied → outcome record on Kafka (placements relay reads and sends)', l.hireAppliedToOutcomeRecordMs],
  ['… outcome record on Kafka → delivery created (fetch, outcome fan-out)', l.outcomeRecordToDeliveryCreatedMs],
  ['… hire applied → delivery created (outbox relay, Kafka, outcome fan-out)', l.hireAppliedToDeliveryCreatedMs],
  ['… delivery created → attempt started (delivery worker)', l.deliveryCreatedToAttemptMs],
  ['… attempt started → webhook received (sign, POST)', l.attemptToWebhookMs],
])}| **POST → webhook received (end to end)** | **${f1(l.hireToWebhookMs.p50)}** | **${f1(l.hireToWebhookMs.p99)}** | **${f1(l.hireToWebhookMs.max)}** |
${
  l.warmup
    ? `| before them: the ${l.warmup.hires} warm-up hires, POST → webhook received | ${f1(l.warmup.hireToWebhookMs.p50)} | ${f1(l.warmup.hireToWebhookMs.p99)} | ${f1(l.warmup.hireToWebhookMs.max)} |\n`
    : ''
}${dbCommandsSection(l)}
### Kafka baseline (kafkajs ${kafkajsVersion()}, same broker, same run)

The same client settings as the platform's publisher: idempotent producer, \`acks=-1\`,
\`maxInFlightRequests: 1\`, a 3-partition topic, ~110-byte JSON values; one consumer (\`eachMessage\`) in the
bench process. Latency is from just before \`send()\` to the consumer's \`eachMessage\`.

| run | messages | throughput | produce→consume latency p50 / p99 / max (ms) |
| --- | --- | --- | --- |
| saturated: ${b.saturated.batch} messages per \`send()\`, ${b.saturated.inFlight} sends in flight | ${f0(b.saturated.messages)} | ${f0(b.saturated.endToEndRate)} msg/s end to end (${f0(b.saturated.produceRate)} msg/s acknowledged) | ${ms(b.saturated.latencyMs)} |
| paced: one message per \`send()\` at ${b.paced.ratePerSecond}/s | ${f0(b.paced.messages)} | — | ${ms(b.paced.latencyMs)} (send → ack ${f1(b.paced.sendAckMs.p50)} / ${f1(b.paced.sendAckMs.p99)}) |

A hire crosses Kafka twice, so two paced hops (~${f1(2 * b.paced.latencyMs.p50)} ms at p50) are the
floor that Kafka itself sets for the hire → webhook path; the rest is Mongo round trips, the outbox relay
and the delivery worker.

${matchingSection(r)}
${reportQuerySection(r)}
### Memory and CPU

Talent pipeline resident set size (VmRSS from /proc; peak = VmHWM):

| when | RSS (MiB) | peak so far (MiB) |
| --- | --- | --- |
${r.memory.map((x) => `| ${x.label} | ${f1(x.rssMiB)} | ${f1(x.peakMiB)} |`).join('\n')}
${memoryPhasesSection(r)}

CPU used during each phase, in cores (1.00 = one core fully busy; the machine has ${m.cores}); Kafka and
Mongo are their whole JVM process groups, bench is the load generator (also the webhook receiver and the
baseline's producer and consumer); whole machine is from /proc/stat and "other processes" is what
the machine spent on anything else (n/a where not recorded):

| phase | talent pipeline | Kafka | Mongo | bench | whole machine | other processes |
| --- | --- | --- | --- | --- | --- | --- |
| idle (${f1(s.settleMs / 1000)} s after ready) | ${cpuCells(r.idleCpu)} |
| Kafka baseline, saturated | ${cpuCells(b.cpu)} |
| hires at ${l.ratePerSecond}/s until the last webhook | ${cpuCells(l.cpu)} |
| ingest, single events | ${cpuCells(single.cpu)} |
| drain after single events | ${cpuCells(single.drain.cpu)} |
| ingest, batches | ${cpuCells(batch.cpu)} |
| drain after batches | ${cpuCells(batch.drain.cpu)} |
${cpuRows(r).join('\n')}

### What one Mongo operation costs here

Measured at the end of the run, from the bench process, on the same ${onStandIn ? 'mongo-java-server' : 'server'} and database
(median of 10-50 repetitions; the inbox then holds ${f0(r.mongoProbe.inboxDocuments)} documents${
    r.mongoProbe.placementDocuments !== undefined ? `, placements ${f0(r.mongoProbe.placementDocuments)}` : ''
  }):

| operation | median (ms) |
| --- | --- |
| \`findOne({_id})\` on erp_inbox | ${f1(r.mongoProbe.findByIdMs)} |
| \`insertOne\` of an inbox-sized document | ${f1(r.mongoProbe.insertOneMs)} |
| \`insertMany\` of 50 such documents (as one batch request does) | ${f1(r.mongoProbe.insertMany50Ms)} (${f1(r.mongoProbe.insertMany50Ms / 50)} per document) |
| the outbox relay's search on erp_inbox (\`outboxPending: true\` + lease, limit 100) | ${f1(r.mongoProbe.relayScanMs)} |
${r.mongoProbe.relayScanPlacementsMs !== undefined ? `| the same query on placements | ${f1(r.mongoProbe.relayScanPlacementsMs)} |\n` : ''}
## Observations

${observations(r)}

## Method

- \`npm run bench\` builds if \`dist/\` is missing or older than the sources, starts the stack in
  \`.stack-bench\` (never the demo's 9092/27017 or the tests' 19092/27018), runs
  \`node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/bench.ts\`, and stops the
  stack on exit (also on failure or Ctrl-C).
- The service gets its own database and topic prefix per run and is started with \`node\` as a child
  process, like production (\`main.js\`), and is waited on until \`GET /health/ready\` answers 200.
- Phases run one after another, in this order: idle memory, Kafka baseline, hire
  latency, ingest (single, then batch), ingest through the adapters (SuccessFactors, then Workday), each
  ingest run followed by waiting until its events are handled, so no phase measures the previous one's
  backlog; then matching (HTTP, then in memory) and the report queries, each on data seeded for it. Data
  stays: later phases run against a database that also holds the earlier phases' documents (the matching
  and report sections give the collection sizes). Matching runs before the reports because the reports'
  placements add to what the outbox relay reads on every poll on this stack. Other load on the machine is
  not controlled: the load averages and the "other processes" CPU column show how much there was.
- The load generator uses the same helpers as the integration tests (\`libs/testing\`: \`postErpEvents\`,
  \`WebhookReceiver\`), Node's built-in \`fetch\` with keep-alive. Each measurement lives in its own module
  under tools/bench (\`ingest-loop.ts\`, \`adapter-ingest.ts\`, \`matching-http.ts\`, \`matching-bench.ts\`,
  \`report-query.ts\`), called from \`bench.ts\`.
- Sizes and rates can be changed with environment variables (\`BENCH_SINGLE_REQUESTS\`,
  \`BENCH_BATCH_REQUESTS\`, \`BENCH_BATCH_SIZE\`, \`BENCH_CONCURRENCY\`, \`BENCH_HIRES\`, \`BENCH_HIRE_RATE\`, \`BENCH_HIRE_WARMUP\`,
  \`BENCH_BASELINE_MESSAGES\`, \`BENCH_ADAPTER_REQUESTS\`, \`BENCH_MATCH_STUDENTS\`, \`BENCH_MATCH_RUNS\`,
  \`BENCH_MATCH_API_STUDENTS\`, \`BENCH_REPORT_PLACEMENTS\`, \`BENCH_REPORT_RUNS\`, …; see the top of
  tools/bench/bench.ts); \`BENCH_LATENCY_ONLY=1\` stops after the hire latency run and logs its figures. \`BENCH_LATENCY_TRACE=<file>\` writes one JSON line per hire (warm-up ones marked) with the time of each step. Raw results of the last run are in
  \`.stack-bench/bench-results.json\` (\`tools/bench/render.ts\` re-renders this file from them without
  measuring again), the service's log in \`.stack-bench/logs/\`.

## Caveats

- **${m.cores}-core machine, everything on one host.** Broker, Mongo-compatible server, service and load
  generator compete for the same cores (see the CPU table), so throughput figures are lower bounds of what
  separate hosts would give, and the client's own CPU (signing, JSON, fetch) is part of the cost.
${
  onStandIn
    ? STAND_IN_CAVEATS
    : `- **The database server was given to the bench** (${r.mongoServer!.label}): its figures depend on where it runs
  (another host adds network round trips; the same host shares the cores).
`
}- Single-node Kafka with replication factor 1: \`acks=-1\` waits for one replica only.
- Loopback networking only; no TLS; a single service instance (one consumer in the group, handling one
  record per partition and up to KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY = 3 partitions at once).
- Matching and the reports are seeded mostly by direct inserts in the service's document shapes (the
  API path would take minutes; the sections give the measured API rate). The matches answer is checked
  against the in-memory ranking and the school report against the seeded student count, but documents
  written by the service over its lifetime (history, several versions) may be larger than these.
- Matching and report figures are from ${s.matchRuns} and ${s.reportRuns} sequential requests per endpoint
  (nearest rank: p99 is the ${Math.ceil(0.99 * s.matchRuns)}th of ${s.matchRuns} and the ${Math.ceil(0.99 * s.reportRuns)}th of ${s.reportRuns}, so a single pause
  of the service or the server no longer sets it; runs before 2026-12-05 timed 20 and 10, where p99 was the slowest
  request), one request at a time: latency on an otherwise idle service, not throughput under concurrent load.
- Latency percentiles come from ${l.hires} samples (nearest rank: p99 is the ${Math.ceil(0.99 * l.hires)}th of ${l.hires} sorted values) and the baseline's
  paced run from ${b.paced.messages}; one run, no repetitions, so expect noticeable run-to-run noise, more
  so on a busy machine.
- The ingest figures use events for unknown placements (they are accepted, then held for review); the
  hire-latency run uses real placements, so both paths are exercised, but not at the same time.
`;
}

function observations(r: BenchResults): string {
  const single = r.ingest.find((i) => i.mode === 'single')!;
  const batch = r.ingest.find((i) => i.mode === 'batch')!;
  const l = r.latency;
  const p = r.mongoProbe;
  const hopFloor = 2 * r.baseline.paced.latencyMs.p50;
  const interval = 1000 / l.ratePerSecond;
  // every hire was delivered within (last send offset + max latency) of the first POST
  const span = l.spanSeconds ?? ((l.hires - 1) * interval + l.hireToWebhookMs.max) / 1000;
  const deliveredRate = l.delivered / span;
  // Behind: delivering clearly slower than offered, or latency growing through the run (a backlog). A
  // high but steady latency is hires in flight (rate x latency), not hires queueing up.
  const fellBehind = hirePathFellBehind(l, deliveredRate);
  // The stack's own processes during the hire run (service, Kafka, Mongo, bench), in cores.
  const stackCores = cores((l.cpu.service ?? 0) + (l.cpu.kafka ?? 0) + (l.cpu.mongo ?? 0) + (l.cpu.bench ?? 0));
  const items: string[] = [];
  items.push(
    `**Accepting is faster than processing.** The 202 path took ${f0(single.eventsPerSecond)} events/s (single) and ` +
      `${f0(batch.eventsPerSecond)} events/s (batches), but the relay + consumer behind it handled ` +
      `${f0(Math.min(single.drain.handledPerSecond, batch.drain.handledPerSecond))}-` +
      `${f0(Math.max(single.drain.handledPerSecond, batch.drain.handledPerSecond))} events/s, and that on the cheapest path ` +
      `(unknown placement → review queue): the backlog of the batch run took ${f1(batch.drain.handledSeconds)} s to ` +
      `drain after the last 202. Sustained ERP input above that rate grows a backlog (safely: it waits in Mongo ` +
      `outboxes and Kafka) and adds its wait to every hire's latency. The consumer handles one record per partition ` +
      `at a time (kafkajs \`eachMessage\`, KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY partitions at once, default 3), ` +
      `with several sequential Mongo round trips per record.`,
  );
  if (fellBehind) {
    items.push(
      `**The hire path did not keep up with ${l.ratePerSecond} hires/s in this run.** All ${l.delivered} webhooks ` +
        `arrived within ${f1(span)} s of the first POST, i.e. ~${f1(deliveredRate)} hires/s end to end against ` +
        `${l.ratePerSecond}/s offered, so hires queued and the latency figures are mostly backlog: p50 ` +
        `${f0(l.hireToWebhookMs.p50)} ms` +
        (l.firstTenthP50Ms !== undefined
          ? ` (first tenth of the hires ${f0(l.firstTenthP50Ms)} ms at p50, last tenth ${f0(l.lastTenthP50Ms!)} ms)`
          : '') +
        `. Both halves of the path are slow (POST → hire applied ${f0(l.postToHireAppliedMs.p50)} ms, hire applied → ` +
        `webhook ${f0(l.hireAppliedToWebhookMs.p50)} ms at p50): they share the one consumer and the one relay. ` +
        `The stack's own processes (service, Kafka, Mongo, bench) used only ` +
        `${stackCores} of ` +
        `${cpusCount()} cores meanwhile. ` +
        `The two Kafka hops themselves cost ~${f1(hopFloor)} ms (paced baseline).`,
    );
  } else {
    const segment = (d: Distribution | undefined) => (d ? `${f0(d.p50)}` : 'n/a');
    items.push(
      `**The hire path kept up with ${l.ratePerSecond} hires/s.** ~${f1(deliveredRate)} hires/s end to end` +
        (l.firstTenthP50Ms !== undefined
          ? `, and no backlog grew (p50 of the first tenth of the hires ${f0(l.firstTenthP50Ms)} ms, of the last ${f0(l.lastTenthP50Ms!)} ms)`
          : '') +
        `. Of its ${f0(l.hireToWebhookMs.p50)} ms p50 the two Kafka hops account for ~${f1(hopFloor)} ms (paced ` +
        `baseline); the rest is each stage's database round trips and its wait for them: POST → hire record on Kafka ` +
        `${segment(l.postToInboundRecordMs)}, → hire applied ${segment(l.inboundRecordToHireAppliedMs)}, → outcome ` +
        `record ${segment(l.hireAppliedToOutcomeRecordMs)}, → delivery created ${segment(l.outcomeRecordToDeliveryCreatedMs)}, ` +
        `→ attempt ${segment(l.deliveryCreatedToAttemptMs)} ms at p50. The stack's own processes (service, Kafka, ` +
        `Mongo, bench) used ${stackCores} ` +
        `of ${cpusCount()} cores meanwhile.`,
    );
  }
  items.push(
    `**Kafka is the cheap part.** The same broker moved ${f0(r.baseline.saturated.endToEndRate)} msg/s with the ` +
      `platform's producer settings, and used ${cores(l.cpu.kafka)} cores during the hire run against Mongo's ` +
      `${cores(l.cpu.mongo)} and the talent pipeline's ${cores(l.cpu.service)}.`,
    `**Mongo (mongo-java-server) costs.** Probed at the end of the run: \`findOne\` by \`_id\` ${f1(p.findByIdMs)} ms, ` +
      `\`insertOne\` ${f1(p.insertOneMs)} ms, \`insertMany\` of 50 ${f1(p.insertMany50Ms)} ms ` +
      `(${f1(p.insertMany50Ms / 50)} ms per document). A batch is one \`insertMany\`, which is why batches of ` +
      `${batch.eventsPerRequest} gave ${f1(batch.eventsPerSecond / single.eventsPerSecond)}× the events/s of single ` +
      `events (${f0(batch.requestMs.p50)} ms per batch request at p50). CPU during the batch run: Mongo ` +
      `${cores(batch.cpu.mongo)} cores, talent pipeline ${cores(batch.cpu.service)}, Kafka ${cores(batch.cpu.kafka)}.`,
    `**The outbox relay's search.** The relay selects \`outboxPending: true\` (docs/decisions/0009) on its polls; ` +
      `the stack's launcher serves it from the \`outboxPending\` index (docs/decisions/0057): ${f1(p.relayScanMs)} ms ` +
      `on erp_inbox with ${f0(p.inboxDocuments)} documents` +
      (p.relayScanPlacementsMs !== undefined
        ? ` and ${f1(p.relayScanPlacementsMs)} ms on placements with ${f0(p.placementDocuments ?? NaN)}`
        : '') +
      ` at the end of this run. Local writes name their documents, so a pass after a write does not search at all.`,
    `**Memory.** The service idles at ${f0(r.memory[0].rssMiB)} MiB RSS, peaked at ` +
      `${f0(Math.max(...r.memory.map((x) => x.peakMiB)))} MiB (VmHWM, first seen ${peakPhase(r)}) and was at ` +
      `${f0(r.memory[r.memory.length - 1].rssMiB)} MiB ${f1(r.settings.settleMs / 1000)} s after the runs.`,
  );
  items.push(...observationItems(r));
  return items.map((item) => `- ${item}`).join('\n');
}

/**
 * Per phase: the RSS peak (sampled every 100 ms, or VmHWM when the kernel's peak rose during the
 * phase) and, from the memory probe preloaded into the service, what the memory was: V8 heap in use
 * (live objects and garbage not yet collected), V8 heap committed, ArrayBuffers (Buffers: driver and
 * kafkajs socket data, BSON's serializer buffer) and the rest.
 */
function memoryPhasesSection(r: BenchResults): string {
  const phases = r.memoryPhases;
  if (!phases || phases.length === 0) return '';
  const probe = phases.some((p) => p.heapUsedPeakMiB !== undefined);
  const top = Math.max(...phases.map((p) => p.rssPeakMiB));
  const cell = (v: number | undefined) => (v === undefined ? 'n/a' : f0(v));
  const rows = phases.map((p) => {
    const peak = p.rssPeakMiB === top ? `**${f0(p.rssPeakMiB)}**` : f0(p.rssPeakMiB);
    const split = p.atRssPeak
      ? `${f0(p.atRssPeak.heapUsedMiB)} / ${f0(p.atRssPeak.heapCommittedMiB)} / ${f0(p.atRssPeak.arrayBuffersMiB)} / ${f0(p.atRssPeak.nativeMiB)}`
      : 'n/a';
    return probe
      ? `| ${p.label} | ${f1((p.endedAt - p.startedAt) / 1000)} | ${peak} | ${f0(p.rssEndMiB)} | ${cell(p.heapUsedPeakMiB)} | ${cell(p.heapCommittedPeakMiB)} | ${cell(p.arrayBuffersPeakMiB)} | ${split} |`
      : `| ${p.label} | ${f1((p.endedAt - p.startedAt) / 1000)} | ${peak} | ${f0(p.rssEndMiB)} |`;
  });
  const head = probe
    ? `| phase | s | RSS peak | RSS at end | heap used, peak | heap committed, peak | array buffers, peak | at the RSS peak: heap used / committed / array buffers / rest |
| --- | --- | --- | --- | --- | --- | --- | --- |`
    : `| phase | s | RSS peak | RSS at end |
| --- | --- | --- | --- |`;
  return `
Per phase (MiB; RSS sampled every 100 ms, and VmHWM where the kernel's peak rose during the phase; the
service ran with ${r.serviceNodeOptions ? `\`NODE_OPTIONS=${r.serviceNodeOptions}\`` : 'no Node options'}${
    r.serviceMallocArenaMax ? ` and \`MALLOC_ARENA_MAX=${r.serviceMallocArenaMax}\`` : ''
  }${r.serviceNodeArgs?.length ? `, started as \`node ${r.serviceNodeArgs.join(' ')}\` like the image's CMD` : ''}). ${
    probe
      ? `The split comes from tools/bench/memory-probe.cjs, preloaded into the service (\`process.memoryUsage()\`
and \`v8.getHeapStatistics()\` every 200 ms): heap used is V8's live objects plus garbage not yet collected,
committed is the memory V8 holds for its heap, array buffers are Buffers (driver and kafkajs socket data, and a
17 MiB serializer buffer the BSON library allocates once, of which only the pages written to are resident),
"rest" is RSS minus committed heap minus array buffers: the node binary's code (~60 MiB), malloc, thread
stacks, and heap pages V8 has freed but not yet returned.`
      : ''
  }

${head}
${rows.join('\n')}
`;
}

/** The phase after which the peak RSS (VmHWM) was first recorded. */
function peakPhase(r: BenchResults): string {
  const peak = Math.max(...r.memory.map((x) => x.peakMiB));
  const first = r.memory.find((x) => x.peakMiB === peak);
  return first ? `in the sample "${first.label}"` : 'during the runs';
}

/**
 * Whether the hire path fell behind the offered rate: it delivered under 90% of it, or the last
 * tenth of the hires waited more than twice as long as the first tenth and over 100 ms (a backlog
 * growing through the run).
 */
export function hirePathFellBehind(
  l: Pick<LatencyResult, 'ratePerSecond' | 'firstTenthP50Ms' | 'lastTenthP50Ms'>,
  deliveredRate: number,
): boolean {
  if (deliveredRate < l.ratePerSecond * 0.9) return true;
  if (l.firstTenthP50Ms === undefined || l.lastTenthP50Ms === undefined) return false;
  return l.lastTenthP50Ms > 2 * l.firstTenthP50Ms && l.lastTenthP50Ms > 100;
}

function cpusCount(): number {
  return cpus().length;
}

function kafkajsVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('kafkajs/package.json').version;
  } catch {
    return 'unknown';
  }
}

/**
 * The service's database commands over the latency run, per hire: on the stand-in every command
 * costs server CPU, so this says where the database time of one hire goes.
 */
function dbCommandsSection(l: LatencyResult): string {
  const commands = l.dbCommands;
  if (!commands || commands.length === 0) return '';
  const perHire = (n: number) => n / l.hires;
  const total = commands.reduce((sum, f) => ({ count: sum.count + f.count, seconds: sum.seconds + f.seconds }), { count: 0, seconds: 0 });
  const rows = commands
    .slice(0, 15)
    .map((f) => `| ${f.command} | ${f.collection} | ${perHire(f.count).toFixed(2)} | ${(perHire(f.seconds) * 1000).toFixed(2)} |`)
    .join('\n');
  return `
The service's database commands over this run (its \`/metrics\`: \`mongo_commands_total\` and
\`mongo_command_seconds_total\`, timed at the driver from sending to the reply), per hire, the 15 with
the most time first: **${perHire(total.count).toFixed(1)} commands and ${(perHire(total.seconds) * 1000).toFixed(1)} ms of database time per hire** in all.

| command | collection | per hire | ms per hire |
| --- | --- | --- | --- |
${rows}
`;
}

/** Table rows for the segments that were measured, in order. */
function segmentRows(rows: [label: string, figure: Distribution | undefined][]): string {
  return rows
    .filter((row): row is [string, Distribution] => row[1] !== undefined)
    .map(([label, d]) => `| ${label} | ${f1(d.p50)} | ${f1(d.p99)} | ${f1(d.max)} |\n`)
    .join('');
}

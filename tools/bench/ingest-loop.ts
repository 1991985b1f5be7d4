/**
 * The closed-loop ingest measurement shared by the CloudEvents ingest (bench.ts) and the vendor
 * adapters (adapter-ingest.ts): warm-up, `concurrency` workers each sending the next request as
 * soon as the previous one answered, then the downstream drain (outbox relay -> Kafka -> consumer)
 * measured from the last response.
 */
import { Admin } from 'kafkajs';
import { Db } from 'mongodb';
import { waitFor } from '@app/testing';
import { CpuMeter, distribution, Distribution, runPool, sleep } from './lib';

export interface IngestRun {
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

/** One request's outcome: its HTTP status (or the network error) and how many events it got accepted. */
export interface Sent {
  status: number | string;
  accepted: number;
}

export interface IngestLoop {
  requests: number;
  eventsPerRequest: number;
  warmRequests: number;
  concurrency: number;
  /** Sends request `index`; `warm` ones are not counted (use distinct event ids for them). */
  send(index: number, warm: boolean): Promise<Sent>;
  db: Db;
  kafkaAdmin: Admin;
  /** The ERP inbound topic (with the run's prefix): the relay's progress is read from its end offsets. */
  inboundTopic: string;
  drainTimeoutMs: number;
  cpu: CpuMeter;
  drainCpu: CpuMeter;
}

/**
 * Every event sent must end in the review queue (unknown placement or person): the consumer's
 * progress is read from the queue's size. Progress is read where it costs the system under test
 * least: the relay's from the topic's end offsets (Kafka admin), the consumer's from a count
 * without filter. Filtered counts would scan erp_inbox in mongo-java-server and skew the run.
 */
export async function runIngestLoop(loop: IngestLoop): Promise<IngestRun> {
  const reviewQueue = loop.db.collection('erp_review_queue');
  const endOffsets = async () => (await loop.kafkaAdmin.fetchTopicOffsets(loop.inboundTopic)).reduce((sum, p) => sum + Number(p.high), 0);
  const warmHeld = (await reviewQueue.estimatedDocumentCount()) + loop.warmRequests * loop.eventsPerRequest;
  // warm-up (not measured): JIT, connection pool
  for (let i = 0; i < loop.warmRequests; i++) await loop.send(i, true);
  await waitFor('the warm-up events to be handled', async () => (await reviewQueue.estimatedDocumentCount()) >= warmHeld, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  const heldBefore = await reviewQueue.estimatedDocumentCount();
  const offsetsBefore = await endOffsets();

  const failures: Record<string, number> = {};
  const times: number[] = [];
  let accepted = 0;
  loop.cpu.begin();
  const start = performance.now();
  await runPool(loop.requests, loop.concurrency, async (r) => {
    const t = performance.now();
    const sent = await loop.send(r, false).catch((error) => ({ status: `error: ${(error as Error).message}`, accepted: 0 }));
    times.push(performance.now() - t);
    if (sent.status === 202) accepted += sent.accepted;
    else failures[String(sent.status)] = (failures[String(sent.status)] ?? 0) + 1;
  });
  const seconds = (performance.now() - start) / 1000;
  const cpuUse = loop.cpu.end();

  // Downstream: the relay forwards each stored event to Kafka, the consumer applies it (here:
  // nothing matches -> held for review). Measured from the end of the HTTP run.
  loop.drainCpu.begin();
  const drainStart = performance.now();
  const deadline = drainStart + loop.drainTimeoutMs;
  let relayedSeconds = NaN;
  let handled = 0;
  let drained = false;
  while (performance.now() < deadline) {
    if (Number.isNaN(relayedSeconds) && (await endOffsets()) - offsetsBefore >= accepted)
      relayedSeconds = (performance.now() - drainStart) / 1000;
    handled = (await reviewQueue.estimatedDocumentCount()) - heldBefore;
    if (handled >= accepted && !Number.isNaN(relayedSeconds)) {
      drained = true;
      break;
    }
    await sleep(100);
  }
  const handledSeconds = (performance.now() - drainStart) / 1000;
  const drainCpuUse = loop.drainCpu.end();
  return {
    requests: loop.requests,
    eventsPerRequest: loop.eventsPerRequest,
    events: accepted,
    accepted,
    failures,
    seconds,
    requestsPerSecond: loop.requests / seconds,
    eventsPerSecond: accepted / seconds,
    requestMs: distribution(times),
    cpu: cpuUse,
    drain: { relayedSeconds, handledSeconds, handled, drained, handledPerSecond: handled / (seconds + handledSeconds), cpu: drainCpuUse },
  };
}

import { Producer } from 'kafkajs';
import { Topics } from '@app/contracts';
import {
  erpHireEvent,
  erpKafkaRecord,
  httpJson,
  PrivateMongoServer,
  uniqueName,
  waitFor,
  connectedProducer,
  sleep,
  TopicRecorder,
  testKafka,
} from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(240_000);

const HIRES = 6;
/** Longer than retryAttempts × the driver's 10 s server selection timeout: the old transport dead-lettered within it. */
const OUTAGE_MS = 40_000;

/**
 * Issue 7, item 1: an ERP produces hires to the inbound topic while the database is down. A
 * connection failure is transient: the consumer must wait for the database, never dead-letter
 * a good record, and say so on readiness.
 */
describe('ERP hires produced to Kafka during a database outage (private Mongo-compatible server, real Kafka)', () => {
  let mongo: PrivateMongoServer;
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let producer: Producer;
  let deadLetters: TopicRecorder;

  beforeAll(async () => {
    mongo = await PrivateMongoServer.start();
    service = await startTalentPipeline({
      MONGO_URI: mongo.uri(uniqueName('outage').replace(/-/g, '_')),
      CONSUMER_RETRY_ATTEMPTS: '3',
    });
    const kafka = testKafka('erp-outage-test');
    producer = await connectedProducer(kafka);
    deadLetters = new TopicRecorder(kafka, [`${service.prefix}${Topics.erpInbound}.dlt`]);
    await deadLetters.start();
  });

  afterAll(async () => {
    await deadLetters?.stop();
    await producer?.disconnect();
    if (mongo && !mongo.isRunning()) await mongo.start();
    await service?.close();
    await mongo?.dispose();
  });

  it('applies every hire once the database is back, dead-letters none, and reports the consumer as retrying meanwhile', async () => {
    const seeded: Awaited<ReturnType<typeof seedActiveInternship>>[] = [];
    for (let i = 0; i < HIRES; i++) seeded.push(await seedActiveInternship(service.baseUrl));

    // mongo-java-server acknowledges a write before its store commits it (MONGO_COMMIT_DELAY_MS):
    // let the last seed write reach the disk, so the crash below loses no seeded state.
    await sleep(1_500);
    await mongo.stop();
    const outageStarted = Date.now();
    const hires = seeded.map((s) =>
      erpHireEvent({ placementId: s.placement.id, position: { title: 'Technician' }, hireDate: '2026-09-01' }),
    );
    for (const [i, hire] of hires.entries()) {
      const record = erpKafkaRecord(hire, seeded[i].enterprise.id, seeded[i].enterprise.erpSigningSecret);
      await producer.send({ topic: `${service.prefix}${Topics.erpInbound}`, acks: -1, messages: [record] });
    }

    // Watch readiness during the outage: the consumer must say it is retrying, and why.
    let retryingSeen: any;
    while (Date.now() - outageStarted < OUTAGE_MS) {
      const ready = await httpJson('GET', `${service.baseUrl}/health/ready`);
      const consumer = ready.body?.details?.kafkaConsumer;
      if (consumer?.state === 'retrying') retryingSeen ??= { status: ready.status, consumer };
      await sleep(2_000);
    }
    expect(deadLetters.messages).toHaveLength(0);

    await mongo.start();
    const restartedAt = Date.now();
    const placementStatus = async (id: string) =>
      (await httpJson('GET', `${service.baseUrl}/v1/placements/${id}`, { token: ADMIN_TOKEN })).body?.status as string | undefined;
    await waitFor(
      `all ${HIRES} hires to apply after the restart`,
      async () => (await Promise.all(seeded.map((s) => placementStatus(s.placement.id)))).every((status) => status === 'hired'),
      { timeoutMs: 90_000, intervalMs: 500 },
    ).catch(async (error: Error) => {
      // Say where it stands: which placements, and what the consumer reports.
      const statuses = await Promise.all(seeded.map((s) => placementStatus(s.placement.id)));
      const ready = await httpJson('GET', `${service.baseUrl}/health/ready`);
      throw new Error(`${error.message}; placements ${statuses.join(',')}; readiness ${JSON.stringify(ready.body)}`);
    });
    console.info(
      `database outage of ${Math.round((restartedAt - outageStarted) / 1000)} s: all ${HIRES} hires applied ${Date.now() - restartedAt} ms after the restart`,
    );

    await sleep(1_000);
    expect(deadLetters.messages).toHaveLength(0);
    expect(retryingSeen).toBeDefined();
    expect(retryingSeen.status).toBe(503);
    expect(retryingSeen.consumer.retrying[0]).toMatchObject({ topic: `${service.prefix}${Topics.erpInbound}` });
    expect(retryingSeen.consumer.retrying[0].reason).toMatch(/Mongo|ECONNREFUSED|connect|Server selection/i);

    // Recovered: readiness is green again and the transient retries were counted.
    await waitFor('readiness to recover', async () => (await httpJson('GET', `${service.baseUrl}/health/ready`)).status === 200, {
      timeoutMs: 30_000,
    });
    const metrics = await httpJson('GET', `${service.baseUrl}/v1/operator/messaging/metrics`, { token: ADMIN_TOKEN });
    expect(metrics.status).toBe(200);
    expect(metrics.body.consumerTransientRetries).toBeGreaterThan(0);
    expect(metrics.body.deadLettered).toEqual({});
  });
});

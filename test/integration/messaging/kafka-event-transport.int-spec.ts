import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { IHeaders, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  CloudEvent,
  EnterpriseRegistered,
  EventRegistry,
  SchoolRegistered,
  Topics,
  deadLetterTopicOf,
} from '@app/contracts';
import {
  DeadLetterStore,
  encodeKafkaRecord,
  EventPublisher,
  HandlesEvent,
  KafkaEventContext,
  KafkaEventTransport,
  KafkaEventTransportOptions,
  newCloudEvent,
  PermanentFailureError,
  provisionTopics,
  TopicNamer,
} from '@app/messaging';
import { ProblemDetailsFilter } from '@app/base';
import { uniqueName, waitFor, TopicRecorder, connectedProducer, sleep, testKafka } from '@app/testing';

jest.setTimeout(60_000);

const RETRY_ATTEMPTS = 3;

interface HandledCall {
  schoolId: string;
  eventId: string;
  data: unknown;
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
  key: string | undefined;
}

/** What the handler does per schoolId; the test decides. Default: succeed. */
const behaviour = new Map<string, (attempt: number) => void>();
const calls: HandledCall[] = [];
const correlationIds: string[] = [];

@Controller()
class SchoolHandlers {
  // Only SchoolRegistered has a handler: EnterpriseRegistered (a valid, known type) has none.
  @HandlesEvent(SchoolRegistered)
  async onSchoolRegistered(@Payload() event: CloudEvent<string, { schoolId: string }>, @Ctx() ctx: KafkaEventContext): Promise<void> {
    calls.push({
      schoolId: event.data.schoolId,
      eventId: event.id,
      data: event.data,
      topic: ctx.getTopic(),
      partition: ctx.getPartition(),
      offset: ctx.getOffset(),
      attempt: ctx.getAttempt(),
      key: ctx.getKey(),
    });
    await sleep(1);
    behaviour.get(event.data.schoolId)?.(ctx.getAttempt());
  }
}

@Module({ controllers: [SchoolHandlers] })
class HandlersModule {}

function school(schoolId: string, overrides: Record<string, unknown> = {}) {
  return newCloudEvent(SchoolRegistered, {
    source: 'urn:test:talent-pipeline',
    subject: schoolId,
    correlationid: `corr-${schoolId}`,
    data: {
      schoolId,
      name: 'Vocational College',
      country: 'CN',
      registeredAt: new Date().toISOString(),
      ...overrides,
    } as never,
  });
}

const callsFor = (schoolId: string) => calls.filter((c) => c.schoolId === schoolId);

/** What the transport reported per finished record (feeds consumer_handler_duration_seconds). */
const handled: { eventType: string; outcome: string; seconds: number }[] = [];
const outcomesOf = (outcome: string) => handled.filter((h) => h.outcome === outcome);

describe('KafkaEventTransport (real Kafka)', () => {
  const prefix = `${uniqueName('msg')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const dlt = deadLetterTopicOf(topic);
  const groupId = `${prefix}consumer`;
  let kafka: Kafka;
  let publisher: EventPublisher;
  let transport: KafkaEventTransport;
  let app: INestMicroservice;
  let producer: Producer;
  let dltRecorder: TopicRecorder;

  const send = async (message: Message) => {
    await producer.send({ topic, acks: -1, messages: [message] });
  };
  const deadLetterOf = (eventId: string) =>
    waitFor(`dead letter for ${eventId}`, () => dltRecorder.withHeader('ce_id', eventId)[0], { timeoutMs: 30_000 });

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 3);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    await publisher.connect();
    producer = await connectedProducer(kafka);
    dltRecorder = new TopicRecorder(kafka, [dlt]);
    await dltRecorder.start();

    transport = new KafkaEventTransport({
      kafka,
      groupId,
      topics: [topic],
      registry: new EventRegistry(),
      publisher,
      retryAttempts: RETRY_ATTEMPTS,
      retryBaseMs: 20,
      runInContext: async (correlationId, fn) => {
        correlationIds.push(correlationId);
        return fn();
      },
    });
    transport.metrics.onHandled((eventType, outcome, seconds) => handled.push({ eventType, outcome, seconds }));
    app = await NestFactory.createMicroservice(HandlersModule, {
      strategy: transport,
      logger: false,
    });
    // As in configure-app.ts: the global filter hands RPC errors back untouched, so the
    // transport sees the handler's real error (PermanentFailureError, messages for dlt-error).
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.listen();
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await dltRecorder?.stop();
    await publisher?.disconnect();
  });

  it('(f) reports running once the consumer joined its group', async () => {
    await waitFor('the transport consumer to join its group', () => transport.isRunning(), { timeoutMs: 30_000 });
    expect(transport.isRunning()).toBe(true);
  });

  it('(a) delivers a produced CloudEvent with validated data and the record coordinates', async () => {
    const schoolId = `s-${randomUUID()}`;
    const event = school(schoolId);
    await send(encodeKafkaRecord(event, schoolId));

    const [call] = await waitFor('the handler to be called', () => (callsFor(schoolId).length ? callsFor(schoolId) : undefined));
    expect(call).toMatchObject({
      eventId: event.id,
      data: event.data,
      topic,
      attempt: 1,
      key: schoolId,
    });
    expect(call.partition).toBeGreaterThanOrEqual(0);
    expect(call.partition).toBeLessThan(3);
    expect(call.offset).toMatch(/^\d+$/);

    // The context points at the actual record on the broker.
    const recordAt = await fetchRecord(kafka, topic, call.partition, call.offset);
    expect(recordAt.key?.toString()).toBe(schoolId);
    expect(recordAt.headers?.ce_id?.toString()).toBe(event.id);

    // Handlers run inside the event's correlation context.
    expect(correlationIds).toContain(`corr-${schoolId}`);
    await sleep(300);
    expect(callsFor(schoolId)).toHaveLength(1);
  });

  it('(b) retries a failing handler in process, keeps key order and does not dead-letter the record', async () => {
    const key = `s-${randomUUID()}`;
    const first = school(`${key}-first`);
    const second = school(`${key}-second`);
    behaviour.set(`${key}-first`, (attempt) => {
      if (attempt < 3) throw new Error(`transient failure ${attempt}`);
    });
    const deadLetteredBefore = transport.deadLetterCount();
    const retriedBefore = outcomesOf('retried').length;

    await producer.send({
      topic,
      acks: -1,
      messages: [encodeKafkaRecord(first, key), encodeKafkaRecord(second, key)],
    });

    await waitFor('the second record to be handled', () => callsFor(`${key}-second`).length > 0);
    // Applied on its third attempt: the outcome is "retried", timed from the first attempt.
    expect(outcomesOf('retried').length).toBe(retriedBefore + 1);
    expect(outcomesOf('retried').at(-1)).toMatchObject({ eventType: SchoolRegistered.type });
    const sequence = calls.filter((c) => c.key === key).map((c) => `${c.schoolId.slice(key.length + 1)}#${c.attempt}`);
    expect(sequence).toEqual(['first#1', 'first#2', 'first#3', 'second#1']);
    // Every attempt saw the same record.
    expect(new Set(callsFor(`${key}-first`).map((c) => c.offset)).size).toBe(1);
    expect(transport.deadLetterCount()).toBe(deadLetteredBefore);
    await sleep(500);
    expect(dltRecorder.withHeader('ce_id', first.id)).toHaveLength(0);
    expect(calls.filter((c) => c.key === key)).toHaveLength(4);
  });

  it('(c) dead-letters a record whose handler always fails with an unclassified error, with its coordinates, and moves on', async () => {
    const key = `s-${randomUUID()}`;
    const poison = school(`${key}-poison`);
    const next = school(`${key}-next`);
    behaviour.set(`${key}-poison`, (attempt) => {
      throw new Error(`unexpected state on attempt ${attempt}`);
    });
    const original = encodeKafkaRecord(poison, key);
    const deadLetteredBefore = outcomesOf('dead-lettered').length;

    await producer.send({
      topic,
      acks: -1,
      messages: [original, encodeKafkaRecord(next, key)],
    });

    const letter = await deadLetterOf(poison.id);
    const attempts = callsFor(`${key}-poison`);
    expect(attempts.map((c) => c.attempt)).toEqual([1, 2, 3]);

    expect(letter.key).toBe(key);
    expect(letter.value).toBe(original.value);
    for (const [name, value] of Object.entries(original.headers!)) expect(letter.headers[name]).toBe(String(value));
    expect(letter.headers).toMatchObject({
      'dlt-original-topic': topic,
      'dlt-original-partition': String(attempts[0].partition),
      'dlt-original-offset': attempts[0].offset,
      'dlt-consumer-group': groupId,
      'dlt-reason': 'handler-failed',
      'dlt-attempts': String(RETRY_ATTEMPTS),
    });
    expect(letter.headers['dlt-error']).toContain('unexpected state on attempt 3');
    await waitFor('the dead-lettered outcome', () => outcomesOf('dead-lettered').length > deadLetteredBefore);
    expect(outcomesOf('dead-lettered').at(-1)).toMatchObject({ eventType: SchoolRegistered.type });
    expect(outcomesOf('ok').length).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(letter.headers['dlt-failed-at']))).toBe(false);

    // The poison record does not block its partition.
    const [after] = await waitFor('the next record on the same key to be handled', () =>
      callsFor(`${key}-next`).length ? callsFor(`${key}-next`) : undefined,
    );
    expect(after.partition).toBe(attempts[0].partition);
    expect(BigInt(after.offset)).toBeGreaterThan(BigInt(attempts[0].offset));
    expect(dltRecorder.withHeader('ce_id', next.id)).toHaveLength(0);
  });

  it('(c2) never dead-letters a transient (infrastructure) failure: retries in place past retryAttempts, keeps key order, reports it', async () => {
    const key = `s-${randomUUID()}`;
    const first = school(`${key}-first`);
    const second = school(`${key}-second`);
    let databaseUp = false;
    behaviour.set(`${key}-first`, () => {
      if (!databaseUp) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { code: 'ECONNREFUSED' });
    });
    const deadLetteredBefore = transport.deadLetterCount();
    const retriesBefore = transport.metrics.consumerTransientRetries;

    await producer.send({ topic, acks: -1, messages: [encodeKafkaRecord(first, key), encodeKafkaRecord(second, key)] });
    // Far more attempts than retryAttempts (3), none of them dead-lettered.
    await waitFor('many transient attempts', () => callsFor(`${key}-first`).length >= RETRY_ATTEMPTS + 3, { timeoutMs: 30_000 });
    const health = transport.health();
    expect(health.state).toBe('retrying');
    expect(health.retrying).toContainEqual(
      expect.objectContaining({
        topic,
        eventId: first.id,
        eventType: SchoolRegistered.type,
        reason: expect.stringContaining('ECONNREFUSED'),
      }),
    );
    expect(transport.metrics.consumerTransientRetries).toBeGreaterThan(retriesBefore);
    expect(callsFor(`${key}-second`)).toHaveLength(0); // the partition waits: order is kept

    databaseUp = true;
    await waitFor('the second record to be handled', () => callsFor(`${key}-second`).length > 0, { timeoutMs: 30_000 });
    const sequence = calls.filter((c) => c.key === key).map((c) => c.schoolId.slice(key.length + 1));
    expect(sequence.indexOf('second')).toBe(sequence.length - 1);
    expect(new Set(callsFor(`${key}-first`).map((c) => c.offset)).size).toBe(1);
    await sleep(500);
    expect(transport.deadLetterCount()).toBe(deadLetteredBefore);
    expect(dltRecorder.withHeader('ce_id', first.id)).toHaveLength(0);
    expect(transport.health().retrying.filter((r) => r.eventId === first.id)).toHaveLength(0);
  });

  it('(d) dead-letters at once when the handler throws PermanentFailureError', async () => {
    const key = `s-${randomUUID()}`;
    const doomed = school(`${key}-doomed`);
    const next = school(`${key}-next`);
    behaviour.set(`${key}-doomed`, () => {
      throw new PermanentFailureError('placement is already terminated');
    });

    await producer.send({
      topic,
      acks: -1,
      messages: [encodeKafkaRecord(doomed, key), encodeKafkaRecord(next, key)],
    });

    const letter = await deadLetterOf(doomed.id);
    await waitFor('the next record to be handled', () => callsFor(`${key}-next`).length > 0);
    expect(callsFor(`${key}-doomed`).map((c) => c.attempt)).toEqual([1]);
    expect(letter.key).toBe(key);
    expect(letter.headers['dlt-reason']).toBe('handler-failed');
    expect(letter.headers['dlt-error']).toContain('placement is already terminated');
    expect(letter.headers['dlt-attempts']).toBe('1');
  });

  describe('(e) records that never reach a handler', () => {
    it('an event whose data fails its schema goes to the DLT as invalid', async () => {
      const schoolId = `s-${randomUUID()}`;
      const bad = school(schoolId, { country: 'CHN' });
      await send(encodeKafkaRecord(bad, schoolId));

      const letter = await deadLetterOf(bad.id);
      expect(letter.headers['dlt-reason']).toBe('invalid');
      expect(letter.headers['dlt-error']).toContain('data.country');
      expect(letter.headers['dlt-attempts']).toBe('0');
      expect(letter.key).toBe(schoolId);
      expect(callsFor(schoolId)).toHaveLength(0);
    });

    it('a record without ce_id goes to the DLT as malformed', async () => {
      const schoolId = `s-${randomUUID()}`;
      const record = encodeKafkaRecord(school(schoolId), schoolId);
      const marker = `marker-${randomUUID()}`;
      const headers: IHeaders = { ...record.headers, 'x-test-marker': marker };
      delete headers.ce_id;
      await send({ ...record, headers });

      const letter = await waitFor('the malformed dead letter', () => dltRecorder.withHeader('x-test-marker', marker)[0], {
        timeoutMs: 30_000,
      });
      expect(letter.headers['dlt-reason']).toBe('malformed');
      expect(letter.headers['dlt-error']).toContain('missing header ce_id');
      expect(letter.value).toBe(record.value);
      expect(callsFor(schoolId)).toHaveLength(0);
    });

    it('a record whose value is not JSON goes to the DLT as malformed', async () => {
      const schoolId = `s-${randomUUID()}`;
      const event = school(schoolId);
      await send({ ...encodeKafkaRecord(event, schoolId), value: '{not json' });

      const letter = await deadLetterOf(event.id);
      expect(letter.headers['dlt-reason']).toBe('malformed');
      expect(letter.value).toBe('{not json');
      expect(callsFor(schoolId)).toHaveLength(0);
    });

    it('a valid event of a type without a handler goes to the DLT as no-handler', async () => {
      const enterpriseId = `e-${randomUUID()}`;
      const event = newCloudEvent(EnterpriseRegistered, {
        source: 'urn:test:talent-pipeline',
        data: {
          enterpriseId,
          name: 'Precision Motors',
          country: 'CN',
          registeredAt: new Date().toISOString(),
        },
      });
      await send(encodeKafkaRecord(event, enterpriseId));

      const letter = await deadLetterOf(event.id);
      expect(letter.headers['dlt-reason']).toBe('no-handler');
      expect(letter.headers['dlt-error']).toContain(EnterpriseRegistered.type);
      expect(letter.key).toBe(enterpriseId);
    });

    it('an event of an unknown type goes to the DLT as invalid', async () => {
      const schoolId = `s-${randomUUID()}`;
      const event = { ...school(schoolId), type: 'talent.school.renamed.v9' };
      await send(encodeKafkaRecord(event, schoolId));

      const letter = await deadLetterOf(event.id);
      expect(letter.headers['dlt-reason']).toBe('invalid');
      expect(letter.headers['dlt-error']).toContain('unknown event type talent.school.renamed.v9');
      expect(callsFor(schoolId)).toHaveLength(0);
      // A type nobody declared never becomes a metric label.
      await waitFor('the unknown-type outcome', () => handled.some((h) => h.eventType === 'unknown' && h.outcome === 'dead-lettered'));
      expect(handled.map((h) => h.eventType)).not.toContain('talent.school.renamed.v9');
    });
  });

  it('(f) is no longer running after close()', async () => {
    expect(transport.isRunning()).toBe(true);
    await transport.close();
    expect(transport.isRunning()).toBe(false);

    // And it really stopped consuming.
    const schoolId = `s-${randomUUID()}`;
    await send(encodeKafkaRecord(school(schoolId), schoolId));
    await sleep(1000);
    expect(callsFor(schoolId)).toHaveLength(0);
  });
});

/** Reads the record at one offset with a throwaway consumer. */
async function fetchRecord(kafka: Kafka, topic: string, partition: number, offset: string) {
  const consumer = kafka.consumer({
    groupId: uniqueName('fetch'),
    allowAutoTopicCreation: false,
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let raw: KafkaMessage | undefined;
    await consumer.run({
      eachMessage: async ({ partition: p, message }) => {
        if (p === partition && message.offset === offset) raw = message;
      },
    });
    await waitFor(`record ${topic}/${partition}@${offset}`, () => raw, {
      timeoutMs: 30_000,
    });
    return raw!;
  } finally {
    await consumer.disconnect();
  }
}

/** A transport on the test handlers, listening as a Nest microservice with the error filter configure-app.ts installs. */
async function startHandlers(options: KafkaEventTransportOptions): Promise<{ app: INestMicroservice; transport: KafkaEventTransport }> {
  const transport = new KafkaEventTransport(options);
  const app = await NestFactory.createMicroservice(HandlersModule, { strategy: transport, logger: false });
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.listen();
  return { app, transport };
}

describe('KafkaEventTransport shutdown while a handler is retrying (real Kafka)', () => {
  const prefix = `${uniqueName('msgstop')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const groupId = `${prefix}consumer`;
  let kafka: Kafka;
  let publisher: EventPublisher;
  let producer: Producer;
  let dltRecorder: TopicRecorder;
  const apps: INestMicroservice[] = [];

  const startTransport = async () => {
    const started = await startHandlers({
      kafka,
      groupId,
      topics: [topic],
      registry: new EventRegistry(),
      publisher,
      retryAttempts: 5,
      retryBaseMs: 400,
    });
    apps.push(started.app);
    return started;
  };

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 1);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    producer = await connectedProducer(kafka);
    dltRecorder = new TopicRecorder(kafka, [deadLetterTopicOf(topic)]);
    await dltRecorder.start();
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await producer?.disconnect();
    await dltRecorder?.stop();
    await publisher?.disconnect();
  });

  it('leaves the record uncommitted (not dead-lettered) so the next group member retries it', async () => {
    const schoolId = `s-${randomUUID()}`;
    const event = school(schoolId);
    let healthy = false;
    behaviour.set(schoolId, (attempt) => {
      if (!healthy) throw new Error(`dependency down (attempt ${attempt})`);
    });
    const first = await startTransport();
    await producer.send({
      topic,
      acks: -1,
      messages: [encodeKafkaRecord(event, schoolId)],
    });
    await waitFor('the first attempt', () => callsFor(schoolId).length > 0, {
      timeoutMs: 30_000,
    });

    await first.app.close();
    expect(first.transport.isRunning()).toBe(false);
    const attemptsBeforeRestart = callsFor(schoolId).length;
    expect(attemptsBeforeRestart).toBeLessThan(5);
    expect(first.transport.deadLetterCount()).toBe(0);

    healthy = true;
    const second = await startTransport();
    await waitFor('the record to be handled again after the restart', () => callsFor(schoolId).length > attemptsBeforeRestart, {
      timeoutMs: 40_000,
    });
    const redelivered = callsFor(schoolId)[attemptsBeforeRestart];
    expect(redelivered.attempt).toBe(1);
    expect(redelivered.offset).toBe(callsFor(schoolId)[0].offset);
    await sleep(500);
    expect(second.transport.deadLetterCount()).toBe(0);
    expect(dltRecorder.withHeader('ce_id', event.id)).toHaveLength(0);
  });
});

describe('KafkaEventTransport with a consumer that stops fetching without a crash (real Kafka)', () => {
  const prefix = `${uniqueName('msgstall')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  let kafka: Kafka;
  let publisher: EventPublisher;
  let producer: Producer;
  let app: INestMicroservice;
  let transport: KafkaEventTransport;

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 1);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    producer = await connectedProducer(kafka);
    ({ app, transport } = await startHandlers({
      kafka,
      groupId: `${prefix}consumer`,
      topics: [topic],
      registry: new EventRegistry(),
      publisher,
      retryAttempts: 3,
      retryBaseMs: 20,
      stalledAfterMs: 3_000,
    }));
    await waitFor('the consumer to join', () => transport.isRunning(), { timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await publisher?.disconnect();
  });

  it('rebuilds it after stalledAfterMs and consumes what was produced meanwhile', async () => {
    const before = `s-${randomUUID()}`;
    await producer.send({ topic, acks: -1, messages: [encodeKafkaRecord(school(before), before)] });
    await waitFor('a record handled before the stall', () => calls.some((c) => c.schoolId === before), { timeoutMs: 30_000 });

    // kafkajs' fetch loop ends without a CRASH event, as it has been seen to after broker restarts.
    await transport.unwrap<import('kafkajs').Consumer>().stop();
    const during = `s-${randomUUID()}`;
    await producer.send({ topic, acks: -1, messages: [encodeKafkaRecord(school(during), during)] });

    await waitFor('the record produced during the stall', () => calls.some((c) => c.schoolId === during), { timeoutMs: 45_000 });
    expect(transport.stallsDetected()).toBeGreaterThanOrEqual(1);
    expect(transport.recreations()).toBeGreaterThanOrEqual(1);
    expect(transport.isRunning()).toBe(true);
  });
});

describe('KafkaEventTransport commits what it handled (real Kafka)', () => {
  const prefix = `${uniqueName('msgcommit')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const groupId = `${prefix}consumer`;
  let kafka: Kafka;
  let publisher: EventPublisher;
  let producer: Producer;
  const apps: INestMicroservice[] = [];

  const startTransport = async () => {
    const { app } = await startHandlers({
      kafka,
      groupId,
      topics: [topic],
      registry: new EventRegistry(),
      publisher,
      retryAttempts: 3,
      retryBaseMs: 20,
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 3);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    producer = await connectedProducer(kafka);
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await producer?.disconnect();
    await publisher?.disconnect();
  });

  it('commits every handled record soon after it is handled, and a member after a graceful close handles none of them again', async () => {
    const first = await startTransport();
    const schoolIds = Array.from({ length: 30 }, () => `s-${randomUUID()}`);
    await producer.send({ topic, acks: -1, messages: schoolIds.map((schoolId) => encodeKafkaRecord(school(schoolId), schoolId)) });
    await waitFor('all 30 records handled', () => schoolIds.every((schoolId) => callsFor(schoolId).length > 0), { timeoutMs: 30_000 });

    // Without a commit after the last batch, the group's offsets would stay behind the topic's end.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end.high]));
      await waitFor(
        'the group to have committed up to the end of every partition',
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return committed.partitions.every((p) => p.offset === ends.get(p.partition));
        },
        { timeoutMs: 10_000 },
      );
    } finally {
      await admin.disconnect();
    }

    const late = `s-${randomUUID()}`;
    await first.close();
    await startTransport();
    await producer.send({ topic, acks: -1, messages: [encodeKafkaRecord(school(late), late)] });
    await waitFor('the record produced after the restart', () => callsFor(late).length > 0, { timeoutMs: 30_000 });
    expect(schoolIds.map((schoolId) => callsFor(schoolId).length)).toEqual(schoolIds.map(() => 1));
  });
});

/** An older version of SchoolRegistered whose upcaster has a bug: it throws a TypeError on what it gets. */
const BUGGY_OLD_SCHOOL_TYPE = 'talent.school.registered.v0';
const registryWithBuggyUpcaster = () =>
  new EventRegistry([
    ...ALL_EVENT_CONTRACTS,
    { ...SchoolRegistered, upcastFrom: { [BUGGY_OLD_SCHOOL_TYPE]: (data: unknown) => (data as { school: { id: string } }).school.id } },
  ]);

describe('KafkaEventTransport with records that fail to decode in unforeseen ways (real Kafka)', () => {
  const prefix = `${uniqueName('msgnull')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const dlt = deadLetterTopicOf(topic);
  let kafka: Kafka;
  let publisher: EventPublisher;
  let producer: Producer;
  let app: INestMicroservice;
  let transport: KafkaEventTransport;

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 1);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    producer = await connectedProducer(kafka);
    ({ app, transport } = await startHandlers({
      kafka,
      groupId: `${prefix}consumer`,
      topics: [topic],
      registry: registryWithBuggyUpcaster(),
      publisher,
      retryAttempts: 3,
      retryBaseMs: 20,
    }));
    await waitFor('the consumer to join', () => transport.isRunning(), { timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await publisher?.disconnect();
  });

  // Decoding is deterministic: a record it fails on fails the same way on every try, so it is
  // dead-lettered at once, whatever the error; thrown out of the batch, it would crash the
  // consumer on that record again after every rebuild.
  it('dead-letters a record whose decoding throws an unforeseen error as invalid, and moves on', async () => {
    const key = `s-${randomUUID()}`;
    const old = { ...school(`${key}-old`), type: BUGGY_OLD_SCHOOL_TYPE };
    await producer.send({ topic, acks: -1, messages: [encodeKafkaRecord(old, key), encodeKafkaRecord(school(`${key}-after`), key)] });

    await waitFor('the record after it to be handled', () => callsFor(`${key}-after`).length > 0, { timeoutMs: 30_000 });
    const letters = await new DeadLetterStore(kafka, publisher).list(dlt, { eventType: BUGGY_OLD_SCHOOL_TYPE });
    expect(letters).toEqual([
      expect.objectContaining({ eventId: old.id, reason: 'invalid', error: expect.stringContaining("reading 'id'") }),
    ]);
    expect(transport.recreations()).toBe(0);
  });

  // Any producer may send a header without a value (Kafka writes length -1); kafkajs hands it to
  // consumers as null. Such a record must be handled or dead-lettered like any other, never crash
  // the consumer (which would stall the partition for good), and its dead letter must stay listable.
  it('dead-letters a record whose ce_id has no value as malformed, handles one whose ce_subject has none, and moves on', async () => {
    const key = `s-${randomUUID()}`;
    const withoutId = encodeKafkaRecord(school(`${key}-no-id`), key);
    const withoutSubject = encodeKafkaRecord(school(`${key}-no-subject`), key);
    const after = encodeKafkaRecord(school(`${key}-after`), key);
    const marker = `marker-${randomUUID()}`;
    // kafkajs' own producer would write a null header (length -1) but sizes it first with
    // Buffer.byteLength(null), which throws; Java and librdkafka producers write them. Let it, for this send.
    const byteLength = Buffer.byteLength.bind(Buffer);
    const sizing = jest
      .spyOn(Buffer, 'byteLength')
      .mockImplementation((text, encoding) => (text === null ? 0 : byteLength(text, encoding)));
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          { ...withoutId, headers: { ...withoutId.headers, ce_id: null as never, 'x-test-marker': marker } },
          { ...withoutSubject, headers: { ...withoutSubject.headers, ce_subject: null as never } },
          after,
        ],
      });
    } finally {
      sizing.mockRestore();
    }

    await waitFor('the record after them to be handled', () => callsFor(`${key}-after`).length > 0, { timeoutMs: 30_000 });
    expect(callsFor(`${key}-no-subject`)).toHaveLength(1);
    expect(transport.recreations()).toBe(0);

    const store = new DeadLetterStore(kafka, publisher);
    const letters = await waitFor('the dead letter to be listed', async () => {
      const listed = await store.list(dlt);
      return listed.some((r) => r.headers['x-test-marker'] === marker) ? listed : undefined;
    });
    const letter = letters.find((r) => r.headers['x-test-marker'] === marker)!;
    expect(letter.reason).toBe('malformed');
    expect(letter.error).toContain('missing header ce_id');
    expect(letter.key).toBe(key);
    expect(letter.headers).not.toHaveProperty('ce_id');
  });
});

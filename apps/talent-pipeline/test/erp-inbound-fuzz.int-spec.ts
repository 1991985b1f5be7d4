import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { IHeaders, Message, Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Topics } from '@app/contracts';
import { signRecord } from '@app/messaging';
import {
  applyMutations,
  bodyMutations,
  connectedProducer,
  httpJson,
  Json,
  testKafka,
  testMongoUri,
  TopicRecorder,
  waitFor,
} from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

/**
 * Property-based fuzzing of the inbound ERP topic, as an ERP's own Kafka producer would
 * write to it: generated records with missing, wrong or huge CloudEvents headers, mutated
 * or non-JSON values, and odd keys. The consumer must never crash or stall: every record ends
 * either applied / held (it reached the ERP inbox) or on the dead-letter topic with a reason,
 * and no dead letter may be the trace of a programming error (a TypeError and the like).
 *
 * KAFKA_FUZZ_RUNS sets the number of records (default 1,000; 10,000 for the long run).
 */
const RUNS = Number(process.env.KAFKA_FUZZ_RUNS ?? 1_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const PARTITION = 0;

jest.setTimeout(Math.max(180_000, RUNS * 60));

const CRASH_SIGNS = /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read|is not a function|is not iterable|undefined \(reading/;

type Header = 'ce_specversion' | 'ce_id' | 'ce_source' | 'ce_type' | 'ce_time' | 'content-type' | 'ce_subject' | 'ce_correlationid';
const HEADERS: Header[] = ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'content-type', 'ce_subject', 'ce_correlationid'];

const headerValue = fc.oneof(
  fc.constantFrom(
    '',
    '0.3',
    '2.0',
    'application/xml',
    'application/json; charset=utf-16',
    'erp.hire.v2',
    'erp.requisition.v1',
    'talent.placement.hired.v1',
    'not-a-time',
    '2026-13-45T99:99:99Z',
    '\u0000',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.integer({ min: 300, max: 20_000 }).map((n) => 'h'.repeat(n)),
);

const headerMutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), header: fc.constantFrom(...HEADERS) }),
  fc.record({ kind: fc.constant('set' as const), header: fc.constantFrom(...HEADERS), value: headerValue }),
);

const valueShape = fc.oneof(
  { weight: 6, arbitrary: bodyMutations.map((mutations) => ({ kind: 'mutated-data' as const, mutations })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'valid-data' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'null-value' as const }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 800_000 }).map((size) => ({ kind: 'huge' as const, size })) },
);

const keyShape = fc.oneof(
  { weight: 8, arbitrary: fc.constant('enterprise' as const) },
  { weight: 1, arbitrary: fc.constantFrom('none' as const, 'unknown-enterprise' as const, 'garbage' as const) },
);

type RecordShape = typeof recordShape extends fc.Arbitrary<infer T> ? T : never;

/** Rough size of a record on the wire, to keep each produce request under the broker's limit. */
const sizeOf = (message: Message) =>
  (message.value ? Buffer.byteLength(message.value) : 0) +
  Object.entries(message.headers ?? {}).reduce((sum: number, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0) +
  200;

/** What the broker accepts in one record (its default limit, less room for headers): a producer cannot send more. */
const MAX_VALUE_BYTES = 900 * 1024;

const recordShape = fc.record({
  type: fc.constantFrom('erp.hire.v1', 'erp.requisition.v1'),
  /** Most records are signed with the enterprise's ERP secret (so they reach the handlers); some not, or wrongly. */
  signature: fc.constantFrom('signed', 'signed', 'signed', 'signed', 'signed', 'signed', 'unsigned', 'other-secret', 'garbage'),
  headerMutations: fc.array(headerMutation, { maxLength: 3 }),
  value: valueShape,
  key: keyShape,
});

describe(`ERP inbound topic fuzz (${RUNS} records, seed ${SEED}; real Kafka + Mongo)`, () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let producer: Producer;
  let deadLetters: TopicRecorder;
  let inboundTopic: string;
  let seeded: Awaited<ReturnType<typeof seedActiveInternship>>;

  beforeAll(async () => {
    service = await startTalentPipeline({ LOG_LEVEL: 'fatal' });
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    inboundTopic = `${service.prefix}${Topics.erpInbound}`;
    const kafka = testKafka('erp-inbound-fuzz');
    producer = await connectedProducer(kafka);
    deadLetters = new TopicRecorder(kafka, [`${inboundTopic}.dlt`]);
    await deadLetters.start();
    seeded = await seedActiveInternship(service.baseUrl);
  });
  afterAll(async () => {
    await deadLetters?.stop();
    await producer?.disconnect();
    await mongo?.close();
    await service?.close();
  });

  function validData(type: string): Json {
    if (type === 'erp.hire.v1') return { placementId: randomUUID(), position: { title: 'Technician' }, hireDate: '2026-09-01' };
    return {
      requisitionId: `REQ-${randomUUID()}`,
      position: { title: 'Maintenance technician', id: { value: 'POS-1', schemeId: 'position-code' } },
      headcount: 1,
      kind: 'job',
      period: { from: '2026-09-01', to: '2027-08-31' },
      location: 'Wuxi',
    };
  }

  function buildRecord(shape: RecordShape): { message: Message; fuzzId: string; ceId?: string; requisitionId?: string } {
    const fuzzId = randomUUID();
    const headers: Record<string, string> = {
      ce_specversion: '1.0',
      ce_id: `fuzz-${fuzzId}`,
      ce_source: 'urn:erp:fuzz',
      ce_type: shape.type,
      ce_time: '2026-09-01T08:00:00Z',
      'content-type': 'application/json',
    };
    for (const mutation of shape.headerMutations) {
      if (mutation.kind === 'drop') delete headers[mutation.header];
      else headers[mutation.header] = mutation.value;
    }
    let value: Buffer | string | null;
    switch (shape.value.kind) {
      case 'valid-data':
        value = JSON.stringify(validData(shape.type));
        break;
      case 'mutated-data':
        value = applyMutations(validData(shape.type), shape.value.mutations).text;
        break;
      case 'null-value':
        value = null;
        break;
      case 'bytes':
        value = Buffer.from(shape.value.bytes);
        break;
      case 'huge':
        value = JSON.stringify({ ...(validData(shape.type) as object), padding: 'p'.repeat(shape.value.size) });
        break;
    }
    // Longer values would be refused by the broker itself; cut, they are simply not JSON any more.
    if (value !== null && Buffer.byteLength(value) > MAX_VALUE_BYTES) value = Buffer.from(value).subarray(0, MAX_VALUE_BYTES);
    const key =
      shape.key === 'enterprise'
        ? seeded.enterprise.id
        : shape.key === 'unknown-enterprise'
          ? randomUUID()
          : shape.key === 'garbage'
            ? '\u0000not an id'
            : null;
    const content = { id: headers.ce_id ?? '', source: headers.ce_source ?? '', type: headers.ce_type ?? '', value: value ?? '' };
    const signature =
      shape.signature === 'signed'
        ? signRecord(seeded.enterprise.erpSigningSecret, content)
        : shape.signature === 'other-secret'
          ? signRecord('whsec_' + Buffer.alloc(24, 9).toString('base64'), content)
          : shape.signature === 'garbage'
            ? { 'erp-signature': 'v1,not-base64!', 'erp-signature-timestamp': '-5' }
            : {};
    const allHeaders: IHeaders = { ...headers, ...signature, 'fuzz-id': fuzzId };
    return {
      message: { key, value, headers: allHeaders, partition: PARTITION },
      fuzzId,
      ceId: headers.ce_id,
      requisitionId: requisitionIdIn(value),
    };
  }

  /** ERP requisitions produced to Kafka leave no inbox entry; they show as a requisition with that ERP id. */
  function requisitionIdIn(value: Buffer | string | null): string | undefined {
    try {
      const id = (JSON.parse(String(value)) as { requisitionId?: unknown }).requisitionId;
      return typeof id === 'string' ? id : undefined;
    } catch {
      return undefined;
    }
  }

  it('never crashes or stalls the consumer: each record reaches the ERP inbox or the dead-letter topic with a reason', async () => {
    const shapes = fc.sample(recordShape, { numRuns: RUNS, seed: SEED });
    const records = shapes.map((shape) => buildRecord(shape));
    const startedAt = Date.now();
    let batch: Message[] = [];
    let batchBytes = 0;
    for (const { message } of records) {
      if (batch.length && batchBytes + sizeOf(message) > 512 * 1024) {
        await producer.send({ topic: inboundTopic, messages: batch });
        batch = [];
        batchBytes = 0;
      }
      batch.push(message);
      batchBytes += sizeOf(message);
    }
    if (batch.length) await producer.send({ topic: inboundTopic, messages: batch });
    // Same partition, handled in order: once this marker is held for review, every record before it was handled.
    const marker = { id: `marker-${randomUUID()}` };
    const markerValue = JSON.stringify({ placementId: randomUUID(), position: { title: 'marker' }, hireDate: '2026-09-01' });
    const markerContent = { id: marker.id, source: 'urn:erp:fuzz', type: 'erp.hire.v1', value: markerValue };
    await producer.send({
      topic: inboundTopic,
      messages: [
        {
          key: seeded.enterprise.id,
          partition: PARTITION,
          value: markerValue,
          headers: {
            ce_specversion: '1.0',
            ce_id: marker.id,
            ce_source: 'urn:erp:fuzz',
            ce_type: 'erp.hire.v1',
            'content-type': 'application/json',
            ...signRecord(seeded.enterprise.erpSigningSecret, markerContent),
          },
        },
      ],
    });
    try {
      await waitFor(
        'the marker record to be handled after every fuzzed record',
        async () => (await mongo.db().collection('erp_review_queue').countDocuments({ 'event.id': marker.id })) > 0,
        { timeoutMs: Math.max(120_000, RUNS * 50), intervalMs: 250 },
      );
    } catch (error) {
      // Say where the consumer stopped: the last dead letter and what readiness reports.
      const ready = await httpJson('GET', `${service.baseUrl}/health/ready`);
      const last = deadLetters.messages.at(-1);
      throw new Error(
        `${(error as Error).message}; ${deadLetters.messages.length} dead letters, last at offset ${last?.headers['dlt-original-offset']}; ` +
          `readiness ${ready.status} ${JSON.stringify(ready.body).slice(0, 1500)}`,
      );
    }
    const seconds = Math.round((Date.now() - startedAt) / 1000);

    const live = await httpJson('GET', `${service.baseUrl}/health/live`);
    const ready = await httpJson('GET', `${service.baseUrl}/health/ready`, { token: ADMIN_TOKEN });
    expect({ live: live.status, ready: ready.status }).toEqual({ live: 200, ready: 200 });

    const inboxIds = new Set(
      (
        await mongo
          .db()
          .collection('erp_inbox')
          .find({}, { projection: { 'event.id': 1 } })
          .toArray()
      ).map((d) => d.event?.id as string),
    );
    const erpRequisitionIds = new Set(
      (
        await mongo
          .db()
          .collection('requisitions')
          .find({}, { projection: { 'erp.requisitionId': 1 } })
          .toArray()
      ).map((d) => d.erp?.requisitionId as string),
    );
    const reachedAHandler = (r: (typeof records)[number]) =>
      (r.ceId !== undefined && inboxIds.has(r.ceId)) || (r.requisitionId !== undefined && erpRequisitionIds.has(r.requisitionId));
    const unaccountedNow = () => {
      const dead = new Set(deadLetters.messages.map((m) => m.headers['fuzz-id']));
      return records.filter((r) => !dead.has(r.fuzzId) && !reachedAHandler(r));
    };
    // The dead-letter recorder reads behind the service; give it time to catch up.
    await waitFor('the dead-letter recorder to catch up', () => unaccountedNow().length === 0, { timeoutMs: 60_000 }).catch(
      () => undefined,
    );
    const unaccounted = unaccountedNow();
    const deadByFuzzId = new Set(deadLetters.messages.map((m) => m.headers['fuzz-id']));
    const crashes = deadLetters.messages.filter((m) => CRASH_SIGNS.test(m.headers['dlt-error'] ?? ''));
    const reasons: Record<string, number> = {};
    for (const dead of deadLetters.messages) reasons[dead.headers['dlt-reason']] = (reasons[dead.headers['dlt-reason']] ?? 0) + 1;

    const handlerFailures = new Map<string, number>();
    for (const dead of deadLetters.messages.filter((m) => m.headers['dlt-reason'] === 'handler-failed')) {
      const kind = (dead.headers['dlt-error'] ?? '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').slice(0, 80);
      handlerFailures.set(kind, (handlerFailures.get(kind) ?? 0) + 1);
    }
    process.stdout.write(
      `\nERP inbound fuzz: ${records.length} records in ${seconds} s, seed ${SEED}; dead-lettered by reason ${JSON.stringify(reasons)}; ` +
        `reached a handler ${records.length - deadByFuzzId.size - unaccounted.length}; unaccounted ${unaccounted.length}; ` +
        `crash-like errors ${crashes.length}\n  handler-failed by error: ${JSON.stringify(Object.fromEntries(handlerFailures))}\n`,
    );
    expect(crashes.slice(0, 5).map((m) => `${m.headers['dlt-reason']}: ${m.headers['dlt-error']}`)).toEqual([]);
    expect(
      unaccounted
        .slice(0, 5)
        .map((r) => ({ key: r.message.key, headers: r.message.headers, value: String(r.message.value).slice(0, 200) })),
    ).toEqual([]);
    expect(deadLetters.messages.every((m) => m.headers['dlt-reason'])).toBe(true);
    // Records that are not CloudEvents at all are told apart from events that break their contract.
    expect(reasons.malformed).toBeGreaterThan(0);
    expect(reasons.invalid).toBeGreaterThan(0);
  });
});

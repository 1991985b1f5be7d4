import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Topics } from '@app/contracts';
import {
  erpHireEvent,
  erpKafkaRecord,
  httpJson,
  testKafkaBrokers,
  testMongoUri,
  waitFor,
  connectedProducer,
  sleep,
  testKafka,
} from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(180_000);

const run = promisify(execFile);

/**
 * Issue 7, item 2: dead letters can be listed, inspected and replayed (one, a filter, all), by
 * the operator API every service carries and by the CLI; a replay keeps the original ce_id, so
 * repeating it has one effect.
 */
describe('Dead-letter inspection and replay (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let producer: Producer;
  let inbound: string;
  let dlt: string;
  let group: string;

  const api = (method: string, path: string, body?: unknown, token: string | undefined = ADMIN_TOKEN) =>
    httpJson(method, `${service.baseUrl}${path}`, { token, body });
  const records = async (query = '') => (await api('GET', `/v1/operator/dead-letters/${dlt}/records${query}`)).body.items as any[];
  const placementOf = async (id: string) => (await api('GET', `/v1/placements/${id}`)).body;
  const hireOf = (placementId: string) => ({
    ...erpHireEvent({ placementId, position: { title: 'Technician' }, hireDate: '2026-09-01' }),
    datacontenttype: 'application/json',
  });
  /** What the previous transport wrote when the database was away: a good hire with a connection error. */
  const deadLetterFromAnOutage = async (hire: object, enterpriseId: string, secret: string) => {
    const original = erpKafkaRecord(hire, enterpriseId, secret);
    await producer.send({
      topic: dlt,
      acks: -1,
      messages: [
        {
          ...original,
          headers: {
            ...original.headers,
            'dlt-original-topic': inbound,
            'dlt-original-partition': '0',
            'dlt-original-offset': '0',
            'dlt-consumer-group': group,
            'dlt-reason': 'handler-failed',
            'dlt-error': 'connect ECONNREFUSED 127.0.0.1:27017',
            'dlt-attempts': '3',
            'dlt-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
  };

  beforeAll(async () => {
    service = await startTalentPipeline();
    inbound = `${service.prefix}${Topics.erpInbound}`;
    dlt = `${inbound}.dlt`;
    group = `${service.prefix}talent-pipeline`;
    producer = await connectedProducer(testKafka('dead-letter-replay-test'));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
  });

  it('lists, inspects and replays dead letters; replaying twice has one effect; the CLI sees the same', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const hire = hireOf(seeded.placement.id);
    await deadLetterFromAnOutage(hire, seeded.enterprise.id, seeded.enterprise.erpSigningSecret);
    // A real dead letter, through the transport: the error level log and the counter.
    const invalid = { ...hireOf(seeded.placement.id), data: { placementId: seeded.placement.id, position: {}, hireDate: 'tomorrow' } };
    await producer.send({
      topic: inbound,
      acks: -1,
      messages: [erpKafkaRecord(invalid, seeded.enterprise.id, seeded.enterprise.erpSigningSecret)],
    });
    await waitFor('the invalid event to be dead-lettered', async () => (await records()).some((r) => r.eventId === invalid.id), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
    });

    const topics = await api('GET', '/v1/operator/dead-letters');
    expect(topics.status).toBe(200);
    expect(topics.body.items).toContainEqual({ topic: dlt, originalTopic: inbound, records: 2 });

    const all = await records();
    const outage = all.find((r) => r.eventId === hire.id);
    expect(outage).toMatchObject({
      topic: dlt,
      originalTopic: inbound,
      key: seeded.enterprise.id,
      reason: 'handler-failed',
      error: 'connect ECONNREFUSED 127.0.0.1:27017',
      eventType: 'erp.hire.v1',
      value: JSON.stringify(hire.data),
    });
    expect(outage.headers).toMatchObject({ ce_id: hire.id, 'dlt-consumer-group': group });
    // The inbound topic names people: its dead letters go 27 days after they were written (ADR 0074), and say so.
    expect(Date.parse(outage.replayBy) - Number(outage.timestamp)).toBe(27 * 86_400_000);
    expect(outage.offset).toMatch(/^\d+$/);
    // Page by page: one match a page, the cursor going on where the last read stopped, until an answer has none.
    const firstPage = (await api('GET', `/v1/operator/dead-letters/${dlt}/records?limit=1`)).body;
    expect(firstPage).toMatchObject({ items: [expect.any(Object)], scanned: expect.any(Number), nextCursor: expect.any(String) });
    const secondPage = await api(
      'GET',
      `/v1/operator/dead-letters/${dlt}/records?limit=1&after=${encodeURIComponent(firstPage.nextCursor)}`,
    );
    expect(secondPage.status).toBe(200);
    expect(secondPage.body.items).toHaveLength(1);
    expect(secondPage.body.nextCursor).toBeUndefined();
    expect([...firstPage.items, ...secondPage.body.items].map((r: any) => r.eventId).sort()).toEqual(all.map((r) => r.eventId).sort());
    expect(await records('?reason=invalid')).toEqual([expect.objectContaining({ eventId: invalid.id, reason: 'invalid' })]);
    expect(await records(`?partition=${outage.partition}&offset=${outage.offset}`)).toHaveLength(1);

    // Replay by filter: only the outage's dead letter, not the invalid one.
    const first = await api('POST', `/v1/operator/dead-letters/${dlt}/replay`, { reason: 'handler-failed' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      replayed: 1,
      items: [{ toTopic: inbound, eventId: hire.id, from: { partition: outage.partition, offset: outage.offset } }],
    });
    await waitFor('the replayed hire to apply', async () => (await placementOf(seeded.placement.id)).status === 'hired', {
      timeoutMs: 30_000,
    });

    // Replay the same record again, by its coordinates: the consumers' dedupe makes it a no-op.
    const second = await api('POST', `/v1/operator/dead-letters/${dlt}/replay`, {
      records: [{ partition: outage.partition, offset: outage.offset }],
    });
    expect(second.body.replayed).toBe(1);
    await waitFor('the ledger to show two replays', async () => (await records(`?reason=handler-failed`))[0]?.replays === 2);
    await sleep(3_000);
    const placement = await placementOf(seeded.placement.id);
    expect(placement.history.filter((h: { status: string }) => h.status === 'hired')).toHaveLength(1);
    const feed = await api('GET', `/v1/schools/${seeded.school.id}/placement-outcomes`, undefined, seeded.school.apiKey);
    expect(
      feed.body.items.filter((i: any) => i.event.type === 'talent.placement.hired.v1' && i.event.data.placementId === seeded.placement.id),
    ).toHaveLength(1);
    expect(await records('?notReplayed=true')).toEqual([expect.objectContaining({ eventId: invalid.id })]);

    const metrics = await api('GET', '/v1/operator/messaging/metrics');
    expect(metrics.body).toMatchObject({ deadLettered: { invalid: 1 }, deadLettersReplayed: 2 });

    // The CLI, straight against Kafka: the same topic, count and records.
    const cli = (...args: string[]) =>
      run(
        'npx',
        [
          'ts-node',
          '-r',
          'tsconfig-paths/register',
          'tools/dlt/dlt.ts',
          ...args,
          '--brokers',
          testKafkaBrokers(),
          '--prefix',
          service.prefix,
        ],
        {
          cwd: `${__dirname}/../../..`,
          env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
        },
      );
    const listed = await cli('topics');
    expect(listed.stdout).toMatch(new RegExp(`\\s+2  ${dlt.replace(/\./g, '\\.')}\\n`));
    // Records carry events whole: the CLI shows one only once the read is in the service's access log.
    const coordinates = `${outage.partition}@${outage.offset}`;
    const unsaid = await cli('show', dlt, coordinates, '--mongo', testMongoUri(service.database)).then(
      () => 'shown',
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    expect(unsaid).toEqual({ code: 64, stdout: '', stderr: expect.stringContaining('--operator required on operator reads') });
    const reader = { id: `cli-reader-${Date.now()}`, reason: 'INC-4712: the outage hires' };
    const read = ['--operator', reader.id, '--access-reason', reader.reason, '--mongo', testMongoUri(service.database)];
    const shown = JSON.parse((await cli('show', dlt, coordinates, ...read)).stdout);
    expect(shown).toMatchObject({ eventId: hire.id, reason: 'handler-failed', key: seeded.enterprise.id });
    const listedByCli = (await cli('list', dlt, '--reason', 'handler-failed', '--limit', '50', ...read)).stdout;
    expect(listedByCli).toContain(`ce_id=${hire.id}`);
    expect(listedByCli).toMatch(/replay-by=\d{4}-\d{2}-\d{2}T/);
    const logged = await api('GET', `/v1/operator/access-log?operatorId=${reader.id}`);
    expect(logged.body.items.map((e: any) => [e.route, e.path, e.reason, e.authenticated]).sort()).toEqual([
      // The filters are logged with the read, as an HTTP read's query string is.
      ['dlt list', `dlt list ${dlt} --reason handler-failed --limit 50`, reader.reason, false],
      ['dlt show', `dlt show ${dlt} ${coordinates}`, reader.reason, false],
    ]);
  });

  it('replays by filter one bounded read per request: the cursor goes on where the last one stopped, each match replayed once', async () => {
    const eventType = `test.replay-paging.${Date.now()}.v1`;
    const ids = [1, 2, 3].map((n) => `replay-paging-${Date.now()}-${n}`);
    await producer.send({
      topic: dlt,
      acks: -1,
      messages: ids.map((id) => ({
        key: id,
        value: JSON.stringify({ id }),
        headers: { ce_id: id, ce_type: eventType, 'dlt-consumer-group': group, 'dlt-reason': 'handler-failed' },
      })),
    });
    const replay = (body: object) => api('POST', `/v1/operator/dead-letters/${dlt}/replay`, body);
    // The replays fail again as dead letters of another reason: `reason` keeps a later request from reaching them.
    const filter = { eventType, reason: 'handler-failed', limit: 1 };

    const first = await replay(filter);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      replayed: 1,
      items: [expect.objectContaining({ eventId: expect.stringMatching(/^replay-paging-/), toTopic: inbound })],
      scanned: expect.any(Number),
      nextCursor: expect.stringMatching(/^\d+:\d+-\d+(,\d+:\d+-\d+)*$/),
    });
    const answers = [first.body];
    for (let after = first.body.nextCursor; after && answers.length < 10; after = answers.at(-1).nextCursor) {
      const next = await replay({ ...filter, after });
      expect(next.status).toBe(200);
      answers.push(next.body);
    }
    // Over the DLT's partitions, in whatever order they were read: each once.
    expect(answers.flatMap((a) => a.items.map((i: any) => i.eventId)).sort()).toEqual([...ids].sort());
    expect(answers.at(-1).nextCursor).toBeUndefined();
    expect(answers.every((a) => a.replayed === a.items.length && a.items.length <= 1 && typeof a.scanned === 'number')).toBe(true);
    const replayed = await records(`?eventType=${eventType}&reason=handler-failed`);
    expect(replayed.map((r) => [r.eventId, r.replays]).sort()).toEqual(ids.map((id) => [id, 1]));

    // Records named are replayed as named: no cursor; a cursor with them, or one this API did not give, is a 400 naming `after`.
    const [named] = await records(`?eventType=${eventType}&reason=handler-failed&limit=1`);
    const byCoordinates = await replay({ records: [{ partition: named.partition, offset: named.offset }] });
    expect(byCoordinates.body).toEqual({ replayed: 1, items: [expect.objectContaining({ eventId: named.eventId })] });
    for (const body of [
      { ...filter, after: 'yesterday' },
      { ...filter, after: '0:1,0:1' },
      { records: [{ partition: named.partition, offset: named.offset }], after: first.body.nextCursor },
    ]) {
      const refused = await replay(body);
      expect(refused.status).toBe(400);
      expect(refused.contentType).toMatch(/^application\/problem\+json/);
      expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'after' }));
    }
  });

  it('lists outbox events the relay parked, without their bodies', async () => {
    const mongo = await MongoClient.connect(testMongoUri(service.database));
    try {
      const eventId = `parked-${Date.now()}`;
      await mongo
        .db()
        .collection('outbox_parked')
        .insertOne({
          _id: `placements|${eventId}` as never,
          collection: 'placements',
          aggregateId: 'p-1',
          eventId,
          eventType: 'talent.placement.hired.v1',
          topic: Topics.placementOutcomes,
          key: 's-1',
          dataBytes: 3_000_000,
          error: 'The request included a message larger than the max message size the server will accept',
          parkedAt: new Date(),
          event: { id: eventId, data: 'x'.repeat(1000) },
        });
      const parked = await api('GET', '/v1/operator/outbox/parked');
      expect(parked.status).toBe(200);
      expect(parked.body.items[0]).toMatchObject({
        id: `placements|${eventId}`,
        eventId,
        dataBytes: 3_000_000,
        error: expect.stringContaining('max message size'),
      });
      expect(parked.body.items[0].event).toBeUndefined();
      expect((await api('GET', '/v1/operator/outbox/parked?limit=0')).status).toBe(400);
      expect((await api('GET', '/v1/operator/outbox/parked', undefined, '')).status).toBe(401);
    } finally {
      await mongo.close();
    }
  });

  it('logs every read of dead letters in the operator access log, and refuses one that does not say who reads and why', async () => {
    const path = `/v1/operator/dead-letters/${dlt}/records`;
    const anonymous = await httpJson('GET', `${service.baseUrl}${path}`, { token: ADMIN_TOKEN, operator: false });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['X-Access-Reason', 'X-Operator-Id']);

    const operator = { id: `dlt-reader-${Date.now()}`, reason: 'INC-4711: why did hires dead-letter?' };
    const read = await httpJson('GET', `${service.baseUrl}${path}?limit=5`, { token: ADMIN_TOKEN, operator });
    expect(read.status).toBe(200);
    const log = await api('GET', `/v1/operator/access-log?operatorId=${operator.id}`);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        operatorId: operator.id,
        reason: operator.reason,
        route: 'GET /v1/operator/dead-letters/:topic/records',
        path,
      }),
    ]);
  });

  it('guards the operator endpoints and validates what they are asked', async () => {
    expect((await api('GET', '/v1/operator/dead-letters', undefined, '')).status).toBe(401);
    expect((await api('GET', '/v1/operator/dead-letters', undefined, 'not-the-operator-token')).status).toBe(403);
    const foreign = await api('GET', `/v1/operator/dead-letters/${service.prefix}some.other.topic.dlt/records`);
    expect(foreign.status).toBe(404);
    const empty = await api('POST', `/v1/operator/dead-letters/${dlt}/replay`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toContainEqual(expect.objectContaining({ field: 'all' }));
    const badOffset = await api('POST', `/v1/operator/dead-letters/${dlt}/replay`, { records: [{ partition: 0, offset: '1; drop' }] });
    expect(badOffset.status).toBe(400);
    expect(badOffset.body.errors).toContainEqual(expect.objectContaining({ field: 'records.0.offset' }));
    // Each unknown key named on its own, as every route names them (ADR 0086); the detail says what was invalid.
    const unknownKey = await api('POST', `/v1/operator/dead-letters/${dlt}/replay`, { all: true, everything: 'please', now: true });
    expect([unknownKey.status, unknownKey.body.detail]).toEqual([400, 'the body is invalid']);
    expect(unknownKey.body.errors).toEqual([
      { field: 'everything', message: 'property everything should not exist' },
      { field: 'now', message: 'property now should not exist' },
    ]);
    const unknownParameter = await api('GET', `/v1/operator/dead-letters/${dlt}/records?limit=5&colour=red&size=xl`);
    expect([unknownParameter.status, unknownParameter.body.detail]).toEqual([400, 'the query is invalid']);
    expect(unknownParameter.body.errors.map((e: { field: string }) => e.field)).toEqual(['colour', 'size']);
    const notAnObject = await api('POST', `/v1/operator/dead-letters/${dlt}/replay`, []);
    expect([notAnObject.status, notAnObject.body.errors]).toEqual([400, [expect.objectContaining({ field: '(body)' })]]);
    expect((await api('GET', `/v1/operator/dead-letters/${dlt}/records?limit=5000`)).status).toBe(400);
    // A cursor the listing did not give is refused, naming the parameter.
    for (const after of ['yesterday', '0:1,0:2', '0:-3']) {
      const badCursor = await api('GET', `/v1/operator/dead-letters/${dlt}/records?after=${encodeURIComponent(after)}`);
      expect(badCursor.status).toBe(400);
      expect(badCursor.contentType).toMatch(/^application\/problem\+json/);
      expect(badCursor.body.errors).toContainEqual(expect.objectContaining({ field: 'after' }));
    }
  });
});

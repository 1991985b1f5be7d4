import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Topics } from '@app/contracts';
import {
  erpHireEvent,
  erpKafkaRecord,
  postErpEvents,
  httpJson,
  testMongoUri,
  waitFor,
  connectedProducer,
  TopicRecorder,
  testKafka,
} from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Seeded = Awaited<ReturnType<typeof seedActiveInternship>>;

describe('ERPs that speak Kafka: canonical CloudEvents on talent.erp-inbound.v1 (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let producer: Producer;
  let deadLetters: TopicRecorder;
  let inboundTopic: string;

  /** What an ERP's own Kafka producer does: binary-mode CloudEvent, key = its enterprise id, signed with its ERP secret. */
  const produce = async (event: object, key: string, secret?: string) => {
    await producer.send({ topic: inboundTopic, messages: [erpKafkaRecord(event, key, secret)] });
  };
  const placementOf = async (id: string) => (await httpJson('GET', `${service.baseUrl}/v1/placements/${id}`, { token: ADMIN_TOKEN })).body;
  const hiredCount = async (id: string) =>
    (await placementOf(id)).history.filter((h: { status: string }) => h.status === 'hired').length as number;
  const hiredOutcomes = async (seeded: Seeded) => {
    const feed = await httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/placement-outcomes`, {
      token: seeded.school.apiKey,
    });
    return feed.body.items.filter(
      (i: any) => i.event.type === 'talent.placement.hired.v1' && i.event.data.placementId === seeded.placement.id,
    ).length as number;
  };
  const hireOf = (placementId: string) => ({
    ...erpHireEvent({ placementId, position: { title: 'Technician' }, hireDate: '2026-09-01' }),
    datacontenttype: 'application/json',
  });
  /**
   * Records with the same key share a partition and are handled in order: once a later marker
   * event (an orphan hire, held for review) is seen, every earlier record of that enterprise was handled.
   */
  const drain = async (seeded: Seeded) => {
    const marker = { ...erpHireEvent({ placementId: randomUUID(), position: { title: 'marker' }, hireDate: '2026-09-01' }) };
    await produce({ ...marker, datacontenttype: 'application/json' }, seeded.enterprise.id, seeded.enterprise.erpSigningSecret);
    await waitFor('the marker to reach the review queue', async () => {
      const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
        token: ADMIN_TOKEN,
      });
      return queue.body.items.some((i: any) => i.event.id === marker.id);
    });
  };

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    inboundTopic = `${service.prefix}${Topics.erpInbound}`;
    const kafka = testKafka('erp-kafka-inbound-test');
    producer = await connectedProducer(kafka);
    deadLetters = new TopicRecorder(kafka, [`${inboundTopic}.dlt`]);
    await deadLetters.start();
  });
  afterAll(async () => {
    await deadLetters?.stop();
    await producer?.disconnect();
    await mongo?.close();
    await service?.close();
  });

  it('applies a hire produced straight to the inbound topic', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    await produce(hireOf(seeded.placement.id), seeded.enterprise.id, seeded.enterprise.erpSigningSecret);
    await waitFor('the hire to apply', async () => (await placementOf(seeded.placement.id)).status === 'hired');
    expect((await placementOf(seeded.placement.id)).hire).toEqual({ positionTitle: 'Technician', hireDate: '2026-09-01' });
  });

  it('shares dedupe with HTTP: posted first, then produced to Kafka, the hire has one effect', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const hire = hireOf(seeded.placement.id);
    const posted = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: seeded.enterprise.id,
      secret: seeded.enterprise.erpSigningSecret,
      body: hire,
    });
    expect(posted.body).toMatchObject({ accepted: 1 });
    await waitFor('the HTTP hire to apply', async () => (await placementOf(seeded.placement.id)).status === 'hired');
    await produce(hire, seeded.enterprise.id, seeded.enterprise.erpSigningSecret);
    await drain(seeded);
    expect(await hiredCount(seeded.placement.id)).toBe(1);
    await waitFor('the hired outcome in the feed', async () => (await hiredOutcomes(seeded)) === 1);
  });

  it('shares dedupe with HTTP: produced to Kafka first, a later HTTP post of it is reported as duplicate', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const hire = hireOf(seeded.placement.id);
    await produce(hire, seeded.enterprise.id, seeded.enterprise.erpSigningSecret);
    await waitFor('the Kafka hire to apply', async () => (await placementOf(seeded.placement.id)).status === 'hired');
    const posted = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: seeded.enterprise.id,
      secret: seeded.enterprise.erpSigningSecret,
      body: hire,
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ accepted: 0, duplicates: 1 });
    // The hire's outcome travels on (relay, outcome topic, fan-out) at its own pace: wait for it,
    // then for anything the duplicate could have set off on the inbound topic, then count again.
    await waitFor('the hired outcome in the feed', async () => (await hiredOutcomes(seeded)) === 1);
    await drain(seeded);
    expect(await hiredCount(seeded.placement.id)).toBe(1);
    expect(await hiredOutcomes(seeded)).toBe(1);
  });

  it('dead-letters an event that fails the erp.hire.v1 contract, with the reason, and changes nothing', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const invalid = { ...hireOf(seeded.placement.id), data: { placementId: seeded.placement.id, position: {}, hireDate: 'tomorrow' } };
    await produce(invalid, seeded.enterprise.id, seeded.enterprise.erpSigningSecret);
    const dead = await waitFor('the invalid event on the dead-letter topic', () => deadLetters.withHeader('ce_id', invalid.id)[0]);
    expect(dead.headers['dlt-reason']).toBe('invalid');
    expect(dead.headers['dlt-original-topic']).toBe(inboundTopic);
    expect(dead.headers['dlt-error']).toContain('hireDate');
    expect(dead.key).toBe(seeded.enterprise.id);
    await drain(seeded);
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
  });

  it('dead-letters an event whose text is not well-formed Unicode (a lone surrogate it could only store altered), naming the field', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const broken = {
      ...hireOf(seeded.placement.id),
      data: { placementId: seeded.placement.id, position: { title: 'Tech\uD800' }, hireDate: '2026-09-01' },
    };
    await produce(broken, seeded.enterprise.id, seeded.enterprise.erpSigningSecret);
    const dead = await waitFor('the event on the dead-letter topic', () => deadLetters.withHeader('ce_id', broken.id)[0]);
    expect(dead.headers['dlt-reason']).toBe('malformed');
    expect(dead.headers['dlt-error']).toContain('not well-formed Unicode (a lone UTF-16 surrogate) at data.position.title');
    await drain(seeded);
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
    expect(await mongo.db().collection('erp_inbox').countDocuments({ 'event.id': broken.id })).toBe(0);
  });

  it('dead-letters a record whose key is not a registered enterprise', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const hire = hireOf(seeded.placement.id);
    await produce(hire, `not-an-enterprise-${randomUUID()}`);
    const dead = await waitFor('the record on the dead-letter topic', () => deadLetters.withHeader('ce_id', hire.id)[0]);
    expect(dead.headers['dlt-error']).toContain('not a registered enterprise');
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
  });

  it('dead-letters a placement outcome forged onto the inbound topic instead of feeding it to the school', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const forged = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'urn:erp:forger',
      type: 'talent.placement.hired.v1',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: {
        placementId: seeded.placement.id,
        schoolId: seeded.school.id,
        enterpriseId: seeded.enterprise.id,
        studentId: seeded.student.id,
        programme: 'mechatronics',
        cohort: '2025',
        kind: 'internship',
        role: 'CNC intern',
        outcome: 'hired',
        occurredAt: new Date().toISOString(),
      },
    };
    await produce(forged, seeded.enterprise.id, seeded.enterprise.erpSigningSecret);
    const dead = await waitFor('the forged outcome on the dead-letter topic', () => deadLetters.withHeader('ce_id', forged.id)[0]);
    expect(dead.headers['dlt-error']).toContain('only accepted on talent.placement-outcome.v1');
    expect(await hiredOutcomes(seeded)).toBe(0);
  });

  it('dead-letters an unsigned record, even one keyed by a registered enterprise, and changes nothing', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const hire = hireOf(seeded.placement.id);
    await produce(hire, seeded.enterprise.id);
    const dead = await waitFor('the unsigned record on the dead-letter topic', () => deadLetters.withHeader('ce_id', hire.id)[0]);
    expect(dead.headers['dlt-error']).toContain('record signature missing');
    await drain(seeded);
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
  });

  it("cannot act for another enterprise nor pre-claim its event id: a record signed with another ERP's secret is refused before anything is recorded", async () => {
    const victim = await seedActiveInternship(service.baseUrl);
    const attacker = await seedActiveInternship(service.baseUrl);
    const hire = hireOf(victim.placement.id);
    // The attacker keys the record with the victim's enterprise but can only sign with its own secret.
    await produce(hire, victim.enterprise.id, attacker.enterprise.erpSigningSecret);
    const dead = await waitFor('the forged record on the dead-letter topic', () => deadLetters.withHeader('ce_id', hire.id)[0]);
    expect(dead.headers['dlt-error']).toContain(`ERP secret of enterprise ${victim.enterprise.id}`);
    expect(await mongo.db().collection('erp_inbox').countDocuments({ 'event.id': hire.id })).toBe(0);
    // The victim's own ERP then sends the same event id: it is not a "duplicate", it applies.
    await produce(hire, victim.enterprise.id, victim.enterprise.erpSigningSecret);
    await waitFor('the real hire to apply', async () => (await placementOf(victim.placement.id)).status === 'hired');
    // The outcome reaches the feed after the placement is hired (relay, topic, fan-out): wait for it,
    // then check that nothing more comes behind it.
    await waitFor('the hired outcome in the feed', async () => (await hiredOutcomes(victim)) >= 1);
    await drain(victim);
    expect(await hiredOutcomes(victim)).toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { CommandStartedEvent, Db, MongoClient } from 'mongodb';
import { Topics } from '@app/contracts';
import { MONGO_DB, OutboxRelay } from '@app/persistence';
import { connectedProducer, erpHireEvent, erpKafkaRecord, httpJson, testKafka, testMongoUri, TopicRecorder, waitFor } from '@app/testing';
import { HELD_HIRES_BACKFILL, HeldHiresBackfill } from '../src/erp-ingest/held-hires-backfill';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(180_000);

/** The collections a hire's handling reads and writes (the relay and the webhook worker are not on this path). */
// change_logs: every placement write is recorded there for the report pools (ADR 0060).
const HIRE_PATH_COLLECTIONS = ['erp_inbox', 'placements', 'erp_review_queue', 'students', 'enterprises', 'change_logs'];

/**
 * Consecutive ERP hires on the inbound topic are applied together: the inbox arrivals, the
 * placement reads, the hire writes and the inbox statuses each in one round trip per batch.
 * Whatever a batch cannot settle (a duplicate in the batch, an unknown placement, a bad
 * signature) takes the one-record path and ends exactly as it would alone.
 */
describe('ERP hires in batches (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let db: Db;
  let producer: Producer;
  let deadLetters: TopicRecorder;
  let inboundTopic: string;
  let school: { id: string };
  let enterprise: { id: string; erpSigningSecret: string };

  /** Active placements written as the placements feature stores them, ready to be hired. */
  const seedPlacements = async (count: number, status = 'active') => {
    const now = new Date();
    const placements = Array.from({ length: count }, () => ({
      _id: randomUUID(),
      schoolId: school.id,
      enterpriseId: enterprise.id,
      studentId: randomUUID(),
      programme: 'mechatronics',
      cohort: '2025',
      kind: 'internship',
      role: 'CNC intern',
      startDate: '2026-03-01',
      status,
      history: [{ status, at: now, cause: 'test' }],
      version: 1,
      outbox: [],
      appliedEvents: [],
      createdAt: now,
    }));
    await db.collection('placements').insertMany(placements as never[]);
    return placements.map((p) => p._id);
  };
  const hireOf = (placementId: string) => ({
    ...erpHireEvent({ placementId, position: { title: 'Technician' }, hireDate: '2026-09-01' }),
    datacontenttype: 'application/json',
  });
  const hiredCount = (ids: string[]) => db.collection('placements').countDocuments({ _id: { $in: ids } as never, status: 'hired' });

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    db = mongo.db();
    inboundTopic = `${service.prefix}${Topics.erpInbound}`;
    const kafka = testKafka('erp-hire-batches-test');
    producer = await connectedProducer(kafka);
    deadLetters = new TopicRecorder(kafka, [`${inboundTopic}.dlt`]);
    await deadLetters.start();
    school = (
      await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name: 'Batch College', country: 'CN' } })
    ).body;
    enterprise = (
      await httpJson('POST', `${service.baseUrl}/v1/enterprises`, { token: ADMIN_TOKEN, body: { name: 'Batch Motors', country: 'CN' } })
    ).body;
  });
  afterAll(async () => {
    await deadLetters?.stop();
    await producer?.disconnect();
    await mongo?.close();
    await service?.close();
  });

  it('applies 80 hires produced together in far fewer round trips than hires, each placement hired once with one outcome queued', async () => {
    const ids = await seedPlacements(80);
    // Count the service's own database commands on the hire path; the relay is paused so its
    // passes over the placements do not mix in (it publishes everything once restarted).
    const relay = service.app.get(OutboxRelay);
    await relay.stopAndFlush();
    const client = service.app.get<Db>(MONGO_DB).client;
    const commands: CommandStartedEvent[] = [];
    const record = (event: CommandStartedEvent) => {
      if (HIRE_PATH_COLLECTIONS.includes(String(event.command[event.commandName]))) commands.push(event);
    };
    client.on('commandStarted', record);
    try {
      await producer.send({
        topic: inboundTopic,
        messages: ids.map((id) => erpKafkaRecord(hireOf(id), enterprise.id, enterprise.erpSigningSecret)),
      });
      await waitFor('all 80 hires to be applied', async () => (await hiredCount(ids)) === 80, { timeoutMs: 60_000 });
      await waitFor(
        'the inbox to mark all 80 applied',
        async () => (await db.collection('erp_inbox').countDocuments({ status: 'applied' })) >= 80,
      );
    } finally {
      client.off('commandStarted', record);
      relay.start();
    }
    const perHire = commands.length / ids.length;
    // One hire alone costs four round trips; a batch costs four for all of its hires.
    expect(perHire).toBeLessThanOrEqual(0.5);
    // Each batch reads its placements once and touches the inbox once, to record the hires:
    // whether a hire was applied or held before is on the placement it names.
    const sent = (collection: string, commandName?: string) =>
      commands.filter((c) => c.command[c.commandName] === collection && (!commandName || c.commandName === commandName)).length;
    expect(sent('erp_inbox', 'find')).toBe(0);
    expect(sent('erp_inbox')).toBe(sent('placements', 'find'));
    const placements = await db
      .collection<{ _id: string; outbox: { event: { type: string } }[]; history: { status: string }[] }>('placements')
      .find({ _id: { $in: ids } })
      .toArray();
    for (const placement of placements) expect(placement.history.filter((h) => h.status === 'hired')).toHaveLength(1);
    // The outcomes queued with the hires reach the school's feed once the relay runs again.
    await waitFor('80 hired outcomes in the school feed', async () => {
      const hired = await db.collection('outcome_feed').countDocuments({ schoolId: school.id, 'event.type': 'talent.placement.hired.v1' });
      return hired === 80;
    });
  });

  it('settles what a batch cannot take on the one-record path, in order: duplicates once, unknown placements held, unsigned records dead-lettered', async () => {
    const [first, second, third] = await seedPlacements(3);
    const firstHire = hireOf(first);
    const orphan = hireOf(randomUUID());
    const unsigned = hireOf(second);
    const records = [
      erpKafkaRecord(firstHire, enterprise.id, enterprise.erpSigningSecret),
      // The same event again in the same batch: one effect.
      erpKafkaRecord(firstHire, enterprise.id, enterprise.erpSigningSecret),
      erpKafkaRecord(orphan, enterprise.id, enterprise.erpSigningSecret),
      erpKafkaRecord(unsigned, enterprise.id),
      erpKafkaRecord(hireOf(third), enterprise.id, enterprise.erpSigningSecret),
      // A second hire of a placement hired earlier in this batch: held for review, not applied twice.
      erpKafkaRecord(hireOf(third), enterprise.id, enterprise.erpSigningSecret),
    ];
    await producer.send({ topic: inboundTopic, messages: records });

    await waitFor('the unsigned record to be dead-lettered', async () => deadLetters.messages.some((m) => m.headers.ce_id === unsigned.id));
    await waitFor('the first and third placements hired', async () => (await hiredCount([first, third])) === 2);
    await waitFor('the orphan and the second hire of the third placement held for review', async () => {
      const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${enterprise.id}`, { token: ADMIN_TOKEN });
      const held = queue.body.items.map((i: { event: { id: string } }) => i.event.id);
      return held.includes(orphan.id) && held.length >= 2;
    });
    expect(await hiredCount([second])).toBe(0);
    const firstPlacement = await db.collection<{ _id: string; history: { status: string }[] }>('placements').findOne({ _id: first });
    expect(firstPlacement!.history.filter((h) => h.status === 'hired')).toHaveLength(1);
    expect(
      await db.collection('erp_inbox').findOne({ _id: `${enterprise.id}|${firstHire.source}|${firstHire.id}` as never }),
    ).toMatchObject({
      status: 'applied',
    });

    // The whole batch redelivered (a consumer that crashed before committing): no second effect.
    await producer.send({ topic: inboundTopic, messages: records.filter((_, i) => i !== 3) });
    const marker = hireOf(randomUUID());
    await producer.send({ topic: inboundTopic, messages: [erpKafkaRecord(marker, enterprise.id, enterprise.erpSigningSecret)] });
    await waitFor('the marker behind the redelivery to be held', async () => {
      const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${enterprise.id}`, { token: ADMIN_TOKEN });
      return queue.body.items.some((i: { event: { id: string } }) => i.event.id === marker.id);
    });
    const again = await db
      .collection<{ _id: string; history: { status: string }[] }>('placements')
      .find({ _id: { $in: [first, third] } })
      .toArray();
    for (const placement of again) expect(placement.history.filter((h) => h.status === 'hired')).toHaveLength(1);
  });

  it('does not apply a redelivered hire that an operator rejected, or linked to another placement, once the placement it named can be hired', async () => {
    const [rejectedTarget, linkedTarget] = await seedPlacements(2, 'proposed');
    const [linkedInstead, fresh] = await seedPlacements(2);
    const rejectedHire = hireOf(rejectedTarget);
    const linkedHire = hireOf(linkedTarget);
    const records = [rejectedHire, linkedHire].map((hire) => erpKafkaRecord(hire, enterprise.id, enterprise.erpSigningSecret));
    await producer.send({ topic: inboundTopic, messages: records });
    const queued = async (eventId: string) => {
      const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${enterprise.id}`, { token: ADMIN_TOKEN });
      return queue.body.items.find((i: { id: string; event: { id: string } }) => i.event.id === eventId) as { id: string } | undefined;
    };
    const rejectedItem = await waitFor('the hire of a proposed placement to be held', () => queued(rejectedHire.id));
    const linkedItem = await waitFor('the other hire of a proposed placement to be held', () => queued(linkedHire.id));
    const review = (path: string, body: unknown) =>
      httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${path}`, { token: ADMIN_TOKEN, body });
    expect((await review(`${rejectedItem.id}/reject`, { reason: 'not our hire' })).status).toBe(200);
    expect((await review(`${linkedItem.id}/resolve`, { placementId: linkedInstead })).status).toBe(200);
    expect(await hiredCount([linkedInstead])).toBe(1);

    // Both named placements move on to where a hire could apply; then the ERP's records come again.
    await db.collection('placements').updateMany({ _id: { $in: [rejectedTarget, linkedTarget] } as never }, { $set: { status: 'active' } });
    const freshHire = hireOf(fresh);
    await producer.send({
      topic: inboundTopic,
      messages: [...records, erpKafkaRecord(freshHire, enterprise.id, enterprise.erpSigningSecret)],
    });
    await waitFor('the fresh hire behind the redelivered ones to be applied', async () => (await hiredCount([fresh])) === 1);
    expect(await hiredCount([rejectedTarget, linkedTarget])).toBe(0);
    expect(await hiredCount([linkedInstead])).toBe(1);
  });

  it('notes hires held before placements recorded them, once, so their redelivery is not applied either', async () => {
    const [named, fresh] = await seedPlacements(2);
    const rejectedHire = hireOf(named);
    const dedupeKey = `${enterprise.id}|${rejectedHire.source}|${rejectedHire.id}`;
    // As an earlier version left it: rejected in the review queue and the inbox, nothing on the placement.
    await db.collection('erp_review_queue').insertOne({
      _id: dedupeKey as never,
      enterpriseId: enterprise.id,
      event: rejectedHire,
      reason: 'placement was proposed and cannot be hired',
      status: 'rejected',
      queuedAt: new Date(),
      rejection: { reason: 'not our hire', at: new Date() },
    });
    await db.collection('erp_inbox').insertOne({
      _id: dedupeKey as never,
      enterpriseId: enterprise.id,
      event: rejectedHire,
      status: 'rejected',
      receivedAt: new Date(),
      outbox: [],
    });
    await db.collection('migrations').deleteOne({ _id: HELD_HIRES_BACKFILL as never });

    const backfill = service.app.get(HeldHiresBackfill);
    expect(await backfill.run()).toBeGreaterThanOrEqual(1);
    expect(await db.collection('placements').findOne({ _id: named as never })).toMatchObject({ heldEvents: [dedupeKey] });
    expect(await backfill.run()).toBe(0); // done once, recorded in `migrations`

    const freshHire = hireOf(fresh);
    await producer.send({
      topic: inboundTopic,
      messages: [rejectedHire, freshHire].map((hire) => erpKafkaRecord(hire, enterprise.id, enterprise.erpSigningSecret)),
    });
    await waitFor('the fresh hire behind the redelivered one to be applied', async () => (await hiredCount([fresh])) === 1);
    expect(await hiredCount([named])).toBe(0);
  });
});

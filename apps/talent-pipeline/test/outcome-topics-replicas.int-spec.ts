import { MongoClient } from 'mongodb';
import { httpJson, testKafka, testMongoUri, TopicRecorder, waitFor } from '@app/testing';
import { ADMIN_TOKEN, hiredOutcomeFor, publishOutcomes, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Service = Awaited<ReturnType<typeof startTalentPipeline>>;

/**
 * Two replicas of one deployment pump schools' outcome topics (ADR 0075): one holds the lease
 * and publishes, whichever replica consumed an outcome; a replica that stops gracefully gives
 * the lease up, so the other publishes at its next poll, not when the lease would have lapsed.
 */
describe('outcome topics across two replicas (real Kafka + Mongo)', () => {
  let first: Service;
  let second: Service | undefined;
  let mongo: MongoClient;
  let recorder: TopicRecorder | undefined;

  beforeAll(async () => {
    first = await startTalentPipeline({ OUTCOME_TOPIC_POLL_MS: '100' });
    mongo = await new MongoClient(testMongoUri(first.database)).connect();
  });
  afterAll(async () => {
    await recorder?.stop();
    await second?.close();
    await first?.close().catch(() => undefined);
    await mongo?.close();
  });

  const wave = async (on: Service, schoolId: string, count: number) => {
    const events = Array.from({ length: count }, () => hiredOutcomeFor(schoolId));
    await publishOutcomes(on, events);
    return events.map((event) => event.id);
  };
  const lease = () => mongo.db().collection<{ _id: string; holder: string; until: Date }>('leases').findOne({ _id: 'outcome-topics.pump' });

  it('publishes every outcome in feed order while two replicas run, and hands over at once when the holder stops', async () => {
    const school = (
      await httpJson('POST', `${first.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name: 'Replica College', country: 'CN' } })
    ).body as { id: string; apiKey: string };
    const opened = (await httpJson('PUT', `${first.baseUrl}/v1/schools/${school.id}/outcome-topic`, { token: school.apiKey, body: {} }))
      .body;
    recorder = new TopicRecorder(testKafka('outcome-topic-replicas'), [opened.topic]);
    await recorder.start();
    const ids = () => recorder!.messages.map((m) => m.headers.ce_id);

    // One replica: it takes the lease with its first publication.
    const before = await wave(first, school.id, 5);
    await waitFor('the first wave on the topic', () => ids().length >= 5, { timeoutMs: 30_000 });
    const firstHolder = (await lease())!.holder;

    // Two replicas of the same deployment: the outcomes are consumed by either, published by the holder.
    second = await startTalentPipeline({
      OUTCOME_TOPIC_POLL_MS: '100',
      MONGO_URI: testMongoUri(first.database),
      KAFKA_TOPIC_PREFIX: first.prefix,
      KAFKA_GROUP_ID: `${first.prefix}talent-pipeline`,
    });
    const during = await wave(first, school.id, 20);
    await waitFor('the second wave on the topic', () => during.every((id) => ids().includes(id)), { timeoutMs: 30_000 });
    expect((await lease())!.holder).toBe(firstHolder);

    // The holder stops gracefully: the lease is given up, and the other replica publishes long before it would have lapsed.
    const lapse = (await lease())!.until.getTime();
    await first.close();
    expect((await lease())!.until.getTime()).toBeLessThan(Date.now());
    const after = await wave(second, school.id, 5);
    await waitFor('the third wave on the topic', () => after.every((id) => ids().includes(id)), { timeoutMs: 30_000 });
    expect(Date.now()).toBeLessThan(lapse);
    expect((await lease())!.holder).not.toBe(firstHolder);

    // Every outcome once at least; in the school's feed order at each one's first appearance, with nothing else.
    const feed = (
      await httpJson('GET', `${second!.baseUrl}/v1/schools/${school.id}/placement-outcomes?limit=500`, { token: school.apiKey })
    ).body.items.map((item: { event: { id: string } }) => item.event.id);
    expect(new Set(feed)).toEqual(new Set([...before, ...during, ...after]));
    expect([...new Set(ids())]).toEqual(feed);
  });
});

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { ConsentChanged, ErasureRequested, Topics } from '@app/contracts';
import { KafkaEventTransport } from '@app/messaging';
import { OutboxRelay } from '@app/persistence';
import { testMongoUri, TopicRecorder, waitFor } from '@app/testing';
import { erasureRequestData, RdService, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

const TALENT = 'urn:school-enterprise:talent-pipeline';

describe('an erasure confirmation survives the process that wrote it (real Kafka + Mongo)', () => {
  let first: RdService;
  let second: RdService | undefined;
  let mongo: MongoClient;
  let recorder: TopicRecorder;

  afterAll(async () => {
    await recorder?.stop();
    await second?.close();
    await mongo?.close();
  });

  it('is stored with the erasure in one write and published by the next process when the first dies before relaying it', async () => {
    first = await startRdCollaboration();
    mongo = await new MongoClient(testMongoUri(first.database)).connect();
    recorder = new TopicRecorder(first.kafka, [`${first.prefix}${Topics.privacyErasure}`]);
    await recorder.start();
    // The first process will never relay again: what it writes from now on stays in Mongo.
    await first.app.get(OutboxRelay).stopAndFlush();

    const studentId = `student-${randomUUID()}`;
    const requestId = `erasure-${randomUUID()}`;
    await first.produce(
      ConsentChanged,
      {
        consentId: randomUUID(),
        studentId,
        schoolId: 'school-1',
        enterpriseId: 'enterprise-1',
        purpose: 'rd-project',
        grantedAt: '2026-01-01T08:00:00Z',
        changedAt: '2026-01-01T08:00:00Z',
      },
      studentId,
      TALENT,
    );
    await first.produce(ErasureRequested, erasureRequestData(requestId, studentId), studentId, TALENT);
    const erasures = mongo.db().collection<{ _id: string; status: string; outbox: { event: { type: string } }[] }>('erasures');
    const stored = await waitFor('the erasure confirmed in Mongo', async () => {
      const doc = await erasures.findOne({ _id: requestId });
      return doc?.status === 'confirmed' && doc;
    });
    expect(stored.outbox.map((o) => o.event.type)).toEqual(['privacy.erasure.confirmed.v1']);
    expect(await mongo.db().collection('consent_copies').countDocuments({ studentId })).toBe(0);

    // "Crash": consumer and HTTP gone, the outbox left as it is (no flush).
    await first.app.get(KafkaEventTransport).close();
    await first.app.close();
    await first.producer.disconnect();
    expect(recorder.messages.filter((m) => m.headers.ce_type === 'privacy.erasure.confirmed.v1')).toEqual([]);

    second = await startRdCollaboration({
      MONGO_URI: testMongoUri(first.database),
      KAFKA_TOPIC_PREFIX: first.prefix,
      KAFKA_GROUP_ID: `${first.prefix}rd-collaboration`,
    });
    const published = await waitFor('the confirmation relayed by the next process', () =>
      recorder.messages.find((m) => m.headers.ce_type === 'privacy.erasure.confirmed.v1'),
    );
    expect(JSON.parse(published.value!)).toMatchObject({ requestId, personId: studentId, service: 'rd-collaboration' });
    expect(published.key).toBe(studentId);
    await waitFor('the outbox emptied', async () => (await erasures.findOne({ _id: requestId }))!.outbox.length === 0);
  });
});

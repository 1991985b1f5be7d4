import { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Topics, deadLetterTopicOf } from '@app/contracts';
import { DeadLetterStore, EventPublisher, REPLAY_HEADERS, TopicNamer, provisionTopics } from '@app/messaging';
import { connectedProducer, testKafka, uniqueName, waitFor } from '@app/testing';

jest.setTimeout(60_000);

/** Every record of `topic` as kafkajs delivers it, bytes untouched. */
async function rawRecordsOf(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('raw'), allowAutoTopicCreation: false });
  const received: KafkaMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });
    await waitFor(`${count} record(s) on ${topic}`, () => received.length >= count, { timeoutMs: 30_000 });
    return received;
  } finally {
    await consumer.disconnect();
  }
}

describe('DeadLetterStore replay (real Kafka)', () => {
  const prefix = `${uniqueName('dltstore')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const dlt = deadLetterTopicOf(topic);
  let kafka: Kafka;
  let publisher: EventPublisher;
  let producer: Producer;

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 1);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    producer = await connectedProducer(kafka);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await publisher?.disconnect();
  });

  // ADR 0020: a replay re-produces the original record. A consumer checks signatures over the
  // value's bytes, and a partner's producer may send bytes that are not UTF-8 or repeat a header.
  it('re-produces the dead letter byte for byte: key, value and every header value, repeated ones included, without dlt-*', async () => {
    const key = Buffer.from([0x65, 0x2d, 0xc3, 0x28]); // "e-" and an invalid UTF-8 sequence
    const value = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"a":"<ff fe>"}
    const eventId = randomUUID();
    await producer.send({
      topic: dlt,
      acks: -1,
      messages: [
        {
          key,
          value,
          headers: {
            ce_id: eventId,
            ce_type: 'talent.school.registered.v1',
            'x-partner-tag': [Buffer.from('first'), Buffer.from('second')],
            'x-binary': Buffer.from([0x00, 0x9f, 0x92, 0x96]),
            'dlt-reason': 'handler-failed',
            'dlt-error': 'connect ECONNREFUSED 127.0.0.1:27017',
          },
        },
      ],
    });

    const store = new DeadLetterStore(kafka, publisher);
    const [replay] = await store.replay(dlt, {});
    expect(replay).toMatchObject({ toTopic: topic, eventId });

    const [replayed] = await rawRecordsOf(kafka, topic, 1);
    expect(replayed.key).toEqual(key);
    expect(replayed.value).toEqual(value);
    expect(replayed.headers?.ce_id?.toString()).toBe(eventId);
    expect(replayed.headers?.['x-partner-tag']).toEqual([Buffer.from('first'), Buffer.from('second')]);
    expect(replayed.headers?.['x-binary']).toEqual(Buffer.from([0x00, 0x9f, 0x92, 0x96]));
    expect(replayed.headers).not.toHaveProperty('dlt-reason');
    expect(replayed.headers).not.toHaveProperty('dlt-error');
    expect(replayed.headers?.[REPLAY_HEADERS.from]?.toString()).toBe(`${dlt}/0@0`);
    expect(replayed.headers?.[REPLAY_HEADERS.id]?.toString()).toBe(replay.replayId);
  });
});

import { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Topics, deadLetterTopicOf } from '@app/contracts';
import {
  DeadLetterStore,
  EventPublisher,
  InvalidDeadLetterCursorError,
  REPLAY_HEADERS,
  TopicNamer,
  ledgerKeyOf,
  provisionTopics,
} from '@app/messaging';
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

/**
 * The listing used to read at most `maxRecordsPerRead` records (10,000) and only then apply its
 * filters: a match behind them was silently missed, by the listing and by a replay by filter.
 */
describe('DeadLetterStore on a dead-letter topic larger than one read (real Kafka)', () => {
  const prefix = `${uniqueName('dltlarge')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const dlt = deadLetterTopicOf(topic);
  const wanted = 'talent.school.deregistered.v1';
  let kafka: Kafka;
  let publisher: EventPublisher;
  let producer: Producer;

  const deadLetter = (type: string, partition = 0) => ({
    partition,
    key: `k-${randomUUID()}`,
    value: JSON.stringify({ n: randomUUID() }),
    headers: { ce_id: randomUUID(), ce_type: type, 'dlt-reason': 'handler-failed', 'dlt-failed-at': new Date().toISOString() },
  });

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 1);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    producer = await connectedProducer(kafka);
    // Eight dead letters; the only one of the wanted type is the seventh (offset 6).
    const types = ['a', 'b', 'c', 'd', 'e', 'f', wanted, 'h'].map((t) => (t.length === 1 ? `talent.school.${t}.v1` : t));
    await producer.send({ topic: dlt, acks: -1, messages: types.map((t) => deadLetter(t)) });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await publisher?.disconnect();
  });

  it('lists and replays a match that lies behind the first maxRecordsPerRead records', async () => {
    const store = new DeadLetterStore(kafka, publisher, undefined, 5);
    const listed = await store.list(dlt, { eventType: wanted });
    expect(listed.map((r) => [r.partition, r.offset, r.eventType])).toEqual([[0, '6', wanted]]);
    const replayed = await store.replay(dlt, { eventType: wanted });
    expect(replayed.map((r) => r.from)).toEqual([{ topic: dlt, partition: 0, offset: '6' }]);
  });
});

/** A listing pages through a topic of any size: each page one bounded read, its cursor where the next one starts. */
describe('DeadLetterStore.listPage: cursor paging over partitions (real Kafka)', () => {
  const prefix = `${uniqueName('dltpages')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const dlt = deadLetterTopicOf(topic);
  const wanted = 'talent.school.deregistered.v1';
  const other = 'talent.school.registered.v1';
  const PARTITIONS = 3;
  const PER_PARTITION = 10;
  // Of each partition's ten, offsets 2, 5 and 8 are of the wanted type: nine matches, spread over pages.
  const isWanted = (offset: number) => offset % 3 === 2;
  let kafka: Kafka;
  let publisher: EventPublisher;
  let producer: Producer;

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], PARTITIONS);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    producer = await connectedProducer(kafka);
    await seedDeadLetters(producer, dlt, {
      partitions: PARTITIONS,
      perPartition: PER_PARTITION,
      typeAt: (offset) => (isWanted(offset) ? wanted : other),
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await publisher?.disconnect();
  });

  const expected = Array.from({ length: PARTITIONS }, (_, partition) =>
    Array.from({ length: PER_PARTITION }, (_, offset) => offset)
      .filter(isWanted)
      .map((offset) => `${partition}@${offset}`),
  ).flat();

  it('gives every match exactly once, at most `limit` per page and `maxRecordsPerRead` records read per page', async () => {
    const store = new DeadLetterStore(kafka, publisher, undefined, 5);
    const seen: string[] = [];
    const pages: { items: number; scanned: number; next?: string }[] = [];
    let after: string | undefined;
    do {
      const page = await store.listPage(dlt, { eventType: wanted }, { limit: 2, after });
      pages.push({ items: page.items.length, scanned: page.scanned, next: page.nextCursor });
      // Oldest first per partition within a page.
      const coordinates = page.items.map((r) => [r.partition, Number(r.offset)]);
      expect(coordinates).toEqual([...coordinates].sort(([pa, oa], [pb, ob]) => pa - pb || oa - ob));
      seen.push(...page.items.map((r) => `${r.partition}@${r.offset}`));
      after = page.nextCursor;
    } while (after && pages.length < 50);

    expect([...seen].sort()).toEqual([...expected].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages.every((p) => p.items <= 2 && p.scanned <= 5)).toBe(true);
    // The first page stopped long before the end, and said so; only the last one says nothing more.
    expect(pages[0].next).toMatch(/^\d+:\d+-\d+(,\d+:\d+-\d+)*$/);
    expect(pages.at(-1)!.next).toBeUndefined();
    expect(pages.slice(0, -1).every((p) => p.next)).toBe(true);
    expect(pages.reduce((sum, p) => sum + p.scanned, 0)).toBe(PARTITIONS * PER_PARTITION);
  });

  it('answers an empty last page from a cursor at the end, and refuses a cursor it did not write', async () => {
    const store = new DeadLetterStore(kafka, publisher);
    const end = Array.from({ length: PARTITIONS }, (_, p) => `${p}:${PER_PARTITION}`).join(',');
    expect(await store.listPage(dlt, {}, { after: end })).toEqual({ items: [], scanned: 0 });
    // From the middle of partition 1 and the end of the others: partition 1's last four.
    const middle = await store.listPage(dlt, {}, { after: `0:${PER_PARTITION},1:6,2:${PER_PARTITION}` });
    expect(middle.items.map((r) => `${r.partition}@${r.offset}`)).toEqual(['1@6', '1@7', '1@8', '1@9']);
    expect(middle.nextCursor).toBeUndefined();
    for (const bad of ['', 'x', '0:1,0:2', '0:-1', '0:1;1:2', '1:99999999999999999999', '0:5-3', '0:1-', '0:1-99999999999999999999'])
      await expect(store.listPage(dlt, {}, { after: bad })).rejects.toBeInstanceOf(InvalidDeadLetterCursorError);
  });

  it('reads only as far as the records it is asked for', async () => {
    const store = new DeadLetterStore(kafka, publisher, undefined, 5);
    const page = await store.listPage(dlt, { records: [{ partition: 1, offset: '8' }] }, { limit: 1 });
    expect(page.items.map((r) => `${r.partition}@${r.offset}`)).toEqual(['1@8']);
    expect(page).toMatchObject({ scanned: 1 });
    expect(page.nextCursor).toBeUndefined();
    expect((await store.list(dlt, { records: [{ partition: 2, offset: '9' }] }, 1)).map((r) => r.offset)).toEqual(['9']);
  });

  it('listAcrossReads (the CLI without --after) reads on to `limit` matches and answers where to go on from there', async () => {
    const store = new DeadLetterStore(kafka, publisher, undefined, 5);
    const first = await store.listAcrossReads(dlt, { eventType: wanted }, 4);
    // Four matches take more than one read of five records; the rest lie behind the cursor.
    expect(first.items).toHaveLength(4);
    expect(first.scanned).toBeGreaterThan(5);
    expect(first.nextCursor).toMatch(/^\d+:\d+-\d+(,\d+:\d+-\d+)*$/);
    const seen = first.items.map((r) => `${r.partition}@${r.offset}`);
    let after = first.nextCursor;
    for (let pages = 0; after && pages < 50; pages++) {
      const page = await store.listPage(dlt, { eventType: wanted }, { limit: 4, after });
      seen.push(...page.items.map((r) => `${r.partition}@${r.offset}`));
      after = page.nextCursor;
    }
    expect([...seen].sort()).toEqual([...expected].sort());
    // Read to the end: no cursor.
    const all = await store.listAcrossReads(dlt, { eventType: wanted }, 100);
    expect(all.items).toHaveLength(expected.length);
    expect(all.scanned).toBe(PARTITIONS * PER_PARTITION);
    expect(all.nextCursor).toBeUndefined();
  });

  it('finds the never-replayed matches behind a long run of replayed ones', async () => {
    // Every match of partition 0 and 1 replayed already: the ones not replayed are all behind them.
    const replayed = new Set(expected.filter((c) => !c.startsWith('2@')).map((c) => `${dlt}/${c}`));
    const ledger = {
      record: async () => undefined,
      lookup: async (_topic: string, coordinates: { partition: number; offset: string }[]) =>
        new Map(
          coordinates
            .map((c) => ledgerKeyOf(dlt, c.partition, c.offset))
            .filter((key) => replayed.has(key))
            .map((key) => [key, { replays: 1, lastReplayedAt: '2026-12-01T00:00:00.000Z' }]),
        ),
    };
    const store = new DeadLetterStore(kafka, publisher, ledger, 5);
    const listed = await store.list(dlt, { eventType: wanted, notReplayed: true }, 2);
    expect(listed.map((r) => `${r.partition}@${r.offset}`)).toEqual(['2@2', '2@5']);
  });
});

/** A transactional producer ends a partition with a commit marker no consumer is given: the read must still end. */
describe('DeadLetterStore on a topic that ends in a transaction marker (real Kafka)', () => {
  const prefix = `${uniqueName('dlttxn')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const dlt = deadLetterTopicOf(topic);
  let kafka: Kafka;
  let publisher: EventPublisher;

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 1);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    const producer = kafka.producer({ transactionalId: uniqueName('dlt-txn'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const transaction = await producer.transaction();
      await transaction.send({
        topic: dlt,
        messages: [1, 2, 3].map((n) => ({
          key: `k${n}`,
          value: `v${n}`,
          headers: { ce_id: randomUUID(), ce_type: 'talent.school.registered.v1' },
        })),
      });
      await transaction.commit();
    } finally {
      await producer.disconnect();
    }
    // The broker writes the commit marker after answering the commit; until it has, a read-committed
    // reader (the store's offsets request too) sees an empty topic. Wait for the three records and the marker.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor('the transaction readable', async () => (await admin.fetchTopicOffsets(dlt))[0].high === '4');
    } finally {
      await admin.disconnect();
    }
  });

  afterAll(async () => {
    await publisher?.disconnect();
  });

  it('lists the records and ends without waiting out its time limit', async () => {
    const started = Date.now();
    const page = await new DeadLetterStore(kafka, publisher).listPage(dlt);
    expect(page.items.map((r) => r.offset)).toEqual(['0', '1', '2']);
    expect(page.nextCursor).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/**
 * A replay by filter read on, read after read, to the end of the topic in one call: on a large
 * topic with rare matches one request ran for minutes. Now a call is one bounded read, as a
 * listing page, and answers the cursor its next call goes on from.
 */
describe('DeadLetterStore.replayPage: a replay by filter one bounded read at a time (real Kafka)', () => {
  const prefix = `${uniqueName('dltreplaypages')}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const dlt = deadLetterTopicOf(topic);
  const wanted = 'talent.school.deregistered.v1';
  const other = 'talent.school.registered.v1';
  const PARTITIONS = 2;
  const PER_PARTITION = 12;
  // Of each partition's twelve, offsets 1, 4, 7 and 10 are of the wanted type: eight matches, past the first read of five.
  const isWanted = (offset: number) => offset % 3 === 1;
  const expected = Array.from({ length: PARTITIONS }, (_, partition) =>
    Array.from({ length: PER_PARTITION }, (_, offset) => offset)
      .filter(isWanted)
      .map((offset) => `${partition}@${offset}`),
  ).flat();
  let kafka: Kafka;
  let publisher: EventPublisher;
  let producer: Producer;

  /** Records on the original topic now (the replays), over all partitions. */
  const replayedOnTopic = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  };

  /** A ledger in memory, as the service's: what was replayed, for `notReplayed`. */
  const memoryLedger = () => {
    const replays = new Map<string, number>();
    return {
      replays,
      record: async (records: { from: { topic: string; partition: number; offset: string } }[]) => {
        for (const { from } of records) {
          const key = ledgerKeyOf(from.topic, from.partition, from.offset);
          replays.set(key, (replays.get(key) ?? 0) + 1);
        }
      },
      lookup: async (lookupTopic: string, coordinates: { partition: number; offset: string }[]) =>
        new Map(
          coordinates
            .map((c) => ledgerKeyOf(lookupTopic, c.partition, c.offset))
            .filter((key) => replays.has(key))
            .map((key) => [key, { replays: replays.get(key)!, lastReplayedAt: '2026-12-07T00:00:00.000Z' }]),
        ),
    };
  };

  beforeAll(async () => {
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], PARTITIONS);
    publisher = new EventPublisher(kafka, new TopicNamer(prefix));
    producer = await connectedProducer(kafka);
    await seedDeadLetters(producer, dlt, {
      partitions: PARTITIONS,
      perPartition: PER_PARTITION,
      typeAt: (offset) => (isWanted(offset) ? wanted : other),
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await publisher?.disconnect();
  });

  it("replays the first read's matches and answers a cursor; the calls that follow replay the rest, each match once", async () => {
    const ledger = memoryLedger();
    const store = new DeadLetterStore(kafka, publisher, ledger, 5);
    const before = await replayedOnTopic();

    const first = await store.replayPage(dlt, { eventType: wanted });
    // One read of five records (offsets 0-4 of the partition fetched first): its two matches, and where the next read starts.
    expect(first.scanned).toBe(5);
    const read = first.items[0]?.from.partition;
    expect(first.items.map((r) => `${r.from.partition}@${r.from.offset}`)).toEqual([`${read}@1`, `${read}@4`]);
    expect(first.nextCursor).toBe(
      Array.from({ length: PARTITIONS }, (_, partition) => `${partition}:${partition === read ? 5 : 0}-${PER_PARTITION}`).join(','),
    );

    const calls = [first];
    let after = first.nextCursor;
    while (after && calls.length < 50) {
      const page = await store.replayPage(dlt, { eventType: wanted }, { after });
      calls.push(page);
      after = page.nextCursor;
    }

    const replayed = calls.flatMap((c) => c.items.map((r) => `${r.from.partition}@${r.from.offset}`));
    expect([...replayed].sort()).toEqual([...expected].sort());
    expect(new Set(replayed).size).toBe(replayed.length);
    expect(calls.every((c) => c.scanned <= 5)).toBe(true);
    expect(calls.reduce((sum, c) => sum + c.scanned, 0)).toBe(PARTITIONS * PER_PARTITION);
    expect(calls.at(-1)!.nextCursor).toBeUndefined();
    expect(calls.slice(0, -1).every((c) => c.nextCursor)).toBe(true);
    // Every match went to the original topic exactly once, and the ledger says so.
    expect((await replayedOnTopic()) - before).toBe(expected.length);
    expect([...ledger.replays.values()]).toEqual(expected.map(() => 1));
  });

  it('stops at `limit` matches and goes on after the last one replayed, also with notReplayed; refuses a cursor it did not write', async () => {
    const ledger = memoryLedger();
    const store = new DeadLetterStore(kafka, publisher, ledger, 5);
    const before = await replayedOnTopic();
    const replayed: string[] = [];
    let after: string | undefined;
    let calls = 0;
    do {
      const page = await store.replayPage(dlt, { eventType: wanted, notReplayed: true }, { limit: 1, after });
      expect(page.items.length).toBeLessThanOrEqual(1);
      replayed.push(...page.items.map((r) => `${r.from.partition}@${r.from.offset}`));
      after = page.nextCursor;
      calls++;
    } while (after && calls < 50);
    expect([...replayed].sort()).toEqual([...expected].sort());
    // Oldest first within each partition, across calls.
    for (let partition = 0; partition < PARTITIONS; partition++)
      expect(replayed.filter((c) => c.startsWith(`${partition}@`))).toEqual(expected.filter((c) => c.startsWith(`${partition}@`)));
    expect((await replayedOnTopic()) - before).toBe(expected.length);

    for (const bad of ['', 'yesterday', '0:1,0:2', '0:-1'])
      await expect(store.replayPage(dlt, { eventType: wanted }, { after: bad })).rejects.toBeInstanceOf(InvalidDeadLetterCursorError);
    expect((await replayedOnTopic()) - before).toBe(expected.length);
  });
});

describe('DeadLetterStore: a listing or replay that goes on by cursor stops at the end the topic had when it began (real Kafka)', () => {
  const type = 'talent.school.deregistered.v1';
  const { dlt, kafka, publisher, producer } = seededDeadLetterTopic('dltends', { partitions: 1, perPartition: 6, typeAt: () => type });

  /** `count` more dead letters of the same type on partition 0, as a replayed record that failed again would be. */
  const failAgain = (count: number) =>
    producer().send({
      topic: dlt,
      acks: -1,
      messages: Array.from({ length: count }, () => ({
        partition: 0,
        key: 'again',
        value: '{}',
        headers: { ce_id: randomUUID(), ce_type: type, 'dlt-reason': 'handler-failed' },
      })),
    });

  // Before, a later step read to the topic's end as it was then: a replayed record that failed again
  // while the replay went on was replayed once more by the same replay, and again, as long as it failed.
  it('a replay by filter does not reach the dead letters written while it goes on, and a new replay does', async () => {
    const store = new DeadLetterStore(kafka(), publisher(), undefined, 2);
    const first = await store.replayPage(dlt, { eventType: type });
    expect(first.items.map((r) => r.from.offset)).toEqual(['0', '1']);
    expect(first.nextCursor).toBe('0:2-6');
    await failAgain(2);

    const replayed = first.items.map((r) => r.from.offset);
    let after = first.nextCursor;
    for (let calls = 0; after && calls < 10; calls++) {
      const page = await store.replayPage(dlt, { eventType: type }, { after });
      replayed.push(...page.items.map((r) => r.from.offset));
      after = page.nextCursor;
    }
    expect(replayed).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(after).toBeUndefined();

    // A listing from where the replay began sees them; so does a replay that starts after it.
    const fresh = await store.listAcrossReads(dlt, { eventType: type }, 100);
    expect(fresh.items.map((r) => r.offset)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });

  it('a listing paged by cursor keeps its end too; a cursor without an end (as written before) reads to the end as it is', async () => {
    const store = new DeadLetterStore(kafka(), publisher(), undefined, 3);
    const first = await store.listPage(dlt, { eventType: type });
    const end = Number(/-(\d+)$/.exec(first.nextCursor!)![1]);
    await failAgain(1);
    const seen = first.items.map((r) => Number(r.offset));
    let after = first.nextCursor;
    for (let pages = 0; after && pages < 10; pages++) {
      const page = await store.listPage(dlt, { eventType: type }, { limit: 100, after });
      seen.push(...page.items.map((r) => Number(r.offset)));
      after = page.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: end }, (_, offset) => offset));

    const withoutEnd = await store.listPage(dlt, { eventType: type }, { limit: 100, after: `0:${end - 1}` });
    expect(withoutEnd.items.map((r) => Number(r.offset))).toEqual([end - 1, end]);
  });
});

describe('DeadLetterStore cursors over partitions that changed since the first page (real Kafka)', () => {
  const type = 'talent.school.deregistered.v1';
  const { dlt, kafka, publisher } = seededDeadLetterTopic('dltchanged', { partitions: 2, perPartition: 6, typeAt: () => type });

  // Before, a partition whose start retention had moved past the cursor's end came back as
  // `0:5-3`, a cursor the next page refused.
  it("a partition whose records up to past the cursor's end were deleted gives a cursor the next page takes", async () => {
    const admin = kafka().admin();
    await admin.connect();
    try {
      await admin.fetchTopicMetadata({ topics: [dlt] }); // deleteTopicRecords finds the partition's leader in loaded metadata
      await admin.deleteTopicRecords({ topic: dlt, partitions: [{ partition: 0, offset: '5' }] });
    } finally {
      await admin.disconnect();
    }
    const store = new DeadLetterStore(kafka(), publisher(), undefined, 2);
    // Partition 0 read to an end of 3 by an earlier page; partition 1 from its start.
    const page = await store.listPage(dlt, { eventType: type }, { limit: 100, after: '0:3-3,1:0-6' });
    expect(page.items.map((r) => `${r.partition}@${r.offset}`)).toEqual(['1@0', '1@1']);
    expect(page.nextCursor).toBe('0:5-5,1:2-6');
    const next = await store.listPage(dlt, { eventType: type }, { limit: 100, after: page.nextCursor });
    expect(next.items.map((r) => `${r.partition}@${r.offset}`)).toEqual(['1@2', '1@3']);
  });

  it('a partition a cursor with ends does not name (added since its first page) is not read; one without ends reads it', async () => {
    const store = new DeadLetterStore(kafka(), publisher(), undefined, 100);
    const withEnds = await store.listPage(dlt, { eventType: type }, { limit: 100, after: '1:4-6' });
    expect(withEnds.items.map((r) => `${r.partition}@${r.offset}`)).toEqual(['1@4', '1@5']);
    const withoutEnds = await store.listPage(dlt, { eventType: type }, { limit: 100, after: '1:4' });
    expect(withoutEnds.items.map((r) => `${r.partition}@${r.offset}`)).toEqual(['0@5', '1@4', '1@5']);
  });
});

/**
 * A partners topic and its dead-letter topic under a fresh prefix, the DLT seeded as `seedDeadLetters`
 * does, for one describe block: its connections (read them in tests, not before) closed after it.
 */
function seededDeadLetterTopic(name: string, shape: { partitions: number; perPartition: number; typeAt: (offset: number) => string }) {
  const prefix = `${uniqueName(name)}.`;
  const topic = new TopicNamer(prefix).physical(Topics.partners);
  const connections = {} as { kafka: Kafka; publisher: EventPublisher; producer: Producer };
  beforeAll(async () => {
    connections.kafka = testKafka(prefix);
    await provisionTopics(connections.kafka, [topic], shape.partitions);
    connections.publisher = new EventPublisher(connections.kafka, new TopicNamer(prefix));
    connections.producer = await connectedProducer(connections.kafka);
    await seedDeadLetters(connections.producer, deadLetterTopicOf(topic), shape);
  });
  afterAll(async () => {
    await connections.producer?.disconnect();
    await connections.publisher?.disconnect();
  });
  return {
    dlt: deadLetterTopicOf(topic),
    kafka: () => connections.kafka,
    publisher: () => connections.publisher,
    producer: () => connections.producer,
  };
}

/** `perPartition` dead letters in each of `partitions` partitions of `dlt`, their event type chosen by offset. */
async function seedDeadLetters(
  producer: Producer,
  dlt: string,
  shape: { partitions: number; perPartition: number; typeAt: (offset: number) => string },
): Promise<void> {
  for (let partition = 0; partition < shape.partitions; partition++)
    await producer.send({
      topic: dlt,
      acks: -1,
      messages: Array.from({ length: shape.perPartition }, (_, offset) => ({
        partition,
        key: `k-${partition}-${offset}`,
        value: JSON.stringify({ partition, offset }),
        headers: { ce_id: randomUUID(), ce_type: shape.typeAt(offset), 'dlt-reason': 'handler-failed' },
      })),
    });
}

import { Kafka } from 'kafkajs';
import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { SchoolRegistered, Topics } from '@app/contracts';
import { EventPublisher, MessagingMetrics, newCloudEvent, OutgoingEvent, TopicNamer, provisionTopics } from '@app/messaging';
import { AggregateDocument, AggregateStore, OutboxRelay, OutboxRelayOptions, OutboxSignal } from '@app/persistence';
import { testMongoUri, uniqueName, waitFor, RecordedMessage, TopicRecorder, sleep, testKafka } from '@app/testing';

jest.setTimeout(60_000);

interface School extends AggregateDocument {
  name: string;
  outboxLeaseUntil?: Date;
}

function registered(schoolId: string, name: string): OutgoingEvent {
  const event = newCloudEvent(SchoolRegistered, {
    source: 'urn:test:outbox',
    subject: schoolId,
    correlationid: `corr-${name}`,
    data: {
      schoolId,
      name,
      country: 'CN',
      registeredAt: new Date().toISOString(),
    },
  });
  return { id: event.id, topic: Topics.partners, key: schoolId, event };
}

describe('OutboxRelay (real Mongo-compatible server + real Kafka)', () => {
  const prefix = `${uniqueName('outbox')}.`;
  const namer = new TopicNamer(prefix);
  const topic = namer.physical(Topics.partners);
  const database = uniqueName('outbox').replace(/-/g, '_');
  let client: MongoClient;
  let db: Db;
  let kafka: Kafka;
  let publisher: EventPublisher;
  let recorder: TopicRecorder;
  const relays: OutboxRelay[] = [];

  /** Each test gets its own collection so relays of different tests never see each other's documents. */
  const setup = (signal = new OutboxSignal()) => {
    const collection = uniqueName('schools');
    return {
      collection,
      signal,
      store: new AggregateStore<School>(db, collection, signal),
    };
  };
  const newRelay = (collection: string, signal: OutboxSignal, options: Partial<OutboxRelayOptions> = {}) => {
    const relay = new OutboxRelay(db, publisher, signal, {
      collections: [collection],
      pollIntervalMs: 100,
      ...options,
    });
    relays.push(relay);
    return relay;
  };
  const published = (eventId: string): RecordedMessage[] => recorder.withHeader('ce_id', eventId);
  const waitPublished = (events: OutgoingEvent[], timeoutMs = 20_000) =>
    waitFor(`${events.length} events to be published`, () => events.every((e) => published(e.id).length > 0), { timeoutMs });
  const pendingOutboxes = (collection: string) => db.collection<School>(collection).countDocuments({ 'outbox.0': { $exists: true } });

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri(database), { serverSelectionTimeoutMS: 10_000, ignoreUndefined: true });
    db = client.db();
    kafka = testKafka(prefix);
    await provisionTopics(kafka, [topic], 3);
    publisher = new EventPublisher(kafka, namer);
    recorder = new TopicRecorder(kafka, [topic]);
    await recorder.start();
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stopAndFlush().catch(() => undefined);
    await recorder?.stop();
    await publisher?.disconnect();
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });

  it('polls less and less while idle, and a local write wakes it at once and resets the wait', async () => {
    const { collection, signal, store } = setup();
    // A client of its own that reports its commands: the relay's polls are its finds on the collection.
    const monitored = await MongoClient.connect(testMongoUri(database), { monitorCommands: true, ignoreUndefined: true });
    const polls: number[] = [];
    monitored.on('commandStarted', (event) => {
      if (event.commandName === 'find' && event.command.find === collection) polls.push(Date.now());
    });
    try {
      const relay = new OutboxRelay(monitored.db(), publisher, signal, {
        collections: [collection],
        pollIntervalMs: 50,
        idlePollMaxMs: 400,
      });
      relays.push(relay);
      relay.start();
      await sleep(2_000);
      // Fixed 50 ms polling would be about 40 finds; doubling to the 400 ms ceiling is about 9.
      expect(polls.length).toBeGreaterThanOrEqual(5);
      expect(polls.length).toBeLessThanOrEqual(14);
      const gaps = polls.slice(1).map((at, i) => at - polls[i]);
      expect(Math.max(...gaps.slice(-2))).toBeGreaterThanOrEqual(300);

      // Idle at the ceiling, a write is still relayed at once: the signal does not wait for the poll.
      const id = randomUUID();
      const event = registered(id, 'woken');
      const written = Date.now();
      await store.insert({ _id: id, name: 'woken' }, [event]);
      await waitPublished([event], 5_000);
      expect(published(event.id)[0].receivedAt - written).toBeLessThan(1_000);
      await relay.stopAndFlush();
    } finally {
      await monitored.close();
    }
  });

  it('relays what local writes name by _id, without searching the collection', async () => {
    const { collection, signal, store } = setup();
    const monitored = await MongoClient.connect(testMongoUri(database), { monitorCommands: true, ignoreUndefined: true });
    const searches: unknown[] = [];
    /** Commands on the collection after the start, by name: the relay's round trips. */
    const commands: string[] = [];
    let counting = false;
    monitored.on('commandStarted', (event) => {
      if (event.command[event.commandName] !== collection) return;
      if (counting) commands.push(event.commandName);
      // A search for pending events: a find by the outbox flag, not by _id (named documents are read by _id).
      if (event.commandName === 'find' && event.command.filter?.outboxPending && !event.command.filter?._id) searches.push(event);
    });
    try {
      // Polls a minute apart: only the first pass searches (for what a crash may have left).
      const relay = new OutboxRelay(monitored.db(), publisher, signal, { collections: [collection], pollIntervalMs: 60_000 });
      relays.push(relay);
      relay.start();
      await sleep(500);
      const searchesAtStart = searches.length;
      const events = [];
      for (let i = 0; i < 5; i++) {
        const id = randomUUID();
        events.push(registered(id, `named ${i}`));
        await store.insert({ _id: id, name: `named ${i}` }, [events[i]]);
      }
      // Named documents cost the relay one read and one write whatever their number: no claim is written (ADR 0058).
      const batch = Array.from({ length: 20 }, (_, i) => ({
        id: `batch-${i}-${randomUUID()}`,
        event: undefined as unknown as OutgoingEvent,
      }));
      for (const doc of batch) doc.event = registered(doc.id, doc.id);
      await waitPublished(events, 10_000);
      await sleep(200);
      counting = true;
      await Promise.all(batch.map((doc) => store.insert({ _id: doc.id, name: doc.id }, [doc.event])));
      await waitPublished(
        batch.map((doc) => doc.event),
        10_000,
      );
      await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0);
      counting = false;
      // Documents an insert created cost each pass one write (the release) and no read: the relay
      // publishes the outbox the insert wrote (ADR 0062).
      expect(commands.length).toBeGreaterThanOrEqual(1);
      expect(commands).toEqual(commands.map(() => 'update'));
      // An update that appends to an existing document's outbox is named as well; its outbox is read.
      commands.length = 0;
      counting = true;
      const update = registered(events[0].key, 'renamed');
      await store.update({ _id: events[0].key, version: 1 }, { name: 'renamed' }, [update]);
      await waitPublished([...events, update], 10_000);
      await waitFor('the updated outbox to be emptied', async () => (await pendingOutboxes(collection)) === 0);
      counting = false;
      // The relay's read by _id, and its release (the store writes through another client).
      expect(commands).toEqual(['find', 'update']);
      expect(searches.length).toBe(searchesAtStart);
      // A write that names no documents still makes the next pass search.
      signal.notify();
      await sleep(500);
      expect(searches.length).toBeGreaterThan(searchesAtStart);
      await relay.stopAndFlush();
    } finally {
      await monitored.close();
    }
  });

  it('does not publish an inserted outbox again once a search published it first', async () => {
    const { collection, signal, store } = setup();
    // A search takes a document this process's write holds only once the hold ran out.
    signal.holdMs = 50;
    // A slow publish keeps the relay's first pass, a search, busy while the second insert arrives.
    class SlowPublisher extends EventPublisher {
      override async publish(events: OutgoingEvent[]): Promise<void> {
        await sleep(300);
        await super.publish(events);
      }
    }
    const slow = new SlowPublisher(kafka, namer);
    const first = registered(randomUUID(), 'before the start');
    await store.insert({ _id: first.key, name: 'before the start' }, [first]);
    await sleep(200); // its hold runs out: the first search takes it
    const relay = new OutboxRelay(db, slow, signal, { collections: [collection], pollIntervalMs: 60_000 });
    relays.push(relay);
    relay.start(); // the first pass searches, and finds the first document
    await sleep(100);
    const second = registered(randomUUID(), 'during the search');
    await store.insert({ _id: second.key, name: 'during the search' }, [second]);
    await waitPublished([first, second], 10_000);
    await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0);
    await sleep(800);
    await relay.stopAndFlush();
    await slow.disconnect();
    // The search found the second document too; the outbox its insert named is not published again.
    expect(published(first.id)).toHaveLength(1);
    expect(published(second.id)).toHaveLength(1);
  });

  it('leaves documents its own writes hold to the named round: polls under a stream of writes claim none of them', async () => {
    const { collection, signal, store } = setup();
    const monitored = await MongoClient.connect(testMongoUri(database), { monitorCommands: true, ignoreUndefined: true });
    let claims = 0;
    monitored.on('commandStarted', (event) => {
      const updates = event.commandName === 'update' && event.command.update === collection ? event.command.updates : [];
      // A search's claim sets a lease of its own on the documents it found.
      if (updates.some((u: { u: { $set?: { outboxLeaseOwner?: string } } }) => u.u.$set?.outboxLeaseOwner)) claims++;
    });
    try {
      const relay = new OutboxRelay(monitored.db(), publisher, signal, { collections: [collection], pollIntervalMs: 20 });
      relays.push(relay);
      relay.start();
      const events: OutgoingEvent[] = [];
      for (let i = 0; i < 60; i++) {
        const id = randomUUID();
        events.push(registered(id, `streamed ${i}`));
        await store.insert({ _id: id, name: `streamed ${i}` }, [events[i]]);
        await sleep(15);
      }
      await waitPublished(events, 10_000);
      await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0);
      await relay.stopAndFlush();
      expect(claims).toBe(0);
      expect(events.every((e) => published(e.id).length === 1)).toBe(true);
    } finally {
      await monitored.close();
    }
  });

  it('publishes at shutdown what its own writes hold and it has not relayed yet', async () => {
    const { collection, signal, store } = setup();
    const relay = newRelay(collection, signal, { pollIntervalMs: 60_000 });
    // Not started: the writes' names reach no relay, and their hold keeps every search away for 3 s.
    const events = [registered(randomUUID(), 'held at shutdown 1'), registered(randomUUID(), 'held at shutdown 2')];
    for (const e of events) await store.insert({ _id: e.key, name: e.key }, [e]);
    await relay.stopAndFlush();
    await waitPublished(events, 5_000);
    expect(await pendingOutboxes(collection)).toBe(0);
  });

  it('relays a backlog of 12,000 named updates (a broker slower than the writers) by _id, 500 per round trip, without searching', async () => {
    const { collection, signal, store } = setup();
    const count = 12_000;
    const ids = Array.from({ length: count }, (_, i) => `backlog-${String(i).padStart(5, '0')}-${randomUUID()}`);
    // The documents exist already (no outbox); the writers below only update them, so the relay must read each.
    for (let i = 0; i < count; i += 1_000) {
      await db
        .collection<School>(collection)
        .insertMany(ids.slice(i, i + 1_000).map((id) => ({ _id: id, name: id, version: 1, outbox: [], appliedEvents: [] })));
    }
    const monitored = await MongoClient.connect(testMongoUri(database), { monitorCommands: true, ignoreUndefined: true });
    const searches: unknown[] = [];
    /** The relay's reads by _id: how many documents each asked for. */
    const readSizes: number[] = [];
    monitored.on('commandStarted', (event) => {
      if (event.commandName !== 'find' || event.command.find !== collection) return;
      const filter = event.command.filter ?? {};
      if (filter.outboxPending && !filter._id) searches.push(event);
      else if (filter._id?.$in) readSizes.push(filter._id.$in.length);
    });
    // The publisher holds every publish until all the updates are written: the backlog builds up.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const publishedIds = new Set<string>();
    const gated = {
      publish: async (events: OutgoingEvent[]) => {
        await gate;
        await publisher.publish(events);
        for (const e of events) publishedIds.add(e.event.subject as string);
      },
    } as unknown as EventPublisher;
    try {
      const relay = new OutboxRelay(monitored.db(), gated, signal, { collections: [collection], pollIntervalMs: 60_000 });
      relays.push(relay);
      relay.start();
      await sleep(300); // the first pass's search, over documents without events
      const searchesAtStart = searches.length;
      for (let i = 0; i < count; i += 500) {
        const written = await store.updateEach(
          ids.slice(i, i + 500).map((id) => ({
            current: { _id: id, version: 1 },
            set: { name: `${id} renamed` },
            events: [registered(id, `${id} renamed`)],
            appliedEvent: `rename-${id}`,
          })),
        );
        expect(written.every(Boolean)).toBe(true);
      }
      open();
      await waitFor('every renamed document published', () => publishedIds.size === count, { timeoutMs: 120_000 });
      await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0, { timeoutMs: 30_000 });
      // Every name was kept (more than the relay once remembered), so no pass had to search ...
      expect(searches.length).toBe(searchesAtStart);
      // ... and the reads took up to 500 documents each (the first pass may have read a few
      // before the gate held it): about 24 round trips, where chunks of 100 took 120.
      expect(Math.max(...readSizes)).toBe(500);
      expect(readSizes.length).toBeLessThanOrEqual(count / 500 + 2);
      await relay.stopAndFlush();
    } finally {
      await monitored.close();
    }
  }, 240_000);

  it('publishes a chunk larger than the broker takes in one batch in several sends, in order', async () => {
    // 600 events of ~3 KiB for one key (one partition): ~1.8 MiB, above the broker's 1 MiB batch
    // limit, which refuses a batch whole; a relay chunk of 500 documents can carry that much.
    const key = `big-chunk-${randomUUID()}`;
    const events = Array.from({ length: 600 }, (_, i) => registered(key, `${String(i).padStart(3, '0')} ${'x'.repeat(3_000)}`));
    await publisher.publish(events);
    await waitPublished(events, 30_000);
    const order = recorder.messages
      .filter((m) => m.headers.ce_subject === key)
      .map((m) => (JSON.parse(m.value!) as { name: string }).name.slice(0, 3));
    expect(order).toEqual(events.map((_, i) => String(i).padStart(3, '0')));
  });

  it('takes named documents one collection after another, so a busy collection does not hold up another', async () => {
    const signal = new OutboxSignal();
    const busy = setup(signal);
    const other = setup(signal);
    // The publisher records the order of publishes; the first one waits until the gate opens,
    // so that meanwhile 40 documents of the busy collection and one of the other are named.
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated = {
      publish: async (events: OutgoingEvent[]) => {
        await gate;
        order.push(...events.map((e) => e.event.subject as string));
        return publisher.publish(events);
      },
    } as unknown as EventPublisher;
    const relay = new OutboxRelay(db, gated, signal, {
      collections: [busy.collection, other.collection],
      pollIntervalMs: 60_000,
      batchSize: 10,
    });
    relays.push(relay);
    relay.start();
    await sleep(300); // the first pass's search, over empty collections
    const write = async (target: typeof busy, name: string) => {
      const id = `${name}-${randomUUID()}`;
      await target.store.insert({ _id: id, name }, [registered(id, name)]);
      return id;
    };
    const first = await write(busy, 'busy-0');
    const busyIds = [first];
    for (let i = 1; i <= 40; i++) busyIds.push(await write(busy, `busy-${i}`));
    const otherId = await write(other, 'other');
    open();
    await waitFor('every document published', () => order.length === 42, { timeoutMs: 20_000 });
    // The other collection's document goes out within the next round (after at most one chunk
    // of 10 from the busy one), not after all 40.
    expect(order.indexOf(otherId)).toBeLessThanOrEqual(1 + 10);
    expect(order.filter((id) => id.startsWith('busy-'))).toEqual(busyIds);
    await relay.stopAndFlush();
  });

  it('publishes outbox events to the prefixed topic with CloudEvents headers and key, in order, then empties the outbox', async () => {
    const { collection, signal, store } = setup();
    const relay = newRelay(collection, signal, { pollIntervalMs: 60_000 }); // only the signal can wake it quickly
    relay.start();
    const id = randomUUID();
    const first = registered(id, 'first');
    const second = registered(id, 'second');

    await store.insert({ _id: id, name: 'first' }, [first]);
    await store.update({ _id: id, version: 1 }, { name: 'second' }, [second]);
    await waitPublished([first, second], 10_000);

    const [a] = published(first.id);
    const [b] = published(second.id);
    expect(a.topic).toBe(topic);
    expect(a.key).toBe(id);
    expect(JSON.parse(a.value!)).toEqual(first.event.data);
    expect(a.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: first.id,
      ce_source: 'urn:test:outbox',
      ce_type: SchoolRegistered.type,
      ce_subject: id,
      ce_time: first.event.time,
      ce_dataschema: SchoolRegistered.dataschema,
      ce_correlationid: 'corr-first',
      'content-type': 'application/json',
    });
    // Same key, same partition, and the order the aggregate produced them.
    expect(b.partition).toBe(a.partition);
    expect(BigInt(b.offset)).toBeGreaterThan(BigInt(a.offset));

    await waitFor('the outbox to be emptied', async () => (await pendingOutboxes(collection)) === 0);
    const doc = await db.collection<School>(collection).findOne({ _id: id });
    expect(doc).toMatchObject({ outbox: [], version: 2, name: 'second' });
    expect(doc!.outboxLeaseUntil).toBeUndefined();
    await relay.stopAndFlush();
  });

  it('after a crash, a fresh relay publishes the events left behind exactly once each', async () => {
    const { collection, store } = setup();
    // The "crashed" process: wrote state and events, never published them (no relay running).
    const left: OutgoingEvent[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      const created = registered(id, `school ${i}`);
      const renamed = registered(id, `school ${i} renamed`);
      await store.insert({ _id: id, name: `school ${i}` }, [created]);
      await store.update({ _id: id, version: 1 }, { name: `school ${i} renamed` }, [renamed]);
      left.push(created, renamed);
    }
    await sleep(500);
    expect(left.filter((e) => published(e.id).length > 0)).toHaveLength(0);
    expect(await pendingOutboxes(collection)).toBe(5);

    // A new process, with its own signal (nobody rings it): only its start/poll can find them.
    const relay = newRelay(collection, new OutboxSignal(), {
      pollIntervalMs: 200,
    });
    relay.start();
    await waitPublished(left);
    await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0);
    // Let a few more poll passes run: nothing may be published again.
    await sleep(1000);
    expect(left.map((e) => published(e.id).length)).toEqual(left.map(() => 1));
    await relay.stopAndFlush();
  });

  it('skips a document whose outbox lease is held until the lease expires', async () => {
    const { collection, store, signal } = setup();
    signal.holdMs = 0; // the writer holds nothing for its own relay: only the search lease below counts
    const held = randomUUID();
    const free = randomUUID();
    const heldEvent = registered(held, 'held');
    const freeEvent = registered(free, 'free');
    await store.insert({ _id: held, name: 'held' }, [heldEvent]);
    await store.insert({ _id: free, name: 'free' }, [freeEvent]);
    // Another relay instance holds the lease on `held`.
    const leaseUntil = new Date(Date.now() + 2500);
    await db.collection<School>(collection).updateOne({ _id: held }, { $set: { outboxLeaseUntil: leaseUntil } });

    const relay = newRelay(collection, new OutboxSignal(), {
      pollIntervalMs: 100,
    });
    relay.start();
    await waitPublished([freeEvent]);
    await sleep(Math.max(0, leaseUntil.getTime() - Date.now() - 700));
    expect(published(heldEvent.id)).toHaveLength(0);
    expect((await db.collection<School>(collection).findOne({ _id: held }))!.outbox).toHaveLength(1);

    await waitPublished([heldEvent], 10_000);
    expect(published(heldEvent.id)[0].receivedAt).toBeGreaterThanOrEqual(leaseUntil.getTime());
    expect(published(heldEvent.id)).toHaveLength(1);
    await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0);
    await relay.stopAndFlush();
  });

  it("leaves a document another process just wrote to that process's relay, and takes it over once the write's hold runs out", async () => {
    // The writing process holds what it writes for its own relay (ADR 0058), so another
    // replica's search does not publish it a second time meanwhile; here the writer died
    // before relaying, so the other replica must take the document over when the hold ends.
    const writer = new OutboxSignal();
    writer.holdMs = 1500;
    const { collection } = setup();
    const store = new AggregateStore<School>(db, collection, writer);
    const other = newRelay(collection, new OutboxSignal(), { pollIntervalMs: 100, idlePollMaxMs: 100 });
    other.start();
    const id = randomUUID();
    const event = registered(id, 'held for its writer');
    const writtenAt = Date.now();
    await store.insert({ _id: id, name: 'held for its writer' }, [event]);
    const doc = await db.collection<School & { outboxLeaseOwner?: string }>(collection).findOne({ _id: id });
    expect(doc!.outboxLeaseOwner).toBe(writer.owner);

    await sleep(1000); // ten polls of the other relay
    expect(published(event.id)).toHaveLength(0);
    await waitPublished([event], 10_000);
    expect(published(event.id)[0].receivedAt).toBeGreaterThanOrEqual(writtenAt + 1500);
    expect(published(event.id)).toHaveLength(1);
    await waitFor('the outbox to be emptied', async () => (await pendingOutboxes(collection)) === 0);
  });

  it('never drops events queued after another relay emptied an outbox it is still publishing', async () => {
    // Relay A reads a named document's outbox, then its publish stalls. Relay B (another replica
    // that also knows the document) publishes and empties it, and the aggregate queues a new
    // event: the outbox has as many entries as A read, but not the same ones. A's release must
    // leave the new one queued.
    const { collection, store, signal: writer } = setup();
    writer.holdMs = 0; // a writer that holds nothing for its own relay, so both relays may take the document
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let reading!: () => void;
    const aRead = new Promise<void>((resolve) => (reading = resolve));
    const stalled = {
      publish: async (events: OutgoingEvent[]) => {
        reading();
        await gate;
        return publisher.publish(events);
      },
    } as unknown as EventPublisher;
    const signalA = new OutboxSignal();
    const signalB = new OutboxSignal();
    const relayA = new OutboxRelay(db, stalled, signalA, { collections: [collection], pollIntervalMs: 60_000 });
    const relayB = newRelay(collection, signalB, { pollIntervalMs: 60_000 });
    relays.push(relayA);
    relayA.start();
    relayB.start();
    await sleep(300); // the first passes' searches, over an empty collection
    const id = randomUUID();
    const first = registered(id, 'first');
    await store.insert({ _id: id, name: 'first' }, [first]);
    signalA.notify(collection, [id]);
    await aRead;
    signalB.notify(collection, [id]);
    await waitPublished([first]);
    await waitFor('B to empty the outbox', async () => (await db.collection<School>(collection).findOne({ _id: id }))!.outbox.length === 0);
    const second = registered(id, 'second');
    await store.update({ _id: id, version: 1 }, { name: 'second' }, [second]);
    open();
    await sleep(500);
    // A has released; the second event is still queued (nobody was told of it: no relay took it).
    expect((await db.collection<School>(collection).findOne({ _id: id }))!.outbox.map((e) => e.id)).toEqual([second.id]);
    signalB.notify(collection, [id]);
    await waitPublished([second]);
    await Promise.all([relayA.stopAndFlush(), relayB.stopAndFlush()]);
  });

  it('stopAndFlush publishes what is pending and then stays stopped', async () => {
    const { collection, store, signal: storeSignal } = setup();
    storeSignal.holdMs = 0; // written by another process that holds nothing for its relay
    const relaySignal = new OutboxSignal();
    const relay = newRelay(collection, relaySignal, {
      pollIntervalMs: 60 * 60_000,
    });
    relay.start();
    await sleep(200); // the start pass finds nothing

    const pending: OutgoingEvent[] = [];
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      const e = registered(id, `pending ${i}`);
      await store.insert({ _id: id, name: `pending ${i}` }, [e]); // rings storeSignal, which the relay does not hear
      pending.push(e);
    }
    await sleep(500);
    expect(pending.filter((e) => published(e.id).length > 0)).toHaveLength(0);

    await relay.stopAndFlush();
    expect(await pendingOutboxes(collection)).toBe(0);
    await waitPublished(pending);

    // Stopped: neither its signal nor a poll publishes anything any more.
    const late = registered(randomUUID(), 'late');
    await store.insert({ _id: late.key, name: 'late' }, [late]);
    relaySignal.notify();
    storeSignal.notify();
    await sleep(800);
    expect(published(late.id)).toHaveLength(0);
    expect(await pendingOutboxes(collection)).toBe(1);
  });

  it('parks an event the broker refuses as too large, publishes the rest, counts and keeps it, and does not retry it', async () => {
    const { collection, store } = setup();
    const metrics = new MessagingMetrics();
    const relay = newRelay(collection, new OutboxSignal(), { pollIntervalMs: 100, metrics });
    const a = randomUUID();
    const b = randomUUID();
    const before = registered(a, 'before');
    // Above the broker's default max message size (~1 MB).
    const huge = registered(a, 'x'.repeat(1_500_000));
    const after = registered(a, 'after');
    const other = registered(b, 'other');
    await store.insert({ _id: a, name: 'a' }, [before, huge, after]);
    await store.insert({ _id: b, name: 'b' }, [other]);
    relay.start();

    await waitPublished([before, after, other]);
    await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0);
    expect(published(huge.id)).toHaveLength(0);
    const parked = await db.collection('outbox_parked').find({ eventId: huge.id }).toArray();
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ collection, aggregateId: a, topic: Topics.partners, key: a, eventType: SchoolRegistered.type });
    expect(parked[0].error).toMatch(/too large|larger than/i);
    expect(parked[0].dataBytes).toBeGreaterThan(1_500_000);
    expect(parked[0].event.event.data.name).toHaveLength(1_500_000);
    expect(metrics.relayParked).toBe(1);
    // Same key, still in order around the gap.
    expect(BigInt(published(after.id)[0].offset)).toBeGreaterThan(BigInt(published(before.id)[0].offset));

    // Parked means gone from the relay's work: later passes neither publish nor park it again.
    await sleep(800);
    expect(metrics.relayParked).toBe(1);
    expect(published(before.id)).toHaveLength(1);
    await relay.stopAndFlush();
  });

  it('keeps per-aggregate creation order with two relays even when a slow publish outlives its lease', async () => {
    const signal = new OutboxSignal();
    const { collection, store } = setup(signal);
    // Relay A publishes slowly, far beyond a 150 ms lease: relay B takes the same outboxes over meanwhile.
    class SlowPublisher extends EventPublisher {
      override async publish(events: OutgoingEvent[]): Promise<void> {
        await sleep(400 + Math.random() * 200);
        await super.publish(events);
      }
    }
    const slow = new SlowPublisher(kafka, namer);
    const relayA = new OutboxRelay(db, slow, signal, { collections: [collection], pollIntervalMs: 30, leaseMs: 150, batchSize: 3 });
    const relayB = newRelay(collection, signal, { pollIntervalMs: 30, leaseMs: 150, batchSize: 3 });
    relays.push(relayA);
    relayA.start();
    relayB.start();

    const ids = Array.from({ length: 8 }, () => randomUUID());
    const expectedByKey = new Map<string, string[]>(ids.map((id) => [id, []]));
    const all: OutgoingEvent[] = [];
    await Promise.all(
      ids.map(async (id) => {
        for (let version = 0; version < 5; version++) {
          const e = registered(id, `v${version + 1}`);
          if (version === 0) await store.insert({ _id: id, name: 'v1' }, [e]);
          else await store.update({ _id: id, version }, { name: `v${version + 1}` }, [e]);
          expectedByKey.get(id)!.push(e.id);
          all.push(e);
          await sleep(Math.floor(Math.random() * 120));
        }
      }),
    );
    await waitPublished(all, 30_000);
    await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0, { timeoutMs: 20_000 });
    await Promise.all([relayA.stopAndFlush(), relayB.stopAndFlush()]);
    await slow.disconnect();

    // Duplicates are allowed (at-least-once), reordering is not: per key, the first publication
    // of each event follows the order the aggregate created them.
    for (const [id, expected] of expectedByKey) {
      const seen: string[] = [];
      for (const m of recorder.messages.filter((m) => m.key === id).sort((x, y) => Number(BigInt(x.offset) - BigInt(y.offset)))) {
        if (!seen.includes(m.headers.ce_id)) seen.push(m.headers.ce_id);
      }
      expect(seen).toEqual(expected);
    }
    const duplicates = all.reduce((sum, e) => sum + published(e.id).length - 1, 0);
    console.info(`two relays, lease 150 ms, slow publisher: ${all.length} events, ${duplicates} duplicate publications, order kept`);
  });

  it('two relays over the same collection lose no events and keep each key in order', async () => {
    // Two processes: each has its own signal, rung only by the writes made through its own store,
    // as in production; both relays also search the shared collection.
    const signalA = new OutboxSignal();
    const signalB = new OutboxSignal();
    const { collection, store: storeA } = setup(signalA);
    const storeB = new AggregateStore<School>(db, collection, signalB);
    const relayA = newRelay(collection, signalA, {
      pollIntervalMs: 50,
      batchSize: 5,
    });
    const relayB = newRelay(collection, signalB, {
      pollIntervalMs: 50,
      batchSize: 5,
    });
    relayA.start();
    relayB.start();

    const ids = Array.from({ length: 20 }, () => randomUUID());
    const expectedByKey = new Map<string, string[]>(ids.map((id) => [id, []]));
    const all: OutgoingEvent[] = [];
    // Writers run concurrently with both relays: 20 aggregates × 4 events.
    await Promise.all(
      ids.map(async (id, n) => {
        const created = registered(id, `s${n} v1`);
        await (n % 2 ? storeB : storeA).insert({ _id: id, name: `s${n} v1` }, [created]);
        expectedByKey.get(id)!.push(created.id);
        all.push(created);
        for (let version = 1; version <= 3; version++) {
          await sleep(Math.floor(Math.random() * 30));
          const e = registered(id, `s${n} v${version + 1}`);
          await ((n + version) % 2 ? storeB : storeA).update({ _id: id, version }, { name: `s${n} v${version + 1}` }, [e]);
          expectedByKey.get(id)!.push(e.id);
          all.push(e);
        }
      }),
    );

    await waitPublished(all, 30_000);
    await waitFor('the outboxes to be emptied', async () => (await pendingOutboxes(collection)) === 0, { timeoutMs: 20_000 });
    await Promise.all([relayA.stopAndFlush(), relayB.stopAndFlush()]);

    const counts = all.map((e) => published(e.id).length);
    const duplicates = counts.reduce((sum, c) => sum + (c - 1), 0);
    // At-least-once: every event is on the topic; the leases keep duplicates rare. Without them
    // both relays would publish nearly every event (~100%); with them a relay publishing what its
    // own writes named (no claim, ADR 0058) can race the other's search: 0-3 of 80 on a quiet
    // machine, 9 once on a loaded CI run, so the bound is a quarter.
    expect(counts.every((c) => c >= 1)).toBe(true);
    console.info(`two relays: ${all.length} events, ${duplicates} duplicate publications`);
    expect(duplicates).toBeLessThanOrEqual(all.length * 0.25);

    // Per key, the first publication of each event follows the order the aggregate produced them.
    for (const [id, expected] of expectedByKey) {
      const seen: string[] = [];
      for (const m of recorder.messages.filter((m) => m.key === id).sort((x, y) => Number(BigInt(x.offset) - BigInt(y.offset)))) {
        if (!seen.includes(m.headers.ce_id)) seen.push(m.headers.ce_id);
      }
      expect(seen).toEqual(expected);
    }
    const docs = await db.collection<School>(collection).find({}).toArray();
    expect(docs).toHaveLength(20);
    expect(docs.every((d) => d.outbox.length === 0 && d.version === 4)).toBe(true);
  });
});

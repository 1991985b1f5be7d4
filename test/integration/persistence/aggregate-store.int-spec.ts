import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { SchoolRegistered, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { AggregateDocument, AggregateStore, ChangeLog, DuplicateKeyError, ConcurrencyConflictError, OutboxSignal } from '@app/persistence';
import { testMongoUri, uniqueName } from '@app/testing';

jest.setTimeout(60_000);

interface School extends AggregateDocument {
  name: string;
  country: string;
}

function registered(schoolId: string, name = 'Vocational College'): OutgoingEvent {
  const event = newCloudEvent(SchoolRegistered, {
    source: 'urn:test',
    subject: schoolId,
    data: {
      schoolId,
      name,
      country: 'CN',
      registeredAt: new Date().toISOString(),
    },
  });
  return { id: event.id, topic: Topics.partners, key: schoolId, event };
}

describe('AggregateStore (real Mongo-compatible server)', () => {
  const database = uniqueName('aggstore').replace(/-/g, '_');
  let client: MongoClient;
  let db: Db;
  let store: AggregateStore<School>;
  const signal = new OutboxSignal();
  let notifications = 0;
  signal.on('pending', () => notifications++);

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri(database), { serverSelectionTimeoutMS: 10_000, ignoreUndefined: true });
    db = client.db();
    store = new AggregateStore<School>(db, 'schools', signal);
  });

  afterAll(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });

  const raw = (id: string) => db.collection<School>('schools').findOne({ _id: id });

  it('inserts at version 1 with its outbox, and update bumps the version and appends to the outbox', async () => {
    const id = randomUUID();
    const first = registered(id);
    const before = notifications;
    await store.insert({ _id: id, name: 'Old name', country: 'CN' }, [first]);
    expect(notifications).toBe(before + 1);

    const inserted = await store.findById(id);
    expect(inserted).toMatchObject({
      _id: id,
      name: 'Old name',
      country: 'CN',
      version: 1,
      appliedEvents: [],
    });
    expect(inserted!.outbox).toEqual([first]);

    const second = registered(id, 'New name');
    await expect(store.update({ _id: id, version: 1 }, { name: 'New name' }, [second])).resolves.toBe('updated');
    expect(notifications).toBe(before + 2);

    const updated = await raw(id);
    expect(updated).toMatchObject({
      name: 'New name',
      country: 'CN',
      version: 2,
    });
    expect(updated!.outbox.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(updated!.outbox[1]).toEqual(second);

    // An update without events still bumps the version and does not ring the relay.
    await store.update({ _id: id, version: 2 }, { country: 'DE' });
    expect(await raw(id)).toMatchObject({ country: 'DE', version: 3 });
    expect((await raw(id))!.outbox).toHaveLength(2);
    expect(notifications).toBe(before + 2);
  });

  it('stores outbox events as given: attributes left undefined stay absent (with ignoreUndefined, as the app connects)', async () => {
    const id = randomUUID();
    const event = newCloudEvent(SchoolRegistered, {
      source: 'urn:test',
      data: { schoolId: id, name: 'No subject', country: 'CN', registeredAt: new Date().toISOString() },
    });
    const outgoing: OutgoingEvent = { id: event.id, topic: Topics.partners, key: id, event };
    await store.insert({ _id: id, name: 'No subject', country: 'CN' }, [outgoing]);
    const stored = (await raw(id))!.outbox[0];
    expect(stored).toEqual(JSON.parse(JSON.stringify(outgoing)));
    expect('subject' in stored.event).toBe(false);
  });

  it('rejects an update from a stale version and changes nothing', async () => {
    const id = randomUUID();
    await store.insert({ _id: id, name: 'A', country: 'CN' }, [registered(id)]);
    await store.update({ _id: id, version: 1 }, { name: 'B' }, [registered(id, 'B')]);
    const before = await raw(id);

    await expect(store.update({ _id: id, version: 1 }, { name: 'C' }, [registered(id, 'C')])).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(await raw(id)).toEqual(before);
  });

  it('rejects an update of a document that does not exist', async () => {
    await expect(store.update({ _id: randomUUID(), version: 1 }, { name: 'X' })).rejects.toBeInstanceOf(ConcurrencyConflictError);
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const id = randomUUID();
    await store.insert({ _id: id, name: 'start', country: 'CN' });
    const a = registered(id, 'from A');
    const b = registered(id, 'from B');

    const results = await Promise.allSettled([
      store.update({ _id: id, version: 1 }, { name: 'from A' }, [a]),
      store.update({ _id: id, version: 1 }, { name: 'from B' }, [b]),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConcurrencyConflictError);

    const doc = await raw(id);
    const winner = results[0].status === 'fulfilled' ? a : b;
    expect(doc).toMatchObject({
      version: 2,
      name: winner === a ? 'from A' : 'from B',
    });
    expect(doc!.outbox.map((e) => e.id)).toEqual([winner.id]);
  });

  it('many concurrent updates from the same version: one winner, state and outbox consistent', async () => {
    const id = randomUUID();
    await store.insert({ _id: id, name: 'start', country: 'CN' });
    const events = Array.from({ length: 10 }, (_, i) => registered(id, `writer ${i}`));

    const results = await Promise.allSettled(events.map((e, i) => store.update({ _id: id, version: 1 }, { name: `writer ${i}` }, [e])));

    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyConflictError);
    const doc = await raw(id);
    expect(doc).toMatchObject({ version: 2, name: `writer ${winners[0]}` });
    expect(doc!.outbox.map((e) => e.id)).toEqual([events[winners[0]].id]);
  });

  it('applies an inbound event once: the second update with the same appliedEvent is a duplicate and changes nothing', async () => {
    const id = randomUUID();
    await store.insert({ _id: id, name: 'start', country: 'CN' });
    const dedupeKey = `urn:erp|hire-${randomUUID()}`;

    await expect(store.update({ _id: id, version: 1 }, { name: 'applied' }, [registered(id, 'applied')], dedupeKey)).resolves.toBe(
      'updated',
    );
    const afterFirst = await raw(id);
    expect(afterFirst).toMatchObject({
      version: 2,
      name: 'applied',
      appliedEvents: [dedupeKey],
    });
    expect(afterFirst!.outbox).toHaveLength(1);

    // Redelivery, read at the new version (the normal case) ...
    await expect(store.update({ _id: id, version: 2 }, { name: 'applied twice' }, [registered(id, 'again')], dedupeKey)).resolves.toBe(
      'duplicate',
    );
    // ... or at the old one.
    await expect(store.update({ _id: id, version: 1 }, { name: 'applied twice' }, [registered(id, 'again')], dedupeKey)).resolves.toBe(
      'duplicate',
    );
    expect(await raw(id)).toEqual(afterFirst);

    // A different inbound event still applies.
    await expect(store.update({ _id: id, version: 2 }, { name: 'other' }, [], `${dedupeKey}-other`)).resolves.toBe('updated');
    expect(await raw(id)).toMatchObject({
      version: 3,
      name: 'other',
      appliedEvents: [dedupeKey, `${dedupeKey}-other`],
    });
  });

  it('a stale update carrying a not-yet-applied event is a conflict, not a duplicate', async () => {
    const id = randomUUID();
    await store.insert({ _id: id, name: 'start', country: 'CN' });
    await store.update({ _id: id, version: 1 }, { name: 'moved on' });
    await expect(store.update({ _id: id, version: 1 }, { name: 'x' }, [], 'never-applied')).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(await raw(id)).toMatchObject({
      version: 2,
      name: 'moved on',
      appliedEvents: [],
    });
  });

  it('keeps only the newest applied-event keys (bounded)', async () => {
    const id = randomUUID();
    await store.insert({ _id: id, name: 'start', country: 'CN' });
    // Seed 499 keys directly, then apply two more through the store.
    const seeded = Array.from({ length: 499 }, (_, i) => `seed-${i}`);
    await db.collection<School>('schools').updateOne({ _id: id }, { $set: { appliedEvents: seeded } });
    await store.update({ _id: id, version: 1 }, {}, [], 'k-500');
    await store.update({ _id: id, version: 2 }, {}, [], 'k-501');
    const doc = await raw(id);
    expect(doc!.appliedEvents).toHaveLength(500);
    expect(doc!.appliedEvents![0]).toBe('seed-1');
    expect(doc!.appliedEvents!.slice(-2)).toEqual(['k-500', 'k-501']);
  });

  it('refuses a second insert with the same id (DuplicateKeyError) and keeps the first', async () => {
    const id = randomUUID();
    await store.insert({ _id: id, name: 'first', country: 'CN' }, [registered(id, 'first')]);
    await expect(store.insert({ _id: id, name: 'second', country: 'DE' }, [registered(id, 'second')])).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    const doc = await raw(id);
    expect(doc).toMatchObject({ name: 'first', country: 'CN', version: 1 });
    expect(doc!.outbox).toHaveLength(1);
  });
});

/** A change log whose next `failures` records fail, as a database blip after the data write would. */
class FlakyChangeLog extends ChangeLog {
  failures = 0;
  override async record(stream: string, ids: readonly string[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('change log unavailable');
    }
    return super.record(stream, ids);
  }
}

describe('AggregateStore with a change log (real Mongo-compatible server)', () => {
  const database = uniqueName('aggstore_changes').replace(/-/g, '_');
  let client: MongoClient;
  let db: Db;
  let changes: FlakyChangeLog;
  let store: AggregateStore<School>;

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri(database), { serverSelectionTimeoutMS: 10_000, ignoreUndefined: true });
    db = client.db();
    changes = new FlakyChangeLog(db);
    store = new AggregateStore<School>(db, 'schools', new OutboxSignal(), changes);
  });
  afterAll(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });

  const changedSince = async (revision: number) => {
    const since = await changes.changesSince('schools', revision);
    return since.kind === 'changed' ? since.ids : [];
  };

  it('records every insert, update and batch update under the collection name once it is written', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await store.insert({ _id: a, name: 'A', country: 'CN' });
    await store.insert({ _id: b, name: 'B', country: 'CN' });
    const afterInserts = (await changes.revisions(['schools'])).get('schools')!;
    expect(await changedSince(afterInserts - 2)).toEqual([a, b]);

    await store.update({ _id: a, version: 1 }, { name: 'A2' });
    expect(await changedSince(afterInserts)).toEqual([a]);
    await store.updateEach([
      { current: { _id: a, version: 2 }, set: { name: 'A3' }, events: [], appliedEvent: 'e-a' },
      { current: { _id: b, version: 1 }, set: { name: 'B2' }, events: [], appliedEvent: 'e-b' },
    ]);
    expect(await changedSince(afterInserts + 1)).toEqual([a, b]);
  });

  it('records again on the retry of a write whose record failed (a redelivered event, a repeated insert)', async () => {
    const id = randomUUID();
    changes.failures = 1;
    await expect(store.insert({ _id: id, name: 'C', country: 'CN' })).rejects.toThrow('change log unavailable');
    const before = (await changes.revisions(['schools'])).get('schools')!;
    // The document is written; its record is not.
    expect(await store.findById(id)).toMatchObject({ name: 'C' });
    await expect(store.insert({ _id: id, name: 'C', country: 'CN' })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await changedSince(before)).toEqual([id]);

    changes.failures = 1;
    await expect(store.update({ _id: id, version: 1 }, { name: 'C2' }, [], 'event-1')).rejects.toThrow('change log unavailable');
    const afterFailure = (await changes.revisions(['schools'])).get('schools')!;
    expect(await store.update({ _id: id, version: 1 }, { name: 'C2' }, [], 'event-1')).toBe('duplicate');
    expect(await changedSince(afterFailure)).toEqual([id]);
  });
});

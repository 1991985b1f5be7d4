import { CommandStartedEvent, Db, MongoClient } from 'mongodb';
import { GroupedInserts } from '@app/persistence';
import { testMongoUri, uniqueName } from '@app/testing';

jest.setTimeout(60_000);

interface Doc {
  _id: string;
  caller: number;
}

describe('GroupedInserts: group commit of concurrent inserts (real Mongo-compatible server)', () => {
  let client: MongoClient;
  let db: Db;
  const inserts: CommandStartedEvent[] = [];

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri(uniqueName('grouped').replace(/-/g, '_')), { monitorCommands: true });
    client.on('commandStarted', (event) => {
      if (event.commandName === 'insert') inserts.push(event);
    });
    db = client.db();
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('stores every caller’s documents in far fewer commands than callers', async () => {
    const collection = db.collection<Doc>('many_callers');
    const grouped = new GroupedInserts(collection);
    inserts.length = 0;
    const callers = Array.from({ length: 40 }, (_, caller) => grouped.insert([0, 1, 2].map((n) => ({ _id: `c${caller}-${n}`, caller }))));
    expect(await Promise.all(callers)).toEqual(callers.map(() => []));
    expect(await collection.countDocuments()).toBe(120);
    // The first caller goes alone; the other 39 wait for it and go together.
    expect(inserts.length).toBeLessThanOrEqual(3);
    expect(inserts.length).toBeGreaterThanOrEqual(2);
  });

  it('tells each caller only its own duplicates, and stores the rest', async () => {
    const collection = db.collection<Doc>('duplicates');
    await collection.insertOne({ _id: 'known', caller: -1 });
    const grouped = new GroupedInserts(collection);
    const [first, second, third] = await Promise.all([
      grouped.insert([{ _id: 'a', caller: 1 }]),
      grouped.insert([
        { _id: 'b', caller: 2 },
        { _id: 'known', caller: 2 },
        { _id: 'c', caller: 2 },
      ]),
      grouped.insert([
        { _id: 'c', caller: 3 },
        { _id: 'd', caller: 3 },
      ]),
    ]);
    expect(first).toEqual([]);
    expect(second).toEqual([1]); // `known` existed before
    expect(third).toEqual([0]); // `c` went in with the second caller, in the same command
    const stored = await collection.find().sort({ _id: 1 }).toArray();
    expect(stored).toEqual([
      { _id: 'a', caller: 1 },
      { _id: 'b', caller: 2 },
      { _id: 'c', caller: 2 },
      { _id: 'd', caller: 3 },
      { _id: 'known', caller: -1 },
    ]);
  });

  it('sends a caller that brings a batch on its own, without waiting for the group in flight', async () => {
    const collection = db.collection<Doc>('direct');
    const grouped = new GroupedInserts(collection, 1000, 5);
    inserts.length = 0;
    const small = [1, 2, 3].map((caller) => grouped.insert([{ _id: `small-${caller}`, caller }]));
    const batch = grouped.insert(Array.from({ length: 5 }, (_, n) => ({ _id: `batch-${n}`, caller: 9 })));
    expect(await Promise.all([...small, batch])).toEqual([[], [], [], []]);
    const sizes = inserts.map((event) => (event.command.documents as unknown[]).length);
    // The first small caller alone, the batch on its own (sent at once, not queued), the two other small ones together.
    expect([...sizes].sort((a, b) => a - b)).toEqual([1, 2, 5]);
  });

  it('splits a large queue into commands of at most maxDocs documents', async () => {
    const collection = db.collection<Doc>('bounded');
    const grouped = new GroupedInserts(collection, 10);
    inserts.length = 0;
    await Promise.all(Array.from({ length: 12 }, (_, caller) => grouped.insert([0, 1, 2].map((n) => ({ _id: `${caller}-${n}`, caller })))));
    expect(await collection.countDocuments()).toBe(36);
    const sizes = inserts.map((event) => (event.command.documents as unknown[]).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(36);
  });
});

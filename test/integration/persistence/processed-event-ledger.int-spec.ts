import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { ProcessedEventLedger } from '@app/persistence';
import { testMongoUri, uniqueName } from '@app/testing';

jest.setTimeout(60_000);

describe('ProcessedEventLedger (real Mongo-compatible server)', () => {
  const database = uniqueName('ledger').replace(/-/g, '_');
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri(database), { serverSelectionTimeoutMS: 10_000, ignoreUndefined: true });
    db = client.db();
  });

  afterAll(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });

  /** Ledger entries of one consumer group (whatever the key format, they start with the group name). */
  const stored = (group: string) =>
    db.collection('processed_events').countDocuments({
      _id: { $regex: `^${group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` },
    } as never);

  it('is false before and true after markProcessed', async () => {
    const ledger = new ProcessedEventLedger(db, uniqueName('group'));
    const key = `urn:erp|${randomUUID()}`;
    expect(await ledger.wasProcessed(key)).toBe(false);
    await ledger.markProcessed(key);
    expect(await ledger.wasProcessed(key)).toBe(true);
    expect(await ledger.wasProcessed(`${key}-other`)).toBe(false);
  });

  it('markProcessed is idempotent, also when racing with itself', async () => {
    const group = uniqueName('group');
    const ledger = new ProcessedEventLedger(db, group);
    const key = `urn:erp|${randomUUID()}`;
    await ledger.markProcessed(key);
    await expect(ledger.markProcessed(key)).resolves.toBeUndefined();
    await expect(Promise.all(Array.from({ length: 5 }, () => ledger.markProcessed(key)))).resolves.toBeDefined();
    expect(await ledger.wasProcessed(key)).toBe(true);
    expect(await stored(group)).toBe(1);
  });

  it('keeps consumer groups apart', async () => {
    const groupA = uniqueName('group-a');
    const groupB = uniqueName('group-b');
    const a = new ProcessedEventLedger(db, groupA);
    const b = new ProcessedEventLedger(db, groupB);
    const key = `urn:erp|${randomUUID()}`;

    await a.markProcessed(key);
    expect(await a.wasProcessed(key)).toBe(true);
    expect(await b.wasProcessed(key)).toBe(false);

    await b.markProcessed(key);
    expect(await b.wasProcessed(key)).toBe(true);
    expect(await stored(groupA)).toBe(1);
    expect(await stored(groupB)).toBe(1);

    // A second instance of the same group (another replica) sees what the first recorded.
    expect(await new ProcessedEventLedger(db, groupA).wasProcessed(key)).toBe(true);
  });
});

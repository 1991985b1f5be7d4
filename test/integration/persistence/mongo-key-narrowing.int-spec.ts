import { Collection, Db, MongoClient } from 'mongodb';
import { PrivateMongoServer } from '@app/testing';

jest.setTimeout(60_000);

interface Doc {
  _id: string;
  version: number;
  schoolId: string;
  leaseUntil?: number;
  email?: string;
}

/**
 * The services look documents up by `_id` plus a condition: `{_id, version}` in every versioned
 * update, `{_id, leaseUntil}` in every outbox or delivery claim, `{_id: {$in}, schoolId}` in
 * reports. MongoDB narrows such a filter by the `_id` index; mongo-java-server used an index only
 * when the filter's fields were exactly the index's, so each of these scanned the collection.
 * These tests read serverStatus's `metrics.queryExecutor.scannedObjects` (the documents queries
 * examined, on MongoDB and on the local server alike) around each lookup, and check the answers
 * stay those of the whole filter.
 */
describe('lookups by a unique key plus other conditions (private Mongo-compatible server)', () => {
  const SIZE = 400;
  let server: PrivateMongoServer;
  let client: MongoClient;
  let db: Db;
  let docs: Collection<Doc>;

  const scanned = async (): Promise<number> => {
    const status = await client.db('admin').command({ serverStatus: 1 });
    return Number(status.metrics.queryExecutor.scannedObjects);
  };
  /** Documents examined by `work` (the server is this suite's own: no other test adds to it). */
  const examinedBy = async (work: () => Promise<unknown>): Promise<number> => {
    const before = await scanned();
    await work();
    return (await scanned()) - before;
  };

  beforeAll(async () => {
    server = await PrivateMongoServer.start();
    client = await MongoClient.connect(server.uri('narrowing'));
    db = client.db();
    docs = db.collection<Doc>('docs');
    await docs.insertMany(
      Array.from({ length: SIZE }, (_, n) => ({ _id: `d${n}`, version: 1, schoolId: `s${n % 4}`, email: `p${n}@example.org` })),
    );
    await docs.createIndex({ email: 1 }, { unique: true });
  });
  afterAll(async () => {
    await client?.close();
    await server?.dispose();
  });

  it('reads the whole collection for a field without an index (the counter counts)', async () => {
    const examined = await examinedBy(() => docs.find({ schoolId: 's1' }).toArray());
    expect(examined).toBeGreaterThanOrEqual(SIZE);
  });

  it('finds {_id, version} from the _id index and still checks the version', async () => {
    let found: Doc | null = null;
    const examined = await examinedBy(async () => (found = await docs.findOne({ _id: 'd7', version: 1 })));
    expect(found).toMatchObject({ _id: 'd7', version: 1 });
    expect(examined).toBeLessThanOrEqual(6);
    expect(await docs.findOne({ _id: 'd7', version: 2 })).toBeNull();
  });

  it('applies a versioned update once and refuses the stale version, without a scan', async () => {
    let first = 0;
    const examined = await examinedBy(async () => {
      first = (await docs.updateOne({ _id: 'd9', version: 1 }, { $set: { version: 2 } })).modifiedCount;
    });
    expect(first).toBe(1);
    expect(examined).toBeLessThanOrEqual(6);
    expect((await docs.updateOne({ _id: 'd9', version: 1 }, { $set: { version: 3 } })).modifiedCount).toBe(0);
    expect(await docs.findOne({ _id: 'd9' })).toMatchObject({ version: 2 });
  });

  it('claims by {_id, lease condition} with findOneAndUpdate, and only while the lease is free', async () => {
    const claim = () =>
      docs.findOneAndUpdate(
        { _id: 'd11', $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lt: 1_000 } }] },
        { $set: { leaseUntil: 5_000 } },
        { returnDocument: 'after' },
      );
    let claimed: Doc | null = null;
    const examined = await examinedBy(async () => (claimed = await claim()));
    expect(claimed).toMatchObject({ _id: 'd11', leaseUntil: 5_000 });
    expect(examined).toBeLessThanOrEqual(6);
    expect(await claim()).toBeNull();
  });

  it('serves {_id: {$in}, schoolId} from the index and drops ids of another school', async () => {
    const ids = ['d0', 'd1', 'd4', 'd5', 'd8', 'missing'];
    let found: Doc[] = [];
    const examined = await examinedBy(async () => (found = await docs.find({ _id: { $in: ids }, schoolId: 's0' }).toArray()));
    expect(found.map((doc) => doc._id).sort()).toEqual(['d0', 'd4', 'd8']);
    expect(examined).toBeLessThanOrEqual(6);
  });

  it('narrows by another unique index too, and deletes only what the whole filter matches', async () => {
    let deleted = 0;
    const examined = await examinedBy(async () => {
      deleted = (await docs.deleteOne({ email: 'p20@example.org', schoolId: 's1' })).deletedCount;
    });
    expect(deleted).toBe(0); // p20 belongs to school s0
    expect(examined).toBeLessThanOrEqual(6);
    expect((await docs.deleteOne({ email: 'p20@example.org', schoolId: 's0' })).deletedCount).toBe(1);
    expect(await docs.countDocuments({ _id: 'd20' })).toBe(0);
  });
});

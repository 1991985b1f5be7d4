import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Binary, BSON, Decimal128, Document, Double, Int32, Long, MongoClient, ObjectId } from 'mongodb';
import { PrivateMongoServer } from '@app/testing';

jest.setTimeout(120_000);

/** Values of every BSON type the services store, read back without promotion so each keeps its type. */
const READ_AS_STORED = { promoteLongs: false, promoteValues: false, promoteBuffers: false } as const;

function everyType(id: string): Document {
  return {
    _id: id,
    int: new Int32(7),
    long: Long.fromString('9007199254740993'),
    double: new Double(12.5),
    decimal: Decimal128.fromString('0.10'),
    date: new Date('2026-12-04T10:00:00.000Z'),
    objectId: new ObjectId('65f0a1b2c3d4e5f601234567'),
    binary: new Binary(Buffer.from([0, 1, 2, 255])),
    uuid: new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 4),
    none: null,
    yes: true,
    text: 'Grüße, 学校 🚀',
    nested: { list: [{ a: new Int32(1) }, [new Int32(2), new Int32(3)]], empty: {}, emptyList: [] },
  };
}

/** The fixture's first document, as it was written (fixtures/java-serialized-store/README.md). */
const LEGACY_ITEM: Document = {
  _id: 'item-1',
  sku: 'A-1',
  tags: ['red', 'large'],
  count: new Int32(7),
  total: Long.fromString('9007199254740993'),
  price: new Double(12.5),
  exact: Decimal128.fromString('0.10'),
  at: new Date('2026-12-04T10:00:00.000Z'),
  ref: new ObjectId('65f0a1b2c3d4e5f601234567'),
  raw: new Binary(Buffer.from([0, 1, 2, 255])),
  uuid: new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 4),
  none: null,
  yes: true,
  text: 'Grüße, 学校 🚀',
  nested: { list: [{ a: 1 }, [2, 3]], empty: {}, emptyList: [] },
};

/**
 * The local stand-in keeps documents as BSON in its H2 store (ADR 0064): every type must come back
 * as it was written, across restarts, and a store written before (Java serialization) must be
 * converted at start, not lost.
 */
describe("the local stand-in's document format (private server)", () => {
  let server: PrivateMongoServer;

  beforeAll(async () => {
    server = await PrivateMongoServer.start();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  async function withClient<T>(work: (client: MongoClient) => Promise<T>): Promise<T> {
    const client = await new MongoClient(server.url, { serverSelectionTimeoutMS: 30_000 }).connect();
    try {
      return await work(client);
    } finally {
      await client.close();
    }
  }

  it('returns every BSON type as written, before and after a kill -9', async () => {
    const written = [everyType('a'), { ...everyType('b'), text: 'second' }];
    const read = () => withClient((client) => client.db('format').collection('docs').find({}, READ_AS_STORED).sort({ _id: 1 }).toArray());
    await withClient((client) =>
      client
        .db('format')
        .collection('docs')
        .insertMany(written.map((doc) => ({ ...doc }))),
    );

    const before = await read();
    await server.restart();
    const after = await read();

    const bytes = (docs: Document[]) => docs.map((doc) => Buffer.from(BSON.serialize(doc)).toString('hex'));
    expect(bytes(before)).toEqual(bytes(written));
    expect(bytes(after)).toEqual(bytes(written));
  });

  it("writes a document's own BSON encoding to the file", async () => {
    const probe = { _id: 'probe', marker: `format-probe-${Date.now()}`, n: new Int32(42) };
    await withClient((client) =>
      client
        .db('format')
        .collection<{ _id: string }>('probes')
        .insertOne({ ...probe }),
    );
    // Acknowledged writes are committed to the file before the reply (ADR 0005, commit on write).
    const file = readFileSync(join(server.dataDir, 'mongo.mv'));
    expect(file.includes(Buffer.from(BSON.serialize(probe)))).toBe(true);
  });

  it('converts a store written with Java serialization (before ADR 0064) at start', async () => {
    await server.stop();
    copyFileSync(join(__dirname, 'fixtures', 'java-serialized-store', 'mongo.mv'), join(server.dataDir, 'mongo.mv'));
    await server.start();

    await withClient(async (client) => {
      const items = client.db('legacy').collection<{ _id: string; sku: string; tags: string[] }>('items');
      const [item1, item2] = await items.find({}, READ_AS_STORED).sort({ _id: 1 }).toArray();
      expect(Buffer.from(BSON.serialize(item1)).toString('hex')).toEqual(Buffer.from(BSON.serialize(LEGACY_ITEM)).toString('hex'));
      expect(item2).toEqual({ _id: 'item-2', sku: 'B-2', tags: ['blue'], count: new Int32(3) });
      expect(
        await client
          .db('legacy')
          .collection('counters')
          .findOne({ _id: 'seq' as never }),
      ).toEqual({ _id: 'seq', value: 41 });
      // Its indexes still work: the unique one refuses a duplicate, the non-unique one finds.
      await expect(items.insertOne({ _id: 'item-3', sku: 'A-1', tags: [] })).rejects.toMatchObject({ code: 11000 });
      expect(
        await items
          .find({ tags: 'red' })
          .map((doc) => doc._id)
          .toArray(),
      ).toEqual(['item-1']);
      // Keys whose order changed with the stand-in's key comparison (ADR 0064) are all found by both unique indexes.
      const keys = client.db('legacy').collection<{ _id: string; n: number }>('keys');
      const all = await keys.find().toArray();
      expect(all).toHaveLength(120);
      for (const { _id, n } of all) {
        expect(await keys.findOne({ _id })).toMatchObject({ n });
        expect(await keys.findOne({ n })).toMatchObject({ _id });
      }
      await expect(keys.insertOne({ _id: 'new', n: all[7].n })).rejects.toMatchObject({ code: 11000 });
      // And it takes new writes in the new format, which survive a restart.
      await items.updateOne({ _id: 'item-2' }, { $push: { tags: 'green' } });
    });
    await server.restart();
    await withClient(async (client) => {
      expect(
        await client
          .db('legacy')
          .collection('items')
          .findOne({ _id: 'item-2' as never }),
      ).toMatchObject({ tags: ['blue', 'green'] });
    });
  });
});

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

/** Runs `work` with a client of the private server, closed afterwards. */
async function withClientOf<T>(server: PrivateMongoServer, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await new MongoClient(server.url, { serverSelectionTimeoutMS: 30_000 }).connect();
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

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

  const withClient = <T>(work: (client: MongoClient) => Promise<T>) => withClientOf(server, work);

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

/** The people of fixtures/java-serialized-keys-store, as they were written (its README). */
function peopleOfFixture(from = 0, to = 60, prefix = 'p'): Document[] {
  const people: Document[] = [];
  for (let i = from; i < to; i++) {
    const seq = i % 3 === 0 ? new Int32(i - 30) : i % 3 === 1 ? Long.fromNumber((i - 30) * 1_000_000_007) : new Double(i - 30 + 0.5);
    people.push({
      _id: `${prefix}-${i}`,
      email: `${prefix}${i}-${'ü'.repeat(i % 4)}@example.org`,
      schoolId: `s-${i % 3}`,
      externalId: `e-${i}`,
      active: i % 2 === 0,
      seq,
      nick: i === 0 ? null : `nick-${i}`,
    });
  }
  return people;
}

/** Each unique key of each person finds that person, and a second document with the key is refused. */
async function expectUniqueKeysHold(client: MongoClient, people: Document[]): Promise<void> {
  const collection = client.db('keyed').collection<{ _id: string; [field: string]: unknown }>('people');
  for (const person of people) {
    const keys = [
      { email: person.email },
      { schoolId: person.schoolId, externalId: person.externalId },
      { active: person.active, seq: person.seq },
      { nick: person.nick },
    ];
    for (const key of keys) {
      expect((await collection.findOne(key, { projection: { _id: 1 } }))?._id).toBe(person._id);
      // Each other field is new, so only this key can clash.
      const clash = {
        _id: `clash-${person._id}`,
        email: `clash-${person._id}@example.org`,
        schoolId: 'x',
        externalId: `clash-${person._id}`,
        active: null,
        seq: `clash-${person._id}`,
        nick: `clash-${person._id}`,
        ...key,
      };
      await expect(collection.insertOne(clash)).rejects.toMatchObject({ code: 11000 });
    }
  }
}

/**
 * Unique index keys of strings, numbers, booleans and nulls are written in a compact form instead
 * of Java serialization (ADR 0066); stores whose keys were written before keep working.
 */
describe("the local stand-in's unique index keys (private server)", () => {
  let server: PrivateMongoServer;

  beforeAll(async () => {
    server = await PrivateMongoServer.start();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const withClient = <T>(work: (client: MongoClient) => Promise<T>) => withClientOf(server, work);

  async function createPeople(client: MongoClient): Promise<void> {
    const people = client.db('keyed').collection('people');
    await people.createIndex({ email: 1 }, { unique: true });
    await people.createIndex({ schoolId: 1, externalId: 1 }, { unique: true });
    await people.createIndex({ active: 1, seq: 1 }, { unique: true });
    await people.createIndex({ nick: 1 }, { unique: true });
  }

  it('writes keys of strings, numbers, booleans and nulls compactly, and they hold across a kill -9', async () => {
    const people = peopleOfFixture(0, 60, 'c');
    await withClient(async (client) => {
      await createPeople(client);
      await client
        .db('keyed')
        .collection('people')
        .insertMany(people.map((person) => ({ ...person })));
    });
    // Java serialization names the key's class in every key it writes.
    const file = readFileSync(join(server.dataDir, 'mongo.mv'));
    expect(file.includes(Buffer.from('de.bwaldvogel.mongo.backend.KeyValue'))).toBe(false);

    await server.restart();
    await withClient((client) => expectUniqueKeysHold(client, people));
  });

  it('keeps a store whose keys were Java-serialized working, and adds compact keys beside them', async () => {
    await server.stop();
    copyFileSync(join(__dirname, 'fixtures', 'java-serialized-keys-store', 'mongo.mv'), join(server.dataDir, 'mongo.mv'));
    await server.start();
    const old = peopleOfFixture();
    const added = peopleOfFixture(60, 120);

    await withClient(async (client) => {
      await expectUniqueKeysHold(client, old);
      // A key of a type the compact form leaves to Java serialization (a date) works as before.
      const events = client.db('keyed').collection('events');
      expect(await events.findOne({ at: new Date(Date.UTC(2026, 11, 5, 10, 1)) })).toMatchObject({ _id: 'ev-1' });
      await expect(events.insertOne({ _id: 'ev-again' as never, at: new Date(Date.UTC(2026, 11, 5, 10, 2)) })).rejects.toMatchObject({
        code: 11000,
      });
      // New keys land in the same index pages as the old ones; a changed key replaces an old one.
      await client
        .db('keyed')
        .collection('people')
        .insertMany(added.map((person) => ({ ...person })));
      await client
        .db('keyed')
        .collection('people')
        .updateOne({ _id: 'p-5' as never }, { $set: { email: 'renamed@example.org' } });
    });
    old[5].email = 'renamed@example.org';

    await server.restart();
    await withClient(async (client) => {
      await expectUniqueKeysHold(client, [...old, ...added]);
      expect(await client.db('keyed').collection('people').countDocuments({ email: 'p5-ü@example.org' })).toBe(0);
    });
  });
});

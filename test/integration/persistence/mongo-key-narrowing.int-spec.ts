import { Collection, Db, Double, Long, MongoClient } from 'mongodb';
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

/**
 * mongo-java-server ignored non-unique indexes (an empty index), so `find({schoolId})`, the
 * outbox search `{outboxPending: true}` and the webhook worker's due search read every document.
 * The local server now keeps them in memory (ADR 0057). Each filter here runs on an indexed
 * collection and on a copy without indexes (a scan, the oracle): the answers must be the same,
 * in the cases where an index could go wrong (arrays, numbers of other types, nulls, dotted
 * paths, updates that move a document, deletes, a restart), and the index must narrow the reads.
 */
describe('non-unique indexes on the local Mongo-compatible server (private server)', () => {
  let server: PrivateMongoServer;
  let client: MongoClient;

  interface Item {
    _id: string;
    schoolId?: string | null;
    tags?: unknown[];
    n?: number;
    status?: string;
    due?: Date;
    lines?: { sku: string }[];
  }
  let indexed: Collection<Item>;
  let plain: Collection<Item>;

  const scanned = async (): Promise<number> =>
    Number((await client.db('admin').command({ serverStatus: 1 })).metrics.queryExecutor.scannedObjects);
  /** The indexed collection's answer (checked against the scan's) and the documents it examined. */
  const find = async (filter: object): Promise<{ ids: string[]; examined: number }> => {
    const before = await scanned();
    const found = await indexed.find(filter).toArray();
    const examined = (await scanned()) - before;
    const ids = found.map((doc) => doc._id).sort();
    expect({ filter, ids }).toEqual({ filter, ids: (await plain.find(filter).toArray()).map((doc) => doc._id).sort() });
    return { ids, examined };
  };
  const connect = async () => {
    client = await MongoClient.connect(server.uri('secondary'));
    indexed = client.db().collection<Item>('indexed');
    plain = client.db().collection<Item>('plain');
  };
  const both = async (work: (collection: Collection<Item>) => Promise<unknown>) => {
    await work(indexed);
    await work(plain);
  };

  beforeAll(async () => {
    server = await PrivateMongoServer.start();
    await connect();
    const docs: Item[] = Array.from({ length: 200 }, (_, n) => ({ _id: `i${String(n).padStart(3, '0')}`, schoolId: `s${n % 10}`, n }));
    docs.push(
      { _id: 'arr', schoolId: 's-array', tags: ['red', 'blue'], n: 7.0 },
      { _id: 'nested', tags: [['red'], 'green'], schoolId: null },
      { _id: 'none' },
      { _id: 'due1', status: 'pending', due: new Date('2026-01-01T00:00:00Z'), lines: [{ sku: 'x1' }, { sku: 'x2' }] },
      { _id: 'due2', status: 'pending', due: new Date('2027-01-01T00:00:00Z'), lines: [{ sku: 'x2' }] },
      { _id: 'done', status: 'delivered', due: new Date('2026-01-01T00:00:00Z') },
    );
    await both((collection) => collection.insertMany(docs.map((doc) => ({ ...doc }))));
    // Created after the documents: the index is filled from them.
    const keys: Record<string, 1>[] = [{ schoolId: 1 }, { tags: 1 }, { n: 1 }, { status: 1, due: 1 }, { 'lines.sku': 1 }];
    for (const key of keys) await indexed.createIndex(key);
  });
  afterAll(async () => {
    await client?.close();
    await server?.dispose();
  });

  it('reads only the documents of the value asked for', async () => {
    const { ids, examined } = await find({ schoolId: 's3' });
    expect(ids).toHaveLength(20);
    expect(examined).toBeLessThanOrEqual(25);
  });

  it("reads a shared value's index entries only when they give fewer documents than the _id index does", async () => {
    const keysExamined = async (): Promise<number> =>
      Number((await client.db('admin').command({ serverStatus: 1 })).metrics.queryExecutor.scanned);
    // {_id, schoolId}: the _id index gives one document; the 20 of school s3 are not even collected
    // (a relay or a versioned update names a flag or a school most documents share, beside the _id)
    const one = await find({ _id: 'i003', schoolId: 's3' });
    expect(one.ids).toEqual(['i003']);
    expect(one.examined).toBe(1);
    const before = await keysExamined();
    await indexed.find({ _id: 'i003', schoolId: 's3' }).toArray();
    expect((await keysExamined()) - before).toBe(1);
    // {_id: {$in: 30 ids}, schoolId}: the school's 20 are fewer, so its index is the one read
    const ids = Array.from({ length: 30 }, (_, n) => `i${String(n).padStart(3, '0')}`);
    const fewer = await find({ _id: { $in: ids }, schoolId: 's3' });
    expect(fewer.ids).toEqual(['i003', 'i013', 'i023']);
    expect(fewer.examined).toBe(20);
  });

  it('serves $in and $eq, and checks the rest of the filter on the candidates', async () => {
    expect((await find({ schoolId: { $in: ['s1', 's2'] } })).ids).toHaveLength(40);
    const narrowed = await find({ schoolId: { $eq: 's4' }, n: { $gte: 100 } });
    expect(narrowed.ids).toHaveLength(10);
    expect(narrowed.examined).toBeLessThanOrEqual(25);
    const due = await find({ status: 'pending', due: { $lte: new Date('2026-06-01T00:00:00Z') } });
    expect(due.ids).toEqual(['due1']);
    expect(due.examined).toBeLessThanOrEqual(3);
    // An index that keeps most of the collection is not used: one by one costs more than a scan.
    const most = await find({ schoolId: { $in: ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'] } });
    expect(most.ids).toHaveLength(180);
    expect(most.examined).toBeGreaterThanOrEqual(206);
  });

  it('finds array elements, numbers of another type and values under arrays of documents', async () => {
    expect((await find({ tags: 'red' })).ids).toContain('arr');
    expect((await find({ tags: 'green' })).ids).toEqual(['nested']);
    expect((await find({ n: 7 })).ids).toEqual(['arr', 'i007']); // 7.0 stored, 7 asked
    expect((await find({ n: { $in: [3, 4.0] } })).ids).toEqual(['i003', 'i004']);
    const skus = await find({ 'lines.sku': 'x2' });
    expect(skus.ids).toEqual(['due1', 'due2']);
    expect(skus.examined).toBeLessThanOrEqual(3);
  });

  it('answers null, regex and array conditions as a scan does', async () => {
    expect((await find({ schoolId: null })).ids).toContain('none');
    expect((await find({ schoolId: { $regex: '^s-' } })).ids).toEqual(['arr']);
    await find({ tags: ['red', 'blue'] });
    await find({ tags: { $in: [null, 'blue'] } });
    await find({ schoolId: { $ne: 's1' } });
  });

  it('starts an aggregation from the index its leading $match names (countDocuments is one)', async () => {
    const examinedBy = async (work: () => Promise<unknown>): Promise<number> => {
      const before = await scanned();
      await work();
      return (await scanned()) - before;
    };
    expect(await indexed.countDocuments({ schoolId: 's3' })).toBe(await plain.countDocuments({ schoolId: 's3' }));
    expect(await examinedBy(() => indexed.countDocuments({ schoolId: 's3' }))).toBeLessThanOrEqual(25);
    const perSchool = (c: Collection<Item>) =>
      c
        .aggregate([
          { $match: { schoolId: { $in: ['s1', 's2'] }, n: { $lt: 150 } } },
          { $group: { _id: '$schoolId', n: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
    expect(await perSchool(indexed)).toEqual([
      { _id: 's1', n: 15 },
      { _id: 's2', n: 15 },
    ]);
    expect(await perSchool(plain)).toEqual(await perSchool(indexed));
    expect(await examinedBy(() => perSchool(indexed))).toBeLessThanOrEqual(45);
    // Without a leading $match, or with one no index serves, the whole collection is read.
    expect(await examinedBy(() => indexed.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }]).toArray())).toBeGreaterThanOrEqual(206);
    expect(await examinedBy(() => indexed.countDocuments({ n: { $gte: 100 } }))).toBeGreaterThanOrEqual(206);
  });

  it('follows updates, upserts and deletes', async () => {
    await both((c) => c.updateOne({ _id: 'i013' }, { $set: { schoolId: 's-moved' } }));
    await both((c) => c.updateMany({ schoolId: 's5' }, { $unset: { schoolId: '' } }));
    await both((c) => c.updateOne({ _id: 'late' }, { $set: { schoolId: 's3', tags: ['red'] } }, { upsert: true }));
    await both((c) => c.deleteMany({ schoolId: 's6' }));
    await both((c) => c.findOneAndUpdate({ status: 'pending', _id: 'due2' }, { $set: { status: 'delivered' } }));
    expect((await find({ schoolId: 's-moved' })).ids).toEqual(['i013']);
    expect((await find({ schoolId: 's3' })).ids).toContain('late');
    expect((await find({ schoolId: 's3' })).ids).not.toContain('i013');
    expect((await find({ schoolId: 's5' })).ids).toEqual([]);
    expect((await find({ schoolId: 's6' })).ids).toEqual([]);
    expect((await find({ status: 'pending' })).ids).toEqual(['due1']);
    expect((await find({ tags: 'red' })).ids).toContain('late');
  });

  it('is rebuilt from the stored documents after a restart', async () => {
    await client.close();
    await server.stop('SIGKILL');
    await server.start();
    await connect();
    const { ids, examined } = await find({ schoolId: 's3' });
    expect(ids).toContain('late');
    expect(examined).toBeLessThanOrEqual(25);
    expect((await find({ status: 'pending' })).ids).toEqual(['due1']);
  });
});

/**
 * mongo-java-server compares a document's value with every value of an `$in` list in turn, so
 * reading a batch of n documents by `{_id: {$in: [n ids]}}` (every hire batch, every relay pass)
 * made n² comparisons, and a multi-document update by such a selector did it twice. The local
 * server checks lists of 8 or more plain values by a hash lookup, and runs such an update id by
 * id. The oracle is the same filter with a regex that matches nothing added to the list: a list
 * holding a value that is not plain goes to the upstream matcher as before.
 */
describe('large $in lists on the local Mongo-compatible server (private server)', () => {
  let server: PrivateMongoServer;
  let client: MongoClient;

  interface Row {
    _id: string | number;
    k?: unknown;
    group?: string;
    version?: number;
    touched?: number;
  }
  let rows: Collection<Row>;
  let copy: Collection<Row>;

  const NOTHING = /(?!)/;
  const withNothing = (values: unknown[]) => [...values, NOTHING];
  const hashedIn = async (): Promise<number> =>
    Number((await client.db('admin').command({ serverStatus: 1 })).metrics.queryExecutor.hashedIn);
  const idsOf = (found: Row[]) => found.map((row) => String(row._id)).sort();

  const docs = (): Row[] => [
    ...Array.from({ length: 60 }, (_, n) => ({ _id: `r${n}`, k: `v${n % 15}`, group: `g${n % 3}`, version: 1 })),
    { _id: 'int', k: 3 },
    { _id: 'double', k: new Double(4) },
    { _id: 'long', k: Long.fromNumber(5) },
    { _id: 'array', k: ['v1', 'v99'] },
    { _id: 'nested', k: { v: 'v1' } },
    { _id: 'null', k: null },
    { _id: 'missing' },
    { _id: 'date', k: new Date('2026-01-01T00:00:00Z') },
    { _id: 7, k: 'numeric id' },
  ];

  beforeAll(async () => {
    server = await PrivateMongoServer.start();
    client = await MongoClient.connect(server.uri('hashed_in'));
    rows = client.db().collection<Row>('rows');
    copy = client.db().collection<Row>('copy');
    await rows.insertMany(docs());
    await copy.insertMany(docs());
  });
  afterAll(async () => {
    await client?.close();
    await server?.dispose();
  });

  const values = [
    'v1',
    'v2',
    'v14',
    'absent',
    new Double(3),
    4,
    5,
    new Date('2026-01-01T00:00:00Z'),
    Long.fromNumber(123_456_789_012),
    true,
  ];

  const idList = Array.from({ length: 40 }, (_, n) => `r${n * 2}`).concat(['absent', 'r1']);

  it.each([
    ['a plain field', () => ({ k: { $in: values } })],
    ['a plain field and another condition', () => ({ k: { $in: values }, group: 'g1' })],
    ['_id', () => ({ _id: { $in: [...values, ...idList, new Double(7)] } })],
    ['_id and a plain field, both hashed', () => ({ _id: { $in: [...idList, 7, 'int', 'array'] }, k: { $in: values } })],
  ])('answers a list of plain values on %s as the upstream matcher does, by hash', async (_, filter) => {
    const before = await hashedIn();
    const hashed = idsOf(await rows.find(filter() as never).toArray());
    expect(await hashedIn()).toBeGreaterThan(before);
    expect(hashed.length).toBeGreaterThan(0);
    const upstream = Object.fromEntries(
      Object.entries(filter()).map(([field, condition]) => [
        field,
        typeof condition === 'object' && '$in' in condition ? { $in: withNothing(condition.$in) } : condition,
      ]),
    );
    expect(hashed).toEqual(idsOf(await rows.find(upstream as never).toArray()));
  });

  it('reads a batch by _id exactly: numbers of any type are one key, absent ids find nothing', async () => {
    const found = await rows.find({ _id: { $in: [...idList, new Double(7), 'missing', 'nested'] } } as never).toArray();
    expect(idsOf(found)).toEqual([...Array.from({ length: 30 }, (_, n) => `r${n * 2}`), 'r1', '7', 'missing', 'nested'].sort());
  });

  it('matches an array by its elements (left to the upstream matcher) and a document by nothing', async () => {
    const found = idsOf(await rows.find({ k: { $in: ['v99', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'] } }).toArray());
    expect(found).toEqual(idsOf(await rows.find({ k: { $in: withNothing(['v99', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']) } }).toArray()));
    expect(idsOf(await rows.find({ k: { $in: ['v1', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'] } }).toArray())).toContain('r1');
    expect(idsOf(await rows.find({ k: { $in: ['v1', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'] } }).toArray())).not.toContain('nested');
  });

  it('leaves lists holding null or a regex to the upstream matcher', async () => {
    const before = await hashedIn();
    const withNull = idsOf(await rows.find({ k: { $in: [null, 'v1', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6'] } }).toArray());
    expect(withNull).toEqual(expect.arrayContaining(['null', 'missing', 'r1']));
    const withRegex = idsOf(await rows.find({ k: { $in: [/^numeric/, 'v1', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6'] } }).toArray());
    expect(withRegex).toEqual(expect.arrayContaining(['7', 'r1']));
    expect(await hashedIn()).toBe(before);
  });

  it('updates many by _id in one id at a time with the counts and the effect of one update over the list', async () => {
    const selector = (list: unknown[]) => ({ _id: { $in: list }, version: 1 });
    // Repeated ids (the same number as two types among them) and absent ids; version 2 rows do not match.
    await rows.updateMany({ _id: { $in: ['r0', 'r2'] } }, { $set: { version: 2 } });
    await copy.updateMany({ _id: { $in: ['r0', 'r2'] } }, { $set: { version: 2 } });
    const list = [...idList, 'r1', 'r3', 'absent', 7, new Double(7), 'int'];
    const before = await hashedIn();
    const hashed = await rows.updateMany(selector(list) as never, { $inc: { touched: 1 }, $set: { version: 1 } });
    expect(await hashedIn()).toBeGreaterThan(before);
    const upstream = await copy.updateMany(selector(withNothing(list)) as never, { $inc: { touched: 1 }, $set: { version: 1 } });
    expect({ matched: hashed.matchedCount, modified: hashed.modifiedCount }).toEqual({
      matched: upstream.matchedCount,
      modified: upstream.modifiedCount,
    });
    expect(hashed.matchedCount).toBe(30 - 2 + 2); // r0..r58 even less r0 and r2, plus r1 and r3; 7 and int have no version
    const byId = (found: Row[]) => Object.fromEntries(found.map((row) => [String(row._id), row]));
    expect(byId(await rows.find({}).toArray())).toEqual(byId(await copy.find({}).toArray()));
    expect(await rows.findOne({ _id: 'r1' })).toMatchObject({ touched: 1 });
    expect(await rows.findOne({ _id: 'r0' })).not.toHaveProperty('touched');
  });

  it('leaves an upsert by a large $in to upstream: it inserts one document, as MongoDB does', async () => {
    const list = Array.from({ length: 10 }, (_, n) => `new${n}`);
    const result = await rows.updateMany({ _id: { $in: list }, group: 'fresh' }, { $set: { touched: 9 } }, { upsert: true });
    expect(result.upsertedCount).toBe(1);
    expect(await rows.countDocuments({ group: 'fresh' })).toBe(1);
  });
});

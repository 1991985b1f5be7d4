import { Collection, Document, MongoClient } from 'mongodb';
import { PrivateMongoServer } from '@app/testing';

jest.setTimeout(120_000);

const FIELDS = 3_000;
const READERS = 8;
const WRITERS = 4;
const RUN_MS = 8_000;

interface Tally {
  reads: number;
  writes: number;
  errors: string[];
}

/**
 * mongo-java-server's update changed the document it selected in place before storing it again,
 * and that is the instance the store holds: the instance a reply to another connection's query
 * may be encoding at that moment, outside the server's lock. The reply's encoder then met a
 * changed map (ConcurrentModificationException) and the server closed that connection; in the
 * suite this showed as a rare "connection closed" in whichever test happened to read a document
 * while another wrote it. The stand-in now updates a copy (tools/stack/mongo, SELECTING_FOR_CHANGE).
 * A large document makes each reply long to encode, so readers and writers overlap often: before
 * the fix this run lost dozens of connections.
 */
describe('reads beside updates of the same document (private Mongo-compatible server)', () => {
  let server: PrivateMongoServer;
  let setup: MongoClient;

  beforeAll(async () => {
    server = await PrivateMongoServer.start();
    setup = await new MongoClient(server.url).connect();
  });

  afterAll(async () => {
    await setup?.close();
    await server?.stop();
  });

  /** Runs `work` over its own single-connection client until the run's end. */
  async function onOwnConnection(work: (docs: Collection, round: number) => Promise<void>, tally: Tally, end: number) {
    // A reply the server fails to encode may never come: time out rather than wait for ever.
    const client = await new MongoClient(server.url, { maxPoolSize: 1, socketTimeoutMS: 5_000 }).connect();
    const docs = client.db('concurrent').collection('docs');
    try {
      for (let round = 1; Date.now() < end; round++) {
        try {
          await work(docs, round);
        } catch (error) {
          tally.errors.push((error as Error).message);
        }
      }
    } finally {
      await client.close();
    }
  }

  it('answers every read and every update whole while other connections change the document', async () => {
    const docs = setup.db('concurrent').collection('docs');
    const big: Document = { _id: 'big', version: 0 };
    for (let i = 0; i < FIELDS; i++) big[`f${i}`] = `value-${i}-${'x'.repeat(20)}`;
    await docs.insertOne(big);

    const tally: Tally = { reads: 0, writes: 0, errors: [] };
    const end = Date.now() + RUN_MS;
    const read = async (collection: Collection) => {
      const found = await collection.findOne({ _id: 'big' as never });
      if (!found || found.f2999 !== big.f2999) throw new Error('a read did not return the whole document');
      tally.reads++;
    };
    // Each writer alternately removes its field and sets it again (returning the new document),
    // so the stored document gains and loses keys while replies to the readers are encoded.
    const write = (writer: number) => async (collection: Collection, round: number) => {
      if (round % 2) {
        await collection.updateOne({ _id: 'big' as never }, { $unset: { [`w${writer}`]: '' }, $inc: { version: 1 } });
      } else {
        const after = await collection.findOneAndUpdate(
          { _id: 'big' as never },
          { $set: { [`w${writer}`]: round, [`z${writer}-${round % 50}`]: round }, $inc: { version: 1 } },
          { returnDocument: 'after' },
        );
        if (after?.[`w${writer}`] !== round) throw new Error('findOneAndUpdate did not return its own change');
      }
      tally.writes++;
    };
    await Promise.all([
      ...Array.from({ length: READERS }, () => onOwnConnection(read, tally, end)),
      ...Array.from({ length: WRITERS }, (_, writer) => onOwnConnection(write(writer), tally, end)),
    ]);

    expect(tally.errors).toEqual([]);
    expect(tally.reads).toBeGreaterThan(100);
    expect(tally.writes).toBeGreaterThan(100);
    // Every acknowledged update counted exactly once, none lost to another's in-place change.
    const final = await docs.findOne({ _id: 'big' as never });
    expect(final?.version).toBe(tally.writes);
  });
});

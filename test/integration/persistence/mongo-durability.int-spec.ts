import { MongoClient } from 'mongodb';
import { PrivateMongoServer } from '@app/testing';

jest.setTimeout(120_000);

/**
 * The local Mongo-compatible server (tools/stack/mongo) must keep every write it acknowledged
 * through a kill -9, as MongoDB does with journaled writes: the services' "nothing lost" rests
 * on it (an acknowledged feed entry that vanished on a restart is a hire lost for the school).
 * Before MONGO_COMMIT_ON_WRITE, MVStore committed in the background and a kill -9 right after a
 * burst of writes dropped the last ones (48 of 2,000 in one run).
 */
describe('the local Mongo-compatible server across kill -9 (private server)', () => {
  let server: PrivateMongoServer;

  beforeAll(async () => {
    server = await PrivateMongoServer.start();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps every acknowledged insert, update and findAndModify', async () => {
    let client = await new MongoClient(server.uri('durability'), { serverSelectionTimeoutMS: 5_000 }).connect();
    const docs = client.db().collection<{ _id: number; n: number }>('docs');
    const counters = client.db().collection<{ _id: string; seq: number }>('counters');
    const total = 300;
    for (let i = 0; i < total; i++) {
      await docs.insertOne({ _id: i, n: 0 });
      await docs.updateOne({ _id: i }, { $inc: { n: 1 } });
      await counters.findOneAndUpdate({ _id: 'c' }, { $inc: { seq: 1 } }, { upsert: true });
    }
    await server.stop('SIGKILL');
    await client.close(true).catch(() => undefined);

    await server.start();
    client = await new MongoClient(server.uri('durability'), { serverSelectionTimeoutMS: 30_000 }).connect();
    try {
      expect(await client.db().collection('docs').countDocuments()).toBe(total);
      expect(await client.db().collection('docs').countDocuments({ n: 1 })).toBe(total);
      expect(
        await client
          .db()
          .collection('counters')
          .findOne({ _id: 'c' as never }),
      ).toMatchObject({ seq: total });
    } finally {
      await client.close();
    }
  });

  it('keeps every write it acknowledged to concurrent connections, which share commits (ADR 0064), through a kill -9 amid them', async () => {
    const options = { serverSelectionTimeoutMS: 1_000, retryWrites: false, maxPoolSize: 4 };
    const clients = await Promise.all([1, 2, 3, 4].map(() => new MongoClient(server.uri('durability'), options).connect()));
    const acknowledged: number[] = [];
    let stopped = false;
    const writers = Array.from({ length: 16 }, async (_, writer) => {
      const docs = clients[writer % clients.length].db().collection<{ _id: number; writer: number }>('concurrent');
      for (let i = 0; !stopped; i++) {
        const id = writer * 1_000_000 + i;
        try {
          await docs.insertOne({ _id: id, writer });
          acknowledged.push(id);
        } catch {
          return;
        }
      }
    });
    while (acknowledged.length < 600) await new Promise((resolve) => setTimeout(resolve, 10));
    const { standIn } = (await clients[0].db().admin().serverStatus()).metrics;
    // Writes that arrived together shared a commit.
    expect(standIn.commits).toBeGreaterThan(0);
    expect(standIn.commits).toBeLessThan(standIn.writeCommands);
    await server.stop('SIGKILL');
    stopped = true;
    await Promise.all(writers);
    await Promise.all(clients.map((client) => client.close(true).catch(() => undefined)));

    await server.start();
    const client = await new MongoClient(server.uri('durability'), { serverSelectionTimeoutMS: 30_000 }).connect();
    try {
      const stored = new Set(await client.db().collection<{ _id: number }>('concurrent').distinct('_id'));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

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
});

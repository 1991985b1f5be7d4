import { MongoClient } from 'mongodb';
import { testMongoUri } from '@app/testing';
import { describeMongoServer } from './mongo-server';

describe('describeMongoServer (real Mongo-compatible server of the test stack)', () => {
  it('recognises the stack stand-in, standalone, by what it reports', async () => {
    const url = testMongoUri('bench_describe');
    const client = await MongoClient.connect(url);
    try {
      const server = await describeMongoServer(client, url);
      expect(server).toMatchObject({ kind: 'stand-in', topology: 'standalone' });
      expect(server.version).toMatch(/^\d+\.\d+/);
      expect(server.label).toBe(`mongo-java-server stand-in (reports MongoDB ${server.version})`);
      expect(server.address).toBe(url);
    } finally {
      await client.close();
    }
  });
});

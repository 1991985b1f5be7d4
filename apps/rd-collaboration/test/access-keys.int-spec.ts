import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, RdService, seedPair, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

/** Issue 7, item 11 for this service's access keys: expiry and last use, listed for the operator. */
describe('R&D access keys: expiry, last use, listing (real Kafka and Mongo)', () => {
  let rd: RdService;
  let mongo: MongoClient;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    mongo = await new MongoClient(testMongoUri(rd.database)).connect();
  });
  afterAll(async () => {
    await mongo?.close();
    await rd?.close();
  });

  it('a key with an expiry works until then; the operator sees its last use and expiry, never the key', async () => {
    const pair = await seedPair(rd);
    const issued = await httpJson('POST', `${rd.baseUrl}/v1/access-keys`, {
      token: ADMIN_TOKEN,
      body: { role: 'enterprise', enterpriseId: pair.enterpriseId, label: 'contractor, 30 days', expiresInDays: 30 },
    });
    expect(issued.status).toBe(201);
    expect(Date.parse(issued.body.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const read = () => httpJson('GET', `${rd.baseUrl}/v1/challenges`, { token: issued.body.apiKey });
    expect((await read()).status).toBe(200);

    const keys = await waitFor('the last use recorded', async () => {
      const listed = await httpJson('GET', `${rd.baseUrl}/v1/access-keys?holderId=${pair.enterpriseId}`, { token: ADMIN_TOKEN });
      const key = listed.body.items?.find((k: any) => k.keyId === issued.body.keyId);
      return key?.lastUsedAt ? listed.body.items : undefined;
    });
    expect(keys).toHaveLength(2); // the harness's key and this one
    expect(JSON.stringify(keys)).not.toContain(issued.body.apiKey);

    await mongo
      .db()
      .collection('access_keys')
      .updateOne({ keyId: issued.body.keyId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await read()).status).toBe(401);
    expect((await httpJson('GET', `${rd.baseUrl}/v1/challenges`, { token: pair.enterpriseKey })).status).toBe(200);

    const bad = await httpJson('POST', `${rd.baseUrl}/v1/access-keys`, {
      token: ADMIN_TOKEN,
      body: { role: 'enterprise', enterpriseId: pair.enterpriseId, label: 'x', expiresInDays: 0 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('expiresInDays');
    expect(
      (await httpJson('GET', `${rd.baseUrl}/v1/access-keys?holderId=${pair.enterpriseId}`, { token: pair.enterpriseKey })).status,
    ).toBe(403);
  });
});

import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MongoClient } from 'mongodb';
import { erpHireEvent, httpJson, postErpEvents, testMongoUri, waitFor } from '@app/testing';
import { fillOutcomeFeed, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

const REPLAY_MAX = 300;

/** A receiver answering 204 after `delayMs`, counting what it got by event type and replay or not. */
async function receiver(delayMs: number) {
  const got: { type: string; placementId: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      got.push({ type: body.type, placementId: body.data?.placementId });
      setTimeout(() => {
        res.statusCode = 204;
        res.end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got, server };
}

/**
 * Issue 7, item 10: one school's large replay must not delay everyone else's webhooks. Live
 * deliveries go first, replays share what is left per subscription, and replays are capped.
 */
describe('webhook scheduling: fair across subscriptions, replays capped (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  const servers: Server[] = [];

  beforeAll(async () => {
    service = await startTalentPipeline({ WEBHOOK_POLL_MS: '50', WEBHOOK_REPLAY_MAX_EVENTS: String(REPLAY_MAX) });
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await mongo?.close();
    await service?.close();
  });

  const fillFeed = (schoolId: string, count: number, fromSeq: number) => fillOutcomeFeed(mongo.db(), schoolId, count, fromSeq);

  const subscribe = async (school: { id: string; apiKey: string }, url: string) =>
    (
      await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`, {
        token: school.apiKey,
        body: { url },
      })
    ).body;
  const replay = (school: { id: string; apiKey: string }, subscriptionId: string, body: object) =>
    httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions/${subscriptionId}/replay`, {
      token: school.apiKey,
      body,
    });
  const pendingReplays = (subscriptionId: string) =>
    mongo
      .db()
      .collection('webhook_deliveries')
      .countDocuments({ subscriptionId, status: 'pending', replayId: { $exists: true } });

  it("a school's large replay does not hold up another school's live hire, nor its small replay; replays are capped", async () => {
    const a = await seedActiveInternship(service.baseUrl);
    const b = await seedActiveInternship(service.baseUrl);
    const slow = await receiver(400);
    const fast = await receiver(0);
    servers.push(slow.server, fast.server);
    await fillFeed(a.school.id, 240, 1000);
    await fillFeed(b.school.id, 10, 1000);
    const subA = await subscribe(a.school, slow.url);
    const subB = await subscribe(b.school, fast.url);

    // A: 240 events to a receiver that takes 400 ms each — about five seconds of work at 20 at a time.
    const big = await replay(a.school, subA.id, { since: '2025-01-01' });
    expect(big.status).toBe(202);
    // The 240 plus the `started` outcome of A's seeded placement.
    expect(big.body).toMatchObject({ matched: 241, enqueued: 241 });
    // While it runs: a second replay of the same subscription waits for the first; one too large is refused.
    const second = await replay(a.school, subA.id, { since: '2025-01-01' });
    expect(second.status).toBe(409);
    expect(second.body.title).toBe('replay in progress');
    // The same replay again (its replayId) is not a second replay: idempotent, nothing new.
    expect((await replay(a.school, subA.id, { since: '2025-01-01', replayId: big.body.replayId })).status).toBe(202);

    // B: a small replay and a live hire, both while A's replay is far from done.
    expect((await replay(b.school, subB.id, { since: '2025-01-01' })).body).toMatchObject({ matched: 11 });
    const hire = erpHireEvent({ placementId: b.placement.id, position: { title: 'Technician' }, hireDate: '2026-10-01' });
    const erp = { baseUrl: service.baseUrl, enterpriseId: b.enterprise.id, secret: b.enterprise.erpSigningSecret };
    expect((await postErpEvents({ ...erp, body: hire })).status).toBe(202);
    // B's replay: its ten plus its placement's `started` outcome; then its live hire.
    await waitFor(
      'B: its replay and its live hire',
      () => fast.got.length >= 12 && fast.got.some((g) => g.type === 'talent.placement.hired.v1' && g.placementId === b.placement.id),
      { timeoutMs: 30_000 },
    );
    expect(await pendingReplays(subA.id)).toBeGreaterThanOrEqual(60);

    await waitFor('A: its replay done in the end', async () => (await pendingReplays(subA.id)) === 0, { timeoutMs: 60_000 });
    expect(slow.got.length).toBe(241);
  });

  it('refuses a replay that would send more than the cap, naming `since`, and enqueues nothing', async () => {
    const c = await seedActiveInternship(service.baseUrl);
    await fillFeed(c.school.id, REPLAY_MAX + 5, 1000);
    const sub = await subscribe(c.school, 'http://127.0.0.1:9/hooks');
    const tooBig = await replay(c.school, sub.id, { since: '2025-01-01' });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.errors.map((e: { field: string }) => e.field)).toEqual(['since']);
    expect(
      await mongo
        .db()
        .collection('webhook_deliveries')
        .countDocuments({ subscriptionId: sub.id, replayId: { $exists: true } }),
    ).toBe(0);
  });
});

import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import { MAX_SUBSCRIPTIONS_PER_SCHOOL } from '../src/webhooks/webhook-subscriptions.service';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

const MIB = 1024 * 1024;
/** Inflated size of the bomb; reading it whole, as the worker once did, grows the process by at least this much. */
const BOMB_INFLATED_BYTES = 512 * MIB;
const WEBHOOK_TIMEOUT_MS = 1500;

/** gzip of `inflatedBytes` zeros, built chunk by chunk so the test itself never holds the inflated data. */
async function gzipBomb(inflatedBytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const compressed: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => compressed.push(chunk));
  const zeros = Buffer.alloc(MIB);
  for (let written = 0; written < inflatedBytes; written += zeros.length) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  await new Promise((resolve) => gzip.end(resolve));
  return Buffer.concat(compressed);
}

/** A receiver that accepts each delivery with 200 and then answers with `respond`. */
async function startReceiver(respond: (res: ServerResponse) => void): Promise<{ url: string; server: Server; requests: number }> {
  const state = { url: '', server: undefined as unknown as Server, requests: 0 };
  state.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      state.requests += 1;
      respond(res);
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/hooks`;
  return state;
}

describe('webhook worker hardening: response bodies are capped and slow receivers time out (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  const servers: Server[] = [];
  const trickles: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    service = await startTalentPipeline({ WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS) });
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    trickles.forEach(clearInterval);
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await mongo?.close();
    await service?.close();
  });

  /** A school subscribed to `url`, whose placement then completes: one outcome delivery. */
  async function deliverOneOutcomeTo(url: string) {
    const seeded = await seedActiveInternship(service.baseUrl);
    const created = await httpJson('POST', `${service.baseUrl}/v1/schools/${seeded.school.id}/webhook-subscriptions`, {
      token: seeded.school.apiKey,
      body: { url },
    });
    expect(created.status).toBe(201);
    const sentAt = Date.now();
    const done = await httpJson('POST', `${service.baseUrl}/v1/placements/${seeded.placement.id}/transitions`, {
      token: ADMIN_TOKEN,
      body: { to: 'completed' },
    });
    expect(done.status).toBe(200);
    const deliveries = mongo.db().collection('webhook_deliveries');
    const delivery = await waitFor(
      'the first delivery attempt',
      async () => {
        const found = await deliveries.findOne({ subscriptionId: created.body.id, 'attempts.0': { $exists: true } });
        return found ?? undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    return { delivery, sentAt };
  }

  it('reads a 200 answered with a gzip bomb without inflating it: the delivery succeeds and memory stays flat', async () => {
    const bomb = await gzipBomb(BOMB_INFLATED_BYTES);
    const receiver = await startReceiver((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    servers.push(receiver.server);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
    try {
      const { delivery } = await deliverOneOutcomeTo(receiver.url);
      expect(delivery.status).toBe('delivered');
      expect(delivery.attempts[0].statusCode).toBe(200);
    } finally {
      clearInterval(sampler);
    }
    expect((rssPeak - rssBefore) / MIB).toBeLessThan(100);
  });

  it('gives up on a receiver that trickles its body after answering 200, within the timeout, and counts the 200', async () => {
    const receiver = await startReceiver((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('.');
      trickles.push(setInterval(() => res.write('.'), 200));
    });
    servers.push(receiver.server);
    const { delivery, sentAt } = await deliverOneOutcomeTo(receiver.url);
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts[0].statusCode).toBe(200);
    expect(delivery.attempts[0].durationMs).toBeLessThanOrEqual(WEBHOOK_TIMEOUT_MS + 500);
    expect(Date.now() - sentAt).toBeLessThan(WEBHOOK_TIMEOUT_MS + 10_000);
  });

  it('times out a receiver that never sends its status, and schedules a retry', async () => {
    const receiver = await startReceiver(() => {
      /* holds the connection open without answering */
    });
    servers.push(receiver.server);
    const { delivery } = await deliverOneOutcomeTo(receiver.url);
    expect(delivery.attempts[0].statusCode).toBeUndefined();
    expect(delivery.attempts[0].error).toEqual(expect.any(String));
    expect(delivery.attempts[0].durationMs).toBeLessThanOrEqual(WEBHOOK_TIMEOUT_MS + 500);
    expect(['pending', 'failed']).toContain(delivery.status);
  });

  it('caps the subscriptions of one school (409 beyond the cap), without touching other schools', async () => {
    const admin = { token: ADMIN_TOKEN };
    const school = (await httpJson('POST', `${service.baseUrl}/v1/schools`, { ...admin, body: { name: 'Busy College', country: 'CN' } }))
      .body;
    const other = (await httpJson('POST', `${service.baseUrl}/v1/schools`, { ...admin, body: { name: 'Quiet College', country: 'CN' } }))
      .body;
    const subscribe = (s: { id: string; apiKey: string }, i: number) =>
      httpJson('POST', `${service.baseUrl}/v1/schools/${s.id}/webhook-subscriptions`, {
        token: s.apiKey,
        body: { url: `http://127.0.0.1:9/hooks/${i}` },
      });
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_SCHOOL; i++) expect((await subscribe(school, i)).status).toBe(201);
    const refused = await subscribe(school, MAX_SUBSCRIPTIONS_PER_SCHOOL);
    expect(refused.status).toBe(409);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(refused.body.title).toBe('too many subscriptions');
    expect(await mongo.db().collection('webhook_subscriptions').countDocuments({ schoolId: school.id })).toBe(MAX_SUBSCRIPTIONS_PER_SCHOOL);
    expect((await subscribe(other, 0)).status).toBe(201);
  });
});

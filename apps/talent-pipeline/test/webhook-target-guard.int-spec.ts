import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor, WebhookReceiver } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

/**
 * With WEBHOOK_ALLOW_PRIVATE_TARGETS=false (the production default) a school cannot point
 * webhooks at the platform's own network: refused when saved, and refused again at connection
 * time when a stored URL's name resolves to a non-public address.
 */
describe('webhook targets must be public hosts (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    service = await startTalentPipeline({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    receiverUrl = await receiver.start();
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
    await receiver.stop();
  });

  it('refuses to save a loopback, private, link-local or localhost URL, naming the field, and stores nothing', async () => {
    const school = (await seedActiveInternship(service.baseUrl)).school;
    const subscriptions = `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`;
    for (const url of [
      receiverUrl,
      'http://localhost:8080/hooks',
      'http://10.0.0.7/hooks',
      'http://169.254.169.254/latest',
      'http://[::1]/x',
    ]) {
      const refused = await httpJson('POST', subscriptions, { token: school.apiKey, body: { url } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'url', message: expect.stringContaining('public hosts') }]);
    }
    expect((await httpJson('GET', subscriptions, { token: school.apiKey })).body.items).toEqual([]);

    const allowed = await httpJson('POST', subscriptions, {
      token: school.apiKey,
      body: { url: 'https://hooks.example-school.edu/outcomes' },
    });
    expect(allowed.status).toBe(201);
    const moved = await httpJson('PATCH', `${subscriptions}/${allowed.body.id}`, { token: school.apiKey, body: { url: receiverUrl } });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].field).toBe('url');
    const kept = (await httpJson('GET', subscriptions, { token: school.apiKey })).body.items[0];
    expect(kept.url).toBe('https://hooks.example-school.edu/outcomes');
  });

  it('does not connect when a stored URL names a host that resolves to a non-public address', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    // As if the name had resolved publicly when the subscription was saved: written directly.
    // This machine's own name resolves to a loopback or LAN address.
    const port = new URL(receiverUrl).port;
    const subscriptionId = randomUUID();
    await mongo
      .db()
      .collection('webhook_subscriptions')
      .insertOne({
        _id: subscriptionId as never,
        schoolId: seeded.school.id,
        url: `http://${hostname()}:${port}/hooks`,
        eventTypes: [],
        programmes: [],
        cohorts: [],
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        status: 'active',
        createdAt: new Date(),
      });
    await httpJson('POST', `${service.baseUrl}/v1/placements/${seeded.placement.id}/transitions`, {
      token: ADMIN_TOKEN,
      body: { to: 'completed' },
    });
    const delivery = await waitFor('a refused delivery attempt', async () => {
      const log = await httpJson(
        'GET',
        `${service.baseUrl}/v1/schools/${seeded.school.id}/webhook-subscriptions/${subscriptionId}/deliveries`,
        {
          token: seeded.school.apiKey,
        },
      );
      return log.body.items?.find((d: any) => d.attempts.length > 0);
    });
    expect(delivery.attempts[0].error).toMatch(/resolves to .*, not a public address/);
    expect(delivery.attempts[0].statusCode).toBeUndefined();
    expect(receiver.received).toHaveLength(0);
  });
});

import { MongoClient } from 'mongodb';
import { Webhook } from 'standardwebhooks';
import { erpHireEvent, postErpEvents, httpJson, testMongoUri, waitFor, WebhookReceiver } from '@app/testing';
import { SecretBox } from '../src/shared/secret-box';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline, TEST_SECRETS_KEY } from './talent-pipeline.harness';

jest.setTimeout(90_000);

/** With SECRETS_ENCRYPTION_KEY set, the database holds no signing secret in the clear. */
describe('signing secrets encrypted at rest (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  const receiver = new WebhookReceiver();
  const box = new SecretBox(Buffer.from(TEST_SECRETS_KEY, 'base64'));

  beforeAll(async () => {
    service = await startTalentPipeline({ SECRETS_ENCRYPTION_KEY: TEST_SECRETS_KEY });
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
    await receiver.stop();
  });

  it('stores ERP and webhook secrets sealed, yet verifies the ERP and signs webhooks with the secrets it handed out', async () => {
    const { school, enterprise, placement } = await seedActiveInternship(service.baseUrl);
    const storedEnterprise = await mongo
      .db()
      .collection('enterprises')
      .findOne({ _id: enterprise.id as never });
    expect(storedEnterprise?.erpSigningSecret).toMatch(/^sbx1:/);
    expect(JSON.stringify(storedEnterprise)).not.toContain(enterprise.erpSigningSecret.slice(6));
    expect(box.open(storedEnterprise!.erpSigningSecret)).toBe(enterprise.erpSigningSecret);

    const subscriptions = `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`;
    const created = (await httpJson('POST', subscriptions, { token: school.apiKey, body: { url: await receiver.start() } })).body;
    const rotated = (await httpJson('POST', `${subscriptions}/${created.id}/rotate-secret`, { token: school.apiKey, body: {} })).body;
    const storedSubscription = await mongo
      .db()
      .collection('webhook_subscriptions')
      .findOne({ _id: created.id as never });
    expect(storedSubscription?.secret).toMatch(/^sbx1:/);
    expect(storedSubscription?.previousSecret?.secret).toMatch(/^sbx1:/);
    const stored = JSON.stringify(storedSubscription);
    for (const handedOut of [created.secret, rotated.secret]) expect(stored).not.toContain(handedOut.slice(6));

    const hire = erpHireEvent({ placementId: placement.id, position: { title: 'Technician' }, hireDate: '2026-09-01' });
    const posted = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: hire,
    });
    expect(posted.status).toBe(202);

    const delivered = await waitFor('the hired webhook', () =>
      receiver.received.find((r) => JSON.parse(r.body).type === 'talent.placement.hired.v1'),
    );
    const headers = delivered.headers as Record<string, string>;
    // During the rotation's grace period both the old and the new secret verify the delivery.
    for (const secret of [created.secret, rotated.secret])
      expect(new Webhook(secret).verify(delivered.body, headers)).toMatchObject({ data: { placementId: placement.id } });
    const placementNow = await httpJson('GET', `${service.baseUrl}/v1/placements/${placement.id}`, { token: ADMIN_TOKEN });
    expect(placementNow.body.status).toBe('hired');
  });
});

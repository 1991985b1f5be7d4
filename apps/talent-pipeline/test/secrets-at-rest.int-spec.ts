import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Webhook } from 'standardwebhooks';
import { erpHireEvent, postErpEvents, httpJson, testMongoUri, waitFor, WebhookReceiver } from '@app/testing';
import { SECRET_BOX, SecretBox } from '../src/shared/secret-box';
import { WebhookSubscriptionsRepository } from '../src/webhooks/webhook-subscriptions.repository';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline, TEST_SECRETS_KEY } from './talent-pipeline.harness';

jest.setTimeout(90_000);

/** With SECRETS_ENCRYPTION_KEY set, the database holds no signing secret in the clear. */
describe('signing secrets encrypted at rest (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  const receiver = new WebhookReceiver();
  /** The second test's subscriber, so it sees only its own deliveries. */
  const ownReceiver = new WebhookReceiver();
  const box = new SecretBox(Buffer.from(TEST_SECRETS_KEY, 'base64'));

  beforeAll(async () => {
    service = await startTalentPipeline({ SECRETS_ENCRYPTION_KEY: TEST_SECRETS_KEY });
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
    await receiver.stop();
    await ownReceiver.stop();
  });

  type Seeded = Awaited<ReturnType<typeof seedActiveInternship>>;
  /** A subscription of the school's to `to`, its secret rotated once (both secrets sign during the grace period). */
  const subscribeAndRotate = async (school: Seeded['school'], to: WebhookReceiver) => {
    const subscriptions = `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`;
    const created = (await httpJson('POST', subscriptions, { token: school.apiKey, body: { url: await to.start() } })).body;
    const rotated = (await httpJson('POST', `${subscriptions}/${created.id}/rotate-secret`, { token: school.apiKey, body: {} })).body;
    return { subscriptions, created, rotated };
  };
  /** The enterprise's ERP posts the placement's hire, signed with its secret; the hired webhook follows. */
  const postHire = async ({ enterprise, placement }: Seeded) => {
    const hire = erpHireEvent({ placementId: placement.id, position: { title: 'Technician' }, hireDate: '2026-09-01' });
    const posted = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: hire,
    });
    expect(posted.status).toBe(202);
  };
  const hiredWebhookAt = (to: WebhookReceiver) =>
    waitFor('the hired webhook', () => to.received.find((r) => JSON.parse(r.body).type === 'talent.placement.hired.v1'));

  it('stores ERP and webhook secrets sealed, yet verifies the ERP and signs webhooks with the secrets it handed out', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const { school, enterprise, placement } = seeded;
    const storedEnterprise = await mongo
      .db()
      .collection('enterprises')
      .findOne({ _id: enterprise.id as never });
    expect(storedEnterprise?.erpSigningSecret).toMatch(/^sbx1:/);
    expect(JSON.stringify(storedEnterprise)).not.toContain(enterprise.erpSigningSecret.slice(6));
    expect(box.open(storedEnterprise!.erpSigningSecret)).toBe(enterprise.erpSigningSecret);

    const { created, rotated } = await subscribeAndRotate(school, receiver);
    const storedSubscription = await mongo
      .db()
      .collection('webhook_subscriptions')
      .findOne({ _id: created.id as never });
    expect(storedSubscription?.secret).toMatch(/^sbx1:/);
    expect(storedSubscription?.previousSecret?.secret).toMatch(/^sbx1:/);
    const stored = JSON.stringify(storedSubscription);
    for (const handedOut of [created.secret, rotated.secret]) expect(stored).not.toContain(handedOut.slice(6));

    await postHire(seeded);
    const delivered = await hiredWebhookAt(receiver);
    const headers = delivered.headers as Record<string, string>;
    // During the rotation's grace period both the old and the new secret verify the delivery.
    for (const secret of [created.secret, rotated.secret])
      expect(new Webhook(secret).verify(delivered.body, headers)).toMatchObject({ data: { placementId: placement.id } });
    const placementNow = await httpJson('GET', `${service.baseUrl}/v1/placements/${placement.id}`, { token: ADMIN_TOKEN });
    expect(placementNow.body.status).toBe('hired');
  });

  it('signs a delivery with the current secret alone when no configured key opens the previous one', async () => {
    // ADR 0018, addendum: a previous secret whose key was dropped must not stop the subscription's deliveries.
    const seeded = await seedActiveInternship(service.baseUrl);
    const { subscriptions, created, rotated } = await subscribeAndRotate(seeded.school, ownReceiver);
    const lostKey = new SecretBox(Buffer.alloc(32, 5));
    await mongo
      .db()
      .collection('webhook_subscriptions')
      .updateOne({ _id: created.id as never }, { $set: { 'previousSecret.secret': lostKey.seal(created.secret) } });

    await postHire(seeded);
    const delivered = await hiredWebhookAt(ownReceiver);
    const headers = delivered.headers as Record<string, string>;
    expect(headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(new Webhook(rotated.secret).verify(delivered.body, headers)).toMatchObject({ data: { placementId: seeded.placement.id } });
    expect(() => new Webhook(created.secret).verify(delivered.body, headers)).toThrow();
    const log = (await httpJson('GET', `${subscriptions}/${created.id}/deliveries`, { token: seeded.school.apiKey })).body;
    expect(log.items.map((d: { eventType: string; status: string }) => [d.eventType, d.status])).toContainEqual([
      'talent.placement.hired.v1',
      'delivered',
    ]);
  });
});

/** ADR 0018, addendum: SECRETS_ENCRYPTION_KEY rotates without a partner losing its secret. */
describe('a rotation of SECRETS_ENCRYPTION_KEY (real Kafka + Mongo-compatible server)', () => {
  const oldKey = Buffer.from(TEST_SECRETS_KEY, 'base64');
  const newKey = Buffer.alloc(32, 9);
  const receiver = new WebhookReceiver();
  let mongo: MongoClient;
  let database: string;
  const services: Awaited<ReturnType<typeof startTalentPipeline>>[] = [];
  /** A talent pipeline on the same database as the first one, with these keys. */
  const startWithKeys = async (current: Buffer, previous: Buffer[] = []) => {
    const service = await startTalentPipeline({
      MONGO_URI: testMongoUri(database),
      SECRETS_ENCRYPTION_KEY: current.toString('base64'),
      SECRETS_ENCRYPTION_PREVIOUS_KEYS: previous.map((key) => key.toString('base64')).join(','),
    });
    services.push(service);
    return service;
  };
  const stored = async () => ({
    enterprises: await mongo.db().collection('enterprises').find().toArray(),
    subscriptions: await mongo.db().collection('webhook_subscriptions').find().toArray(),
  });
  /** Every stored signing secret, current and previous. */
  const storedSecrets = async () => {
    const { enterprises, subscriptions } = await stored();
    return [
      ...enterprises.flatMap((e) => [e.erpSigningSecret, e.previousErpSigningSecret?.secret]),
      ...subscriptions.flatMap((s) => [s.secret, s.previousSecret?.secret]),
    ].filter((value): value is string => typeof value === 'string');
  };
  const opensWith = (key: Buffer, value: string) => new SecretBox(key).openIfReadable(value) !== undefined;

  afterAll(async () => {
    for (const service of services) await service.close().catch(() => undefined);
    await mongo?.close();
    await receiver.stop();
  });

  it('opens what the old key sealed, reseals every secret onto the new key at start, and works on the new key alone after', async () => {
    // Before: everything sealed under the old key, a subscription in the grace period of a secret rotation.
    const before = await startTalentPipeline();
    services.push(before);
    database = before.database;
    mongo = await new MongoClient(testMongoUri(database)).connect();
    const { school, enterprise, placement } = await seedActiveInternship(before.baseUrl);
    const subscriptions = `${before.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`;
    const created = (await httpJson('POST', subscriptions, { token: school.apiKey, body: { url: await receiver.start() } })).body;
    const rotated = (await httpJson('POST', `${subscriptions}/${created.id}/rotate-secret`, { token: school.apiKey, body: {} })).body;
    await before.close();
    expect(await storedSecrets()).toHaveLength(3);
    expect((await storedSecrets()).every((value) => opensWith(oldKey, value))).toBe(true);

    // The rotation's first rollout lists the new key (ADR 0087: a replica refuses it as current before that).
    await (await startWithKeys(oldKey, [newKey])).close();
    expect((await storedSecrets()).every((value) => opensWith(oldKey, value))).toBe(true);
    // The second: the new key current, the old one previous. The pass at start moves every secret.
    const during = await startWithKeys(newKey, [oldKey]);
    await waitFor('every secret resealed under the new key', async () =>
      (await storedSecrets()).every((value) => opensWith(newKey, value) && !opensWith(oldKey, value)),
    );
    const reseal = () => httpJson('POST', `${during.baseUrl}/v1/operator/secret-keys/reseal`, { token: ADMIN_TOKEN, body: {} });
    expect((await reseal()).body).toEqual({
      erpSigningSecrets: { resealed: 0, unreadable: 0 },
      webhookSigningSecrets: { resealed: 0, unreadable: 0 },
      previousKeys: 1,
    });
    // A secret a replica still on the old key wrote meanwhile, and one no configured key opens.
    const enterprises = mongo.db().collection('enterprises');
    const plain = enterprise.erpSigningSecret as string;
    await enterprises.updateOne(
      { _id: enterprise.id },
      {
        $set: {
          erpSigningSecret: new SecretBox(oldKey).seal(plain),
          previousErpSigningSecret: {
            secret: new SecretBox(Buffer.alloc(32, 5)).seal('whsec_lost'),
            expiresAt: new Date(Date.now() + 60_000),
          },
        },
      },
    );
    const answer = (await reseal()).body;
    expect(answer.erpSigningSecrets).toEqual({ resealed: 1, unreadable: 1 });
    expect(new SecretBox(newKey).open((await enterprises.findOne({ _id: enterprise.id }))!.erpSigningSecret)).toBe(plain);
    // The previous secret no key opens is left out of verifying: the current one still works.
    const elsewhere = erpHireEvent({ placementId: randomUUID(), position: { title: 'Technician' }, hireDate: '2026-09-01' });
    expect((await postErpEvents({ baseUrl: during.baseUrl, enterpriseId: enterprise.id, secret: plain, body: elsewhere })).status).toBe(
      202,
    );
    // Past its end, a previous secret is no longer used: left alone, not counted.
    await enterprises.updateOne({ _id: enterprise.id }, { $set: { 'previousErpSigningSecret.expiresAt': new Date(0) } });
    expect((await reseal()).body.erpSigningSecrets).toEqual({ resealed: 0, unreadable: 0 });
    await enterprises.updateOne({ _id: enterprise.id }, { $unset: { previousErpSigningSecret: '' } });
    await during.close();

    // After: the old key gone. The ERP's signature still verifies, the webhook is signed with both subscription secrets.
    const after = await startWithKeys(newKey);
    const hire = erpHireEvent({ placementId: placement.id, position: { title: 'Technician' }, hireDate: '2026-09-01' });
    expect((await postErpEvents({ baseUrl: after.baseUrl, enterpriseId: enterprise.id, secret: plain, body: hire })).status).toBe(202);
    // The placement's earlier outcome (started) may be delivered too, by whichever replica runs when its fan-out does.
    const delivered = await waitFor('the hired webhook', () =>
      receiver.received.find((r) => {
        const body = JSON.parse(r.body);
        return body.type === 'talent.placement.hired.v1' && body.data?.placementId === placement.id;
      }),
    );
    for (const secret of [created.secret, rotated.secret])
      expect(new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>)).toMatchObject({
        type: 'talent.placement.hired.v1',
      });
  });

  /**
   * A school rotating its webhook secret while a reseal moves that secret onto the new key: the
   * rotation's conditional write meets a changed stored value. The reseal is run, for real, in
   * the gap between the rotation's read and its write (the repository's write wrapped for that).
   */
  describe('a webhook secret rotation meeting a concurrent write', () => {
    let service: Awaited<ReturnType<typeof startTalentPipeline>>;
    let repository: WebhookSubscriptionsRepository;
    let realReplace: WebhookSubscriptionsRepository['replaceSecret'];
    let calls: number;

    beforeAll(async () => {
      service = await startTalentPipeline({
        SECRETS_ENCRYPTION_KEY: newKey.toString('base64'),
        SECRETS_ENCRYPTION_PREVIOUS_KEYS: oldKey.toString('base64'),
      });
      services.push(service);
      mongo ??= await new MongoClient(testMongoUri(service.database)).connect();
      repository = service.app.get(WebhookSubscriptionsRepository, { strict: false });
      realReplace = repository.replaceSecret.bind(repository);
    });
    afterEach(() => {
      repository.replaceSecret = realReplace;
    });

    /** A subscription whose stored secret is sealed under the old key, as a replica on the old settings wrote it. */
    const subscriptionUnderOldKey = async () => {
      const { school } = await seedActiveInternship(service.baseUrl);
      const path = `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`;
      const created = (await httpJson('POST', path, { token: school.apiKey, body: { url: 'https://receiver.example/hooks' } })).body;
      await mongo
        .db(service.database)
        .collection('webhook_subscriptions')
        .updateOne({ _id: created.id }, { $set: { secret: new SecretBox(oldKey).seal(created.secret) } });
      const rotate = () => httpJson('POST', `${path}/${created.id}/rotate-secret`, { token: school.apiKey, body: {} });
      const storedNow = () => mongo.db(service.database).collection('webhook_subscriptions').findOne({ _id: created.id });
      return { created, rotate, storedNow };
    };
    /** The rotation's writes, the first one after `meanwhile` ran. */
    const interleave = (meanwhile: (id: string) => Promise<unknown>) => {
      calls = 0;
      repository.replaceSecret = async (id, expected, secrets) => {
        if (calls++ === 0) await meanwhile(id);
        return realReplace(id, expected, secrets);
      };
    };

    it('goes on from the resealed value when a reseal moved the secret meanwhile', async () => {
      const { created, rotate, storedNow } = await subscriptionUnderOldKey();
      interleave(() => repository.resealSecrets(service.app.get(SECRET_BOX, { strict: false })));

      const rotated = await rotate();
      expect(rotated.status).toBe(200);
      expect(calls).toBe(2);
      const stored = (await storedNow())!;
      const box = new SecretBox(newKey);
      expect(box.open(stored.secret)).toBe(rotated.body.secret);
      expect(box.open(stored.previousSecret.secret)).toBe(created.secret);
      expect(opensWith(oldKey, stored.previousSecret.secret)).toBe(false);
    });

    it('answers 409 when another rotation replaced the secret meanwhile, keeping that one', async () => {
      const { created, rotate, storedNow } = await subscriptionUnderOldKey();
      const other = new SecretBox(newKey).seal('whsec_rotated_elsewhere');
      interleave((id) =>
        mongo
          .db(service.database)
          .collection('webhook_subscriptions')
          .updateOne({ _id: id as never }, { $set: { secret: other } }),
      );

      const rotated = await rotate();
      expect(rotated.status).toBe(409);
      expect(rotated.body.title).toBe('concurrent rotation');
      expect(calls).toBe(1);
      const stored = (await storedNow())!;
      expect(stored.secret).toBe(other);
      expect(stored.previousSecret).toBeUndefined();
      expect(created.secret).not.toBe('whsec_rotated_elsewhere');
    });
  });
});

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Kafka, Producer } from 'kafkajs';
import { erpHireEvent, erpKafkaRecord, httpJson, postErpEvents, testKafka, testMongoUri, waitFor } from '@app/testing';
import { PartnersRepository } from '../src/partners/partners.repository';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

/** Rotation with overlap, expiry, revocation and last use of partners' API keys and ERP secrets; every change audited. */
describe('partner credentials: rotate, expire, revoke, audit (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let kafka: Kafka;
  let producer: Producer;
  const operator = (body?: unknown, operatorId = 'ops-alice') => ({ token: ADMIN_TOKEN, body, headers: { 'x-operator-id': operatorId } });
  const feed = (schoolId: string, key: string) =>
    httpJson('GET', `${service.baseUrl}/v1/schools/${schoolId}/placement-outcomes`, { token: key });
  const registerSchool = async () =>
    (await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name: 'Key College', country: 'CN' } })).body;

  /** The operator (`operatorId`, by default ops-alice) rotates the school's API key with these options. */
  const rotateSchoolKey = (schoolId: string, options: object, operatorId?: string) =>
    httpJson('POST', `${service.baseUrl}/v1/schools/${schoolId}/api-key/rotations`, operator(options, operatorId));

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    kafka = testKafka('credentials-int');
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await mongo?.close();
    await service?.close();
  });

  it('rotates an API key with an overlap: both keys work until it ends, then only the new one; the operator sees times, never keys', async () => {
    const school = await registerSchool();
    expect((await feed(school.id, school.apiKey)).status).toBe(200);
    const rotated = await rotateSchoolKey(school.id, { overlapSeconds: 3600 });
    expect(rotated.status).toBe(201);
    expect(rotated.body.apiKey).toMatch(/^sk_school_/);
    expect(rotated.body.apiKey).not.toBe(school.apiKey);
    expect((await feed(school.id, school.apiKey)).status).toBe(200);
    expect((await feed(school.id, rotated.body.apiKey)).status).toBe(200);

    const seen = await waitFor('the last use recorded', async () => {
      const view = (await httpJson('GET', `${service.baseUrl}/v1/schools/${school.id}`, { token: ADMIN_TOKEN })).body;
      return view.credentials.apiKeyLastUsedAt ? view : undefined;
    });
    expect(Date.parse(seen.credentials.previousApiKeyValidUntil)).toBeGreaterThan(Date.now() + 3_500_000);
    expect(JSON.stringify(seen)).not.toContain(rotated.body.apiKey);
    expect(JSON.stringify(seen)).not.toMatch(/apiKeyHash|"hash"/);

    // A second rotation without overlap: the first rotation's key stops at once, and so does the original.
    const again = await rotateSchoolKey(school.id, { overlapSeconds: 0 });
    expect(again.status).toBe(201);
    expect((await feed(school.id, rotated.body.apiKey)).status).toBe(401);
    expect((await feed(school.id, school.apiKey)).status).toBe(401);
    expect((await feed(school.id, again.body.apiKey)).status).toBe(200);
  });

  it('refuses an expired key, and a revoked one at once (current and previous); the next rotation gives no grace to the revoked key', async () => {
    const school = await registerSchool();
    const rotated = (await rotateSchoolKey(school.id, { overlapSeconds: 3600, expiresInDays: 30 })).body;
    expect(Date.parse(rotated.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await mongo
      .db()
      .collection('schools')
      .updateOne({ _id: school.id }, { $set: { apiKeyExpiresAt: new Date(Date.now() - 1000) } });
    expect((await feed(school.id, rotated.apiKey)).status).toBe(401);
    expect((await feed(school.id, school.apiKey)).status).toBe(200); // the previous key's overlap still runs

    const revoked = await httpJson(
      'POST',
      `${service.baseUrl}/v1/schools/${school.id}/api-key/revocation`,
      operator({ reason: 'leaked in a CI log' }),
    );
    expect(revoked.status).toBe(200);
    expect((await feed(school.id, school.apiKey)).status).toBe(401);
    expect((await feed(school.id, rotated.apiKey)).status).toBe(401);

    const fresh = (await rotateSchoolKey(school.id, { overlapSeconds: 3600 })).body;
    expect(fresh.previousKeyValidUntil).toBeUndefined();
    expect((await feed(school.id, fresh.apiKey)).status).toBe(200);
    expect((await feed(school.id, school.apiKey)).status).toBe(401);
  });

  it('gives an expired key no grace: a rotation after (or shortly before) its expiry does not accept it past that expiry', async () => {
    const school = await registerSchool();
    const expiring = (await rotateSchoolKey(school.id, { overlapSeconds: 0, expiresInDays: 1 })).body;
    const schools = mongo.db().collection('schools');
    await schools.updateOne({ _id: school.id }, { $set: { apiKeyExpiresAt: new Date(Date.now() - 1000) } });
    expect((await feed(school.id, expiring.apiKey)).status).toBe(401);

    const rotated = await rotateSchoolKey(school.id, { overlapSeconds: 3600 });
    expect(rotated.status).toBe(201);
    expect(rotated.body.previousKeyValidUntil).toBeUndefined();
    expect((await feed(school.id, expiring.apiKey)).status).toBe(401);
    expect((await feed(school.id, rotated.body.apiKey)).status).toBe(200);

    // A key that expires within the overlap is accepted until its own expiry, not beyond.
    const expiresSoon = new Date(Date.now() + 60_000);
    await schools.updateOne({ _id: school.id }, { $set: { apiKeyExpiresAt: expiresSoon } });
    const next = await rotateSchoolKey(school.id, { overlapSeconds: 3600 });
    expect(next.body.previousKeyValidUntil).toBe(expiresSoon.toISOString());
    expect((await feed(school.id, rotated.body.apiKey)).status).toBe(200);
  });

  it('gives no grace to a key revoked while a rotation runs: the rotation does not bring the revoked key back', async () => {
    const school = await registerSchool();
    const repository = service.app.get(PartnersRepository);
    const findById = repository.schools.findById.bind(repository.schools);
    let armed = true;
    // The rotation's read of the school returns the key from before a revocation that lands right after it.
    const spy = jest.spyOn(repository.schools, 'findById').mockImplementation(async (id: string) => {
      const before = await findById(id);
      if (armed && id === school.id) {
        armed = false;
        const revoked = await httpJson(
          'POST',
          `${service.baseUrl}/v1/schools/${school.id}/api-key/revocation`,
          operator({ reason: 'leaked in a log' }),
        );
        expect(revoked.status).toBe(200);
      }
      return before;
    });
    try {
      const rotated = await rotateSchoolKey(school.id, { overlapSeconds: 3600 });
      expect(rotated.status).toBe(201);
      expect(rotated.body.previousKeyValidUntil).toBeUndefined();
      expect((await feed(school.id, school.apiKey)).status).toBe(401);
      expect((await feed(school.id, rotated.body.apiKey)).status).toBe(200);
    } finally {
      spy.mockRestore();
    }
  });

  it('records the whole operator id in the audit: ids are up to 200 characters (ADR 0073), none is cut to another id', async () => {
    const school = await registerSchool();
    const longId = `ops-${'x'.repeat(146)}`; // 150 characters
    const rotated = await rotateSchoolKey(school.id, { overlapSeconds: 0 }, longId);
    expect(rotated.status).toBe(201);
    const audit = await httpJson('GET', `${service.baseUrl}/v1/operator/credential-audit?partnerId=${school.id}`, { token: ADMIN_TOKEN });
    expect(audit.body.items.map((e: any) => e.actor)).toEqual([longId]);
  });

  it('rotates the ERP signing secret: events signed with the old one verify during the overlap (HTTP and Kafka), not after', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const { enterprise } = seeded;
    const rotated = (
      await httpJson(
        'POST',
        `${service.baseUrl}/v1/enterprises/${enterprise.id}/erp-signing-secret/rotations`,
        operator({ overlapSeconds: 600 }),
      )
    ).body;
    expect(rotated.erpSigningSecret).toMatch(/^whsec_/);
    const hire = (placementId: string) => erpHireEvent({ placementId, position: { title: 'Technician' }, hireDate: '2026-10-01' });
    const post = (secret: string, body: unknown) => postErpEvents({ baseUrl: service.baseUrl, enterpriseId: enterprise.id, secret, body });
    expect((await post(enterprise.erpSigningSecret, hire(randomUUID()))).status).toBe(202);
    expect((await post(rotated.erpSigningSecret, hire(randomUUID()))).status).toBe(202);

    // An ERP producing to Kafka that already switched to the new secret: applied.
    const viaKafka = hire(seeded.placement.id);
    await producer.send({
      topic: `${service.prefix}talent.erp-inbound.v1`,
      messages: [erpKafkaRecord(viaKafka, enterprise.id, rotated.erpSigningSecret)],
    });
    await waitFor('the Kafka hire signed with the new secret applied', async () => {
      const p = (await httpJson('GET', `${service.baseUrl}/v1/placements/${seeded.placement.id}`, { token: ADMIN_TOKEN })).body;
      return p.status === 'hired';
    });

    const closed = await httpJson(
      'POST',
      `${service.baseUrl}/v1/enterprises/${enterprise.id}/erp-signing-secret/rotations`,
      operator({ overlapSeconds: 0 }),
    );
    expect((await post(rotated.erpSigningSecret, hire(randomUUID()))).status).toBe(401);
    expect((await post(closed.body.erpSigningSecret, hire(randomUUID()))).status).toBe(202);
    const view = (await httpJson('GET', `${service.baseUrl}/v1/enterprises/${enterprise.id}`, { token: ADMIN_TOKEN })).body;
    expect(view.credentials.erpSigningSecretRotatedAt).toBeDefined();
    expect(view.credentials.previousErpSigningSecretValidUntil).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain('whsec_');
  });

  it('honours an ERP secret rotation made on another replica: the new secret at once, the superseded one refused within seconds', async () => {
    // A second replica of the same deployment: same database, same topics, same consumer group.
    const replica = await startTalentPipeline({
      MONGO_URI: testMongoUri(service.database),
      KAFKA_TOPIC_PREFIX: service.prefix,
      KAFKA_GROUP_ID: `${service.prefix}talent-pipeline`,
    });
    try {
      const { enterprise } = await seedActiveInternship(service.baseUrl);
      const hire = () => erpHireEvent({ placementId: randomUUID(), position: { title: 'Technician' }, hireDate: '2026-10-01' });
      const postTo = (baseUrl: string, secret: string) => postErpEvents({ baseUrl, enterpriseId: enterprise.id, secret, body: hire() });
      // The replica has read (and keeps for a few seconds) the enterprise's current secret.
      expect((await postTo(replica.baseUrl, enterprise.erpSigningSecret)).status).toBe(202);

      const rotate = async () =>
        (
          await httpJson(
            'POST',
            `${service.baseUrl}/v1/enterprises/${enterprise.id}/erp-signing-secret/rotations`,
            operator({ overlapSeconds: 0 }),
          )
        ).body.erpSigningSecret as string;
      const second = await rotate();
      // Signed with the new secret: the replica reads the secrets again rather than refuse.
      expect((await postTo(replica.baseUrl, second)).status).toBe(202);
      expect((await postTo(replica.baseUrl, enterprise.erpSigningSecret)).status).toBe(401);

      // Rotated again while the replica holds `second`: refused there once its copy is 5 s old.
      await rotate();
      await waitFor('the superseded secret refused on the replica', async () => (await postTo(replica.baseUrl, second)).status === 401, {
        timeoutMs: 8_000,
        intervalMs: 500,
      });
    } finally {
      await replica.close();
    }
  });

  it('audits every change (who, what, why, until when), never the credential; bad input is a 400 naming the field; operators only', async () => {
    const school = await registerSchool();
    await rotateSchoolKey(school.id, { overlapSeconds: 60, reason: 'yearly' }, 'ops-bob');
    await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/api-key/revocation`, operator({ reason: 'leaked' }, 'ops-carol'));
    const audit = await httpJson('GET', `${service.baseUrl}/v1/operator/credential-audit?partnerId=${school.id}`, { token: ADMIN_TOKEN });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: any) => [e.action, e.actor, e.reason])).toEqual([
      ['api-key.revoked', 'ops-carol', 'leaked'],
      ['api-key.rotated', 'ops-bob', 'yearly'],
    ]);
    expect(audit.body.items[1].previousValidUntil).toBeDefined();
    expect(JSON.stringify(audit.body)).not.toMatch(/sk_school_|whsec_/);

    const bad = await rotateSchoolKey(school.id, { overlapSeconds: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toContain('overlapSeconds');
    const noReason = await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/api-key/revocation`, operator({}));
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: any) => e.field)).toContain('reason');
    expect(
      (await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/api-key/rotations`, { token: school.apiKey, body: {} })).status,
    ).toBe(403);
    expect((await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/api-key/rotations`, { body: {} })).status).toBe(401);
    expect((await httpJson('POST', `${service.baseUrl}/v1/schools/${randomUUID()}/api-key/rotations`, operator({}))).status).toBe(404);
    const afterBad = await httpJson('GET', `${service.baseUrl}/v1/operator/credential-audit?partnerId=${school.id}`, {
      token: ADMIN_TOKEN,
    });
    expect(afterBad.body.items).toHaveLength(2);
  });
});

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import {
  ADMIN_TOKEN,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

/** Issue 7, item 11 for this service's own keys: expiry, last use, listing and revocation. */
describe('secondment API keys: expire, list, revoke (real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let mongo: MongoClient;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  const admin = (method: string, path: string, body?: unknown) =>
    httpJson(method, `${service.baseUrl}${path}`, { token: ADMIN_TOKEN, body });
  const asKey = (key: string) => httpJson('GET', `${service.baseUrl}/v1/teachers`, { token: key });

  beforeAll(async () => {
    service = await startTeacherSecondment();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    partners = await seedPartnership(service);
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  it("lists a school's keys (its own and its teachers') with their last use, never the keys; a revoked key is refused at once", async () => {
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    const teacherKey = await httpJson('POST', `${service.baseUrl}/v1/teachers/${teacher.id}/api-keys`, { token: partners.schoolKey });
    expect(teacherKey.status).toBe(201);
    expect((await asKey(partners.schoolKey)).status).toBe(200);
    const listed = await waitFor('the last use recorded', async () => {
      const answer = await admin('GET', `/v1/access/keys?partnerId=${partners.schoolId}`);
      return answer.body.items?.some((k: any) => k.role === 'school' && k.lastUsedAt) ? answer.body.items : undefined;
    });
    expect(listed.map((k: any) => k.role).sort()).toEqual(['school', 'teacher']);
    expect(JSON.stringify(listed)).not.toContain(partners.schoolKey);
    const schoolKeyId = listed.find((k: any) => k.role === 'school').keyId;

    const revoked = await admin('POST', `/v1/access/keys/${schoolKeyId}/revoke`, { reason: 'laptop stolen' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ keyId: schoolKeyId, role: 'school', revokeReason: 'laptop stolen' });
    expect((await asKey(partners.schoolKey)).status).toBe(401);
    // Revoking again keeps the first revocation.
    expect((await admin('POST', `/v1/access/keys/${schoolKeyId}/revoke`, { reason: 'again' })).body.revokeReason).toBe('laptop stolen');
    // The enterprise's key is untouched.
    expect((await httpJson('GET', `${service.baseUrl}/v1/posts`, { token: partners.enterpriseKey })).status).toBe(200);
  });

  it('a key issued with an expiry stops working when it expires', async () => {
    const issued = await admin('POST', '/v1/access/keys', { role: 'enterprise', partnerId: partners.enterpriseId, expiresInDays: 30 });
    expect(issued.status).toBe(201);
    expect(Date.parse(issued.body.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect((await httpJson('GET', `${service.baseUrl}/v1/posts`, { token: issued.body.apiKey })).status).toBe(200);
    await mongo
      .db()
      .collection('api_keys')
      .updateOne({ keyId: issued.body.keyId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await httpJson('GET', `${service.baseUrl}/v1/posts`, { token: issued.body.apiKey })).status).toBe(401);
  });

  it("lists an enterprise's mentor keys with the mentor's name (never the key); a mentor key can expire and be revoked like any other", async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId);
    const issued = await httpJson('POST', `${service.baseUrl}/v1/posts/${post.id}/mentor-keys`, {
      token: partners.enterpriseKey,
      body: { name: 'Li Na', expiresInDays: 7 },
    });
    expect(issued.status).toBe(201);
    expect(Date.parse(issued.body.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const mentorGet = () => httpJson('GET', `${service.baseUrl}/v1/posts/${post.id}`, { token: issued.body.apiKey });
    expect((await mentorGet()).status).toBe(200);
    const listed = (await admin('GET', `/v1/access/keys?partnerId=${partners.enterpriseId}`)).body.items;
    expect(listed.find((k: any) => k.keyId === issued.body.keyId)).toMatchObject({
      role: 'mentor',
      mentorId: issued.body.mentorId,
      enterpriseId: partners.enterpriseId,
      postIds: [post.id],
      name: 'Li Na',
    });
    expect(JSON.stringify(listed)).not.toContain(issued.body.apiKey);
    await mongo
      .db()
      .collection('api_keys')
      .updateOne({ keyId: issued.body.keyId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await mentorGet()).status).toBe(401);
    const revoked = await admin('POST', `/v1/access/keys/${issued.body.keyId}/revoke`, { reason: 'mentor moved on' });
    expect(revoked.body).toMatchObject({ role: 'mentor', revokeReason: 'mentor moved on' });
  });

  it('answers 404 for an unknown key, 400 naming the field for a bad body, and only to the operator', async () => {
    expect((await admin('POST', `/v1/access/keys/${randomUUID()}/revoke`, { reason: 'x' })).status).toBe(404);
    const noReason = await admin('POST', `/v1/access/keys/${randomUUID()}/revoke`, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    const badExpiry = await admin('POST', '/v1/access/keys', { role: 'school', partnerId: partners.schoolId, expiresInDays: 0 });
    expect(badExpiry.status).toBe(400);
    expect(JSON.stringify(badExpiry.body)).toContain('expiresInDays');
    const byEnterprise = await httpJson('GET', `${service.baseUrl}/v1/access/keys?partnerId=${partners.enterpriseId}`, {
      token: partners.enterpriseKey,
    });
    expect(byEnterprise.status).toBe(403);
  });
});

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri } from '@app/testing';
import {
  activeSecondment,
  ADMIN_TOKEN,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

type StoredSecondment = {
  _id: string;
  version: number;
  logs: { logId: string; countersignedAt?: string }[];
  evaluation?: unknown;
};

/** Issue 8: mentors countersign practice logs and evaluate with an identity of their own (ADR 0025 amendment). */
describe('mentor keys: a named mentor of a post countersigns and evaluates its own secondments only (real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let base: string;
  let mongo: MongoClient;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let other: Awaited<ReturnType<typeof seedPartnership>>;
  let post: { id: string };
  let otherPost: { id: string };
  let mentor: { mentorId: string; apiKey: string; keyId: string; name: string; email: string; postId: string };
  let secondment: { id: string; teacherId: string };
  let otherSecondment: { id: string };

  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${base}${path}`, { token, body });
  const logDay = async (secondmentId: string, date: string) => {
    const logged = await ok('POST', `${base}/v1/secondments/${secondmentId}/logs`, partners.schoolKey, {
      date,
      hours: 8,
      tasks: ['line work'],
    });
    return logged.logs.find((l: { date: string }) => l.date === date).logId as string;
  };
  /** The raw stored record, to check nothing was written. */
  const stored = (id: string) => mongo.db().collection<StoredSecondment>('secondments').findOne({ _id: id });

  beforeAll(async () => {
    service = await startTeacherSecondment();
    base = service.baseUrl;
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    [partners, other] = await Promise.all([seedPartnership(service), seedPartnership(service)]);
    post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    otherPost = await publishPost(base, partners.enterpriseKey, partners.schoolId, { role: 'Quality engineer (secondment)' });
    const [teacher, otherTeacher] = await Promise.all([
      registerTeacher(base, partners.schoolKey),
      registerTeacher(base, partners.schoolKey),
    ]);
    secondment = await activeSecondment(base, partners, teacher.id, post.id);
    otherSecondment = await activeSecondment(base, partners, otherTeacher.id, otherPost.id);
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  it('the enterprise issues a key to a named mentor of its post: shown once, stored as a hash with the mentor; bad input 400, another enterprise 404', async () => {
    const issued = await call('POST', `/v1/posts/${post.id}/mentor-keys`, partners.enterpriseKey, {
      name: 'Wang Lei',
      email: 'wang.lei@example.com',
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ postId: post.id, name: 'Wang Lei', email: 'wang.lei@example.com', mentorId: expect.any(String) });
    expect(issued.body.apiKey).toMatch(/^ts_mentor_/);
    mentor = issued.body;

    const keys = mongo.db().collection<{ _id: string; keyId: string; principal: Record<string, unknown> }>('api_keys');
    const record = await keys.findOne({ keyId: mentor.keyId });
    expect(record!.principal).toEqual({
      role: 'mentor',
      mentorId: mentor.mentorId,
      enterpriseId: partners.enterpriseId,
      postIds: [post.id],
      name: 'Wang Lei',
      email: 'wang.lei@example.com',
    });
    expect(JSON.stringify(record)).not.toContain(mentor.apiKey);

    const bad = await call('POST', `/v1/posts/${post.id}/mentor-keys`, partners.enterpriseKey, {
      name: '',
      email: 'not-an-email',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    // Plain names, each unknown key on its own (ADR 0086).
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'extra', 'name']);
    expect(bad.body.errors).toContainEqual({ field: 'extra', message: 'property extra should not exist' });
    const before = await keys.countDocuments({ 'principal.role': 'mentor' });
    expect((await call('POST', `/v1/posts/${post.id}/mentor-keys`, other.enterpriseKey, { name: 'Intruder' })).status).toBe(404);
    expect((await call('POST', `/v1/posts/${randomUUID()}/mentor-keys`, partners.enterpriseKey, { name: 'Nobody' })).status).toBe(404);
    expect((await call('POST', `/v1/posts/${post.id}/mentor-keys`, partners.schoolKey, { name: 'School pick' })).status).toBe(403);
    expect((await call('POST', `/v1/posts/${post.id}/mentor-keys`, mentor.apiKey, { name: 'Self-made' })).status).toBe(403);
    expect(await keys.countDocuments({ 'principal.role': 'mentor' })).toBe(before);

    // The operator sees the mentor's key among the enterprise's keys, never the key itself.
    const listed = await ok('GET', `${base}/v1/access/keys?partnerId=${partners.enterpriseId}`, ADMIN_TOKEN);
    expect(listed.items.find((k: { keyId: string }) => k.keyId === mentor.keyId)).toMatchObject({ role: 'mentor', name: 'Wang Lei' });
    expect(JSON.stringify(listed)).not.toContain(mentor.apiKey);
  });

  it("the mentor sees its own post and its secondments only; another post's secondment is 404", async () => {
    expect((await ok('GET', `${base}/v1/posts`, mentor.apiKey)).items.map((p: { id: string }) => p.id)).toEqual([post.id]);
    expect((await call('GET', `/v1/posts/${otherPost.id}`, mentor.apiKey)).status).toBe(404);
    expect((await ok('GET', `${base}/v1/secondments`, mentor.apiKey)).items.map((s: { id: string }) => s.id)).toEqual([secondment.id]);
    expect((await call('GET', `/v1/secondments/${secondment.id}`, mentor.apiKey)).status).toBe(200);
    expect((await call('GET', `/v1/secondments/${otherSecondment.id}`, mentor.apiKey)).status).toBe(404);
    // What the mentor read is a disclosure of the teacher's record to its enterprise (ADR 0041).
    const ledger = (await ok('GET', `${base}/v1/privacy/disclosures/${secondment.teacherId}`, ADMIN_TOKEN)).items;
    expect(ledger).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'GET /v1/secondments/{id}', recipient: expect.objectContaining({ id: partners.enterpriseId }) }),
      ]),
    );
  });

  it("the mentor countersigns a log of its post's secondment under its own name; another post's is 404 and nothing is stored", async () => {
    const logId = await logDay(secondment.id, '2026-09-08');
    const signed = await ok('POST', `${base}/v1/secondments/${secondment.id}/logs/${logId}/countersign`, mentor.apiKey);
    const log = signed.logs.find((l: { logId: string }) => l.logId === logId);
    expect(log).toMatchObject({
      countersignedBy: `mentor:${mentor.mentorId}`,
      countersigner: { role: 'mentor', id: mentor.mentorId, name: 'Wang Lei' },
      countersignedAt: expect.any(String),
    });
    expect(signed.countersignedHours).toBe(8);

    const otherLogId = await logDay(otherSecondment.id, '2026-09-08');
    const refused = await call('POST', `/v1/secondments/${otherSecondment.id}/logs/${otherLogId}/countersign`, mentor.apiKey);
    expect(refused.status).toBe(404);
    expect(refused.contentType).toContain('application/problem+json');
    expect((await stored(otherSecondment.id))!.logs.find((l) => l.logId === otherLogId)!.countersignedAt).toBeUndefined();

    // The enterprise's key still countersigns (backward compatible), and the record says it was the enterprise.
    const byEnterprise = await ok(
      'POST',
      `${base}/v1/secondments/${otherSecondment.id}/logs/${otherLogId}/countersign`,
      partners.enterpriseKey,
    );
    expect(byEnterprise.logs.find((l: { logId: string }) => l.logId === otherLogId)).toMatchObject({
      countersignedBy: `enterprise:${partners.enterpriseId}`,
      countersigner: { role: 'enterprise', id: partners.enterpriseId },
    });
  });

  it('the mentor may not approve, start, complete, log, or read teachers, compliance, credentials or reports: 403, nothing stored', async () => {
    const before = await stored(secondment.id);
    const forbidden: [string, string, unknown?][] = [
      ['POST', `/v1/secondments/${secondment.id}/approvals`, {}],
      ['POST', `/v1/secondments/${secondment.id}/start`],
      ['POST', `/v1/secondments/${secondment.id}/complete`],
      ['POST', `/v1/secondments/${secondment.id}/cancel`, { reason: 'x' }],
      ['POST', `/v1/secondments/${secondment.id}/withdraw`, { reason: 'x' }],
      ['POST', `/v1/secondments/${secondment.id}/logs`, { date: '2026-09-09', hours: 8, tasks: ['x'] }],
      ['POST', `/v1/secondments/${secondment.id}/deliverables`, { kind: 'case-study', title: 'x' }],
      ['POST', '/v1/secondments', { teacherId: secondment.teacherId, postId: post.id }],
      ['POST', '/v1/posts', {}],
      ['GET', '/v1/teachers'],
      ['GET', `/v1/teachers/${secondment.teacherId}`],
      ['GET', `/v1/teachers/${secondment.teacherId}/compliance`],
      ['GET', '/v1/credentials'],
      ['GET', `/v1/reports/enterprises/${partners.enterpriseId}`],
      ['GET', '/v1/engineer-teaching'],
      ['GET', `/v1/access/keys?partnerId=${partners.enterpriseId}`],
    ];
    const answers = await Promise.all(
      forbidden.map(async ([method, path, body]) => `${method} ${path} ${(await call(method, path, mentor.apiKey, body)).status}`),
    );
    expect(answers).toEqual(forbidden.map(([method, path]) => `${method} ${path} 403`));
    const after = await stored(secondment.id);
    expect(after!.version).toBe(before!.version);
    expect(after!.logs).toEqual(before!.logs);
  });

  it("the mentor's evaluation names the mentor; another post's is 404 and nothing is stored", async () => {
    const refused = await call('POST', `/v1/secondments/${otherSecondment.id}/evaluation`, mentor.apiKey, { score: 5 });
    expect(refused.status).toBe(404);
    expect((await stored(otherSecondment.id))!.evaluation).toBeUndefined();
    const bad = await call('POST', `/v1/secondments/${secondment.id}/evaluation`, mentor.apiKey, { score: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('score');

    const evaluated = await ok('POST', `${base}/v1/secondments/${secondment.id}/evaluation`, mentor.apiKey, {
      score: 4,
      competencies: { troubleshooting: 4 },
    });
    expect(evaluated.evaluation).toMatchObject({
      score: 4,
      evaluatedBy: `mentor:${mentor.mentorId}`,
      evaluator: { role: 'mentor', id: mentor.mentorId, name: 'Wang Lei' },
    });
  });

  it("hours the mentor countersigned count as practice in the teacher's compliance", async () => {
    const answer = await ok('GET', `${base}/v1/teachers/${secondment.teacherId}/compliance?asOf=2026-11-01`, partners.schoolKey);
    expect(answer.credited.contributions).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: 'secondment', ref: secondment.id })]),
    );
    expect(answer.credited.bySource.secondment).toBeGreaterThan(0);
  });

  it('a revoked mentor key authenticates nobody', async () => {
    await ok('POST', `${base}/v1/access/keys/${mentor.keyId}/revoke`, ADMIN_TOKEN, { reason: 'mentor left the company' });
    expect((await call('GET', '/v1/posts', mentor.apiKey)).status).toBe(401);
  });
});

import { activateAgreement, httpJson, testMongoUri } from '@app/testing';
import { MongoClient } from 'mongodb';
import { ADMIN_TOKEN, readModelAnswers, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

const PERIOD = { from: '2026-03-01', to: '2026-03-30' };
const ALL_YEAR = { from: '2026-01-01', to: '2026-12-31' };
const SKILLED = { skills: [{ label: 'Welding' }], availability: ALL_YEAR };

type Service = Awaited<ReturnType<typeof startTalentPipeline>>;

const answersFrom = (service: Service, source: 'pool' | 'database') =>
  readModelAnswers(service.baseUrl, 'matching', source === 'pool' ? 'memory' : 'database');

/**
 * The in-memory matching pool (ADR 0060): every replica ranks from its own copy of the students
 * and `matching` consents, caught up through the change log before each match, and checks the
 * students it answers with against the database.
 */
describe('Matching from the in-memory candidate pool (real Kafka + Mongo-compatible server)', () => {
  let service: Service;
  let replica: Service;
  let mongo: MongoClient;
  let enterprise: { id: string; apiKey: string };
  let school: { id: string };
  let requisition: { id: string };

  const post = async (baseUrl: string, path: string, body: unknown, token = ADMIN_TOKEN) => {
    const response = await httpJson('POST', `${baseUrl}${path}`, { token, body });
    if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const student = async (baseUrl: string, name: string, extra: Record<string, unknown> = SKILLED): Promise<string> =>
    (
      await post(baseUrl, '/v1/students', {
        schoolId: school.id,
        givenName: name,
        familyName: 'Pool',
        programme: 'welding',
        cohort: '2025',
        ...extra,
      })
    ).id;
  const consent = async (baseUrl: string, studentId: string): Promise<string> =>
    (await post(baseUrl, `/v1/students/${studentId}/consents`, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' }))
      .id;
  const matchedOn = async (on: Service): Promise<{ ranked: number; ids: string[] }> => {
    const response = await httpJson(
      'GET',
      `${on.baseUrl}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches?limit=200`,
      {
        token: enterprise.apiKey,
      },
    );
    expect(response.status).toBe(200);
    return { ranked: response.body.ranked, ids: response.body.items.map((i: { studentId: string }) => i.studentId).sort() };
  };

  beforeAll(async () => {
    service = await startTalentPipeline();
    // A second replica of the same deployment: same database, same topics, same consumer group.
    replica = await startTalentPipeline({
      MONGO_URI: testMongoUri(service.database),
      KAFKA_TOPIC_PREFIX: service.prefix,
      KAFKA_GROUP_ID: `${service.prefix}talent-pipeline`,
    });
    mongo = await MongoClient.connect(testMongoUri(service.database));
    enterprise = await post(service.baseUrl, '/v1/enterprises', { name: 'Pool Works', country: 'CN' });
    school = await post(service.baseUrl, '/v1/schools', { name: 'Pool College', country: 'CN' });
    await activateAgreement({
      baseUrl: service.baseUrl,
      adminToken: ADMIN_TOKEN,
      schoolId: school.id,
      enterpriseId: enterprise.id,
      kinds: ['internship'],
    });
    requisition = await post(
      service.baseUrl,
      `/v1/enterprises/${enterprise.id}/requisitions`,
      { role: 'Welder', skills: [{ label: 'Welding' }], headcount: 1, kind: 'internship', period: PERIOD, location: 'Suzhou' },
      enterprise.apiKey,
    );
  });
  afterAll(async () => {
    await mongo?.close();
    await replica?.close();
    await service?.close();
  });

  it("sees another replica's new students, consents and withdrawals at the next match", async () => {
    const first = await student(service.baseUrl, 'First');
    await consent(service.baseUrl, first);
    // The replica loads its pool now, with the first student.
    expect(await matchedOn(replica)).toEqual({ ranked: 1, ids: [first] });

    // Registered and consented through the other replica after the pool was loaded.
    const second = await student(service.baseUrl, 'Second');
    const secondConsent = await consent(service.baseUrl, second);
    expect(await matchedOn(replica)).toEqual({ ranked: 2, ids: [first, second].sort() });

    await post(service.baseUrl, `/v1/students/${second}/consents/${secondConsent}/withdraw`, {});
    expect(await matchedOn(replica)).toEqual({ ranked: 1, ids: [first] });
    // Both answered from the pool, not from the database.
    expect(await answersFrom(replica, 'pool')).toBe(3);
    expect(await answersFrom(replica, 'database')).toBe(0);
  });

  it('keeps a student whose second consent to the enterprise expired while the first is in force', async () => {
    const id = await student(service.baseUrl, 'Twice');
    await post(service.baseUrl, `/v1/students/${id}/consents`, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'guardian' });
    // A second grant by someone else is a second consent; this one runs out in a moment.
    const expiresAt = new Date(Date.now() + 1_500);
    await post(service.baseUrl, `/v1/students/${id}/consents`, {
      enterpriseId: enterprise.id,
      purpose: 'matching',
      grantedBy: 'student',
      expiresAt: expiresAt.toISOString(),
    });
    expect((await matchedOn(replica)).ids).toContain(id);
    const fromPool = await answersFrom(replica, 'pool');

    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 200));
    expect((await matchedOn(replica)).ids).toContain(id);
    expect(await answersFrom(replica, 'pool')).toBe(fromPool + 1);
  });

  it('never answers with what changed around the service: the students it would answer with are checked in the database first', async () => {
    const id = await student(service.baseUrl, 'Bypassed');
    const consentId = await consent(service.baseUrl, id);
    expect((await matchedOn(service)).ids).toContain(id);
    const fromDatabaseBefore = await answersFrom(service, 'database');

    // Withdrawn by a script writing to the database directly: no change-log record.
    await mongo
      .db()
      .collection<{ _id: string }>('consents')
      .updateOne({ _id: consentId }, { $set: { withdrawnAt: new Date(Date.now() - 1000), withdrawalRecordedBy: 'operator' } });
    const after = await matchedOn(service);
    expect(after.ids).not.toContain(id);
    // That answer came from the database, and the pool was reloaded for the next one.
    expect(await answersFrom(service, 'database')).toBe(fromDatabaseBefore + 1);
    const poolBefore = await answersFrom(service, 'pool');
    expect(await matchedOn(service)).toEqual(after);
    expect(await answersFrom(service, 'pool')).toBe(poolBefore + 1);
  });

  it('leaves an erased student out at the next match, on every replica', async () => {
    const id = await student(service.baseUrl, 'Erased');
    await consent(service.baseUrl, id);
    expect((await matchedOn(replica)).ids).toContain(id);
    const poolBefore = await answersFrom(replica, 'pool');
    const response = await httpJson('POST', `${service.baseUrl}/v1/operator/erasure-requests`, {
      token: ADMIN_TOKEN,
      body: { studentId: id, reason: 'test' },
    });
    expect(response.status).toBeLessThan(300);
    // The erasure is done once its last write was recorded in the change log: the student's id is
    // recorded at registration, at the erasure's start (its mark) and at its end.
    const studentChanges = () => mongo.db().collection<{ _id: string; recent: string[] }>('change_logs').findOne({ _id: 'students' });
    const deadline = Date.now() + 60_000;
    while ((await studentChanges())?.recent.filter((changed) => changed === id).length !== 3) {
      if (Date.now() > deadline) throw new Error('the erasure was not recorded within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(
      await mongo
        .db()
        .collection<{ _id: string }>('students')
        .findOne({ _id: id, erasedAt: { $exists: true } }),
    ).not.toBeNull();
    expect((await matchedOn(replica)).ids).not.toContain(id);
    // Answered from the pool: the erasure reached it through the change log.
    expect(await answersFrom(replica, 'pool')).toBe(poolBefore + 1);
  });
});

describe('Matching with the pool limited to fewer students than there are', () => {
  it('answers from the database, with the same answer', async () => {
    const service = await startTalentPipeline({ MATCHING_POOL_MAX_STUDENTS: '2' });
    try {
      const post = async (path: string, body: unknown, token = ADMIN_TOKEN) =>
        (await httpJson('POST', `${service.baseUrl}${path}`, { token, body })).body;
      const enterprise = await post('/v1/enterprises', { name: 'Small Pool Works', country: 'CN' });
      const school = await post('/v1/schools', { name: 'Small Pool College', country: 'CN' });
      await activateAgreement({
        baseUrl: service.baseUrl,
        adminToken: ADMIN_TOKEN,
        schoolId: school.id,
        enterpriseId: enterprise.id,
        kinds: ['internship'],
      });
      const ids: string[] = [];
      for (const name of ['One', 'Two', 'Three']) {
        const created = await post('/v1/students', {
          schoolId: school.id,
          givenName: name,
          familyName: 'Small',
          programme: 'welding',
          cohort: '2025',
          ...SKILLED,
        });
        await post(`/v1/students/${created.id}/consents`, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' });
        ids.push(created.id);
      }
      const requisition = await post(
        `/v1/enterprises/${enterprise.id}/requisitions`,
        { role: 'Welder', skills: [{ label: 'Welding' }], headcount: 1, kind: 'internship', period: PERIOD, location: 'Suzhou' },
        enterprise.apiKey,
      );
      const response = await httpJson('GET', `${service.baseUrl}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`, {
        token: enterprise.apiKey,
      });
      expect(response.body.ranked).toBe(3);
      expect(response.body.items.map((i: { studentId: string }) => i.studentId).sort()).toEqual([...ids].sort());
      expect(await answersFrom(service, 'database')).toBe(1);
      expect(await answersFrom(service, 'pool')).toBe(0);
    } finally {
      await service.close();
    }
  });
});

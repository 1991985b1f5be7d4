import { allowPlacement, httpJson, testMongoUri } from '@app/testing';
import { ADMIN_TOKEN, readModelAnswers, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(180_000);

type Service = Awaited<ReturnType<typeof startTalentPipeline>>;

/**
 * The in-memory report pool (ADR 0060) follows the change log of students and placements: a
 * replica's report reflects writes made on another replica at once, and equals the report a
 * replica without the pool computes from the database.
 */
describe('Reports from the in-memory pool, across replicas (real Kafka + Mongo-compatible server)', () => {
  let writer: Service;
  let pooled: Service;
  let fromDatabase: Service;
  let school: { id: string; apiKey: string };
  let enterprise: { id: string; apiKey: string };

  const post = async (path: string, body: unknown) => {
    const response = await httpJson('POST', `${writer.baseUrl}${path}`, { token: ADMIN_TOKEN, body });
    if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  /** A report without its generation time, from one replica. */
  const report = async (on: Service, path: string, token: string) => {
    const response = await httpJson('GET', `${on.baseUrl}${path}`, { token });
    expect(response.status).toBe(200);
    const { generatedAt, ...rest } = response.body;
    expect(typeof generatedAt).toBe('string');
    return rest;
  };
  const schoolReport = (on: Service) => report(on, `/v1/schools/${school.id}/reports/placements`, school.apiKey);
  const conversion = (on: Service) => report(on, `/v1/enterprises/${enterprise.id}/reports/conversion`, enterprise.apiKey);
  beforeAll(async () => {
    writer = await startTalentPipeline();
    const sameDeployment = {
      MONGO_URI: testMongoUri(writer.database),
      KAFKA_TOPIC_PREFIX: writer.prefix,
      KAFKA_GROUP_ID: `${writer.prefix}talent-pipeline`,
    };
    pooled = await startTalentPipeline(sameDeployment);
    fromDatabase = await startTalentPipeline({ ...sameDeployment, REPORTS_POOL_MAX_DOCUMENTS: '0' });
    school = await post('/v1/schools', { name: 'Pool College', country: 'CN' });
    enterprise = await post('/v1/enterprises', { name: 'Pool Motors', country: 'CN' });
  });
  afterAll(async () => {
    await fromDatabase?.close();
    await pooled?.close();
    await writer?.close();
  });

  it("reflects another replica's students, placements, transitions and erasures at the next report, as the database does", async () => {
    const student = async (givenName: string) =>
      (await post('/v1/students', { schoolId: school.id, givenName, familyName: 'Pool', programme: 'mechatronics', cohort: '2025' }))
        .id as string;
    await student('First');
    // The pooled replica loads its pool now.
    expect(await schoolReport(pooled)).toMatchObject({ totals: { students: 1, placedStudents: 0 } });

    const second = await student('Second');
    await allowPlacement({
      baseUrl: writer.baseUrl,
      adminToken: ADMIN_TOKEN,
      schoolId: school.id,
      enterpriseId: enterprise.id,
      studentId: second,
    });
    const placement = await post('/v1/placements', {
      studentId: second,
      enterpriseId: enterprise.id,
      kind: 'internship',
      role: 'CNC intern',
      startDate: '2026-03-01',
    });
    expect(await schoolReport(pooled)).toMatchObject({ totals: { students: 2, placedStudents: 0 } });

    for (const to of ['offered', 'accepted', 'active']) {
      if (to === 'active') await signAgreement(writer.baseUrl, placement.id);
      await post(`/v1/placements/${placement.id}/transitions`, { to });
    }
    const active = await schoolReport(pooled);
    expect(active).toMatchObject({
      totals: { students: 2, placedStudents: 1 },
      destinations: [{ enterpriseId: enterprise.id, role: 'CNC intern', placements: 1 }],
    });
    expect(active).toEqual(await schoolReport(fromDatabase));

    await post(`/v1/placements/${placement.id}/transitions`, { to: 'completed' });
    await post(`/v1/placements/${placement.id}/transitions`, { to: 'hired' });
    expect(await conversion(pooled)).toMatchObject({ totals: { internsStarted: 1, internshipsEnded: 1, hired: 1 } });
    expect(await conversion(pooled)).toEqual(await conversion(fromDatabase));
    expect(await schoolReport(pooled)).toEqual(await schoolReport(fromDatabase));

    // Erasure pseudonymises the student's placements and keeps the student's programme and cohort.
    const filed = await httpJson('POST', `${writer.baseUrl}/v1/operator/erasure-requests`, {
      token: ADMIN_TOKEN,
      body: { studentId: second, reason: 'test' },
    });
    expect(filed.status).toBe(202);
    const erasedBefore = Date.now() + 60_000;
    while ((await httpJson('GET', `${writer.baseUrl}/v1/students/${second}`, { token: ADMIN_TOKEN })).status !== 404) {
      if (Date.now() > erasedBefore) throw new Error('the student was not erased within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await schoolReport(pooled)).toEqual(await schoolReport(fromDatabase));

    // Every report of the pooled replica came from memory, every one of the other from the database.
    expect(await readModelAnswers(pooled.baseUrl, 'reports', 'database')).toBe(0);
    expect(await readModelAnswers(pooled.baseUrl, 'reports', 'memory')).toBe(7);
    expect(await readModelAnswers(fromDatabase.baseUrl, 'reports', 'memory')).toBe(0);
    expect(await readModelAnswers(fromDatabase.baseUrl, 'reports', 'database')).toBe(4);
  });
});

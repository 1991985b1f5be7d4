import { fetchChecked, httpJson, operatorHeaders } from '@app/testing';
import {
  activeSecondment,
  ADMIN_TOKEN,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

/**
 * The operator access log in the secondment service (ADR 0040, shared with the talent pipeline
 * through @app/platform): operator reads of teachers' personal data need X-Operator-Id and
 * X-Access-Reason and are logged before the answer; the log is queryable by the operator only.
 * Real Kafka and Mongo.
 */
describe('operator access log of the secondment service (real Kafka + Mongo)', () => {
  let service: SecondmentService;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let teacher: { id: string };
  let colleague: { id: string };
  let secondment: { id: string };

  const url = (path: string) => `${service.baseUrl}${path}`;
  const get = (path: string, token = ADMIN_TOKEN, extra: Parameters<typeof httpJson>[2] = {}) =>
    httpJson('GET', url(path), { token, ...extra });
  const log = async (query: string) => {
    const response = await get(`/v1/operator/access-log?${query}`);
    expect(response.status).toBe(200);
    return response.body.items as any[];
  };
  /** The operator routes that return the teacher's data, and whose data each answer carries. */
  const reads = () => [
    { path: `/v1/teachers/${teacher.id}`, route: 'GET /v1/teachers/:id', teachers: [teacher.id] },
    { path: `/v1/teachers/${teacher.id}/compliance`, route: 'GET /v1/teachers/:id/compliance', teachers: [teacher.id] },
    { path: `/v1/teachers/${teacher.id}/disclosures`, route: 'GET /v1/teachers/:id/disclosures', teachers: [teacher.id] },
    { path: `/v1/teachers?schoolId=${partners.schoolId}`, route: 'GET /v1/teachers', teachers: [teacher.id, colleague.id] },
    { path: `/v1/secondments/${secondment.id}`, route: 'GET /v1/secondments/:id', teachers: [teacher.id] },
    { path: `/v1/secondments?teacherId=${teacher.id}`, route: 'GET /v1/secondments', teachers: [teacher.id] },
    { path: `/v1/reports/schools/${partners.schoolId}`, route: 'GET /v1/reports/schools/:schoolId', teachers: [teacher.id, colleague.id] },
    {
      path: `/v1/reports/enterprises/${partners.enterpriseId}`,
      route: 'GET /v1/reports/enterprises/:enterpriseId',
      teachers: [teacher.id],
    },
    { path: `/v1/privacy/disclosures/${teacher.id}`, route: 'GET /v1/privacy/disclosures/:personId', teachers: [teacher.id] },
  ];
  // Marked too, but their answers name no teacher here (no credential issued, nobody lapsing is certain).
  const alsoMarked = () => [`/v1/credentials?teacherId=${teacher.id}`, `/v1/compliance/lapsing?schoolId=${partners.schoolId}`];

  beforeAll(async () => {
    service = await startTeacherSecondment();
    partners = await seedPartnership(service);
    teacher = await registerTeacher(service.baseUrl, partners.schoolKey, { displayName: 'Chen Jing' });
    colleague = await registerTeacher(service.baseUrl, partners.schoolKey, { displayName: 'Liu Yang' });
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId);
    secondment = await activeSecondment(service.baseUrl, partners, teacher.id, post.id);
  });
  afterAll(async () => service?.close());

  it('refuses operator reads of teachers’ data without X-Operator-Id or X-Access-Reason (400 problem+json naming the header) and logs none of them', async () => {
    for (const path of [...reads().map((r) => r.path), ...alsoMarked()]) {
      const bare = await get(path, ADMIN_TOKEN, { operator: false });
      expect({ path, status: bare.status, type: bare.contentType }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(bare.body.errors.map((e: any) => e.field)).toEqual(['X-Operator-Id', 'X-Access-Reason']);
      const noReason = await get(path, ADMIN_TOKEN, { operator: false, headers: { 'x-operator-id': 'ops:alice' } });
      expect({ path, fields: noReason.body.errors.map((e: any) => e.field) }).toEqual({ path, fields: ['X-Access-Reason'] });
      const badId = await get(path, ADMIN_TOKEN, { operator: { id: 'two words', reason: 'x'.repeat(501) } });
      expect({ path, status: badId.status, errors: badId.body.errors }).toEqual({
        path,
        status: 400,
        errors: [
          { field: 'X-Operator-Id', message: '1-200 visible ASCII characters' },
          { field: 'X-Access-Reason', message: 'at most 500 characters' },
        ],
      });
    }
    // A school reading its own teacher is not an operator read: no headers needed, nothing logged.
    expect((await get(`/v1/teachers/${teacher.id}`, partners.schoolKey, { operator: false })).status).toBe(200);
    expect((await get(`/v1/reports/schools/${partners.schoolId}`, partners.schoolKey, { operator: false })).status).toBe(200);
    expect(await log(`teacherId=${teacher.id}`)).toEqual([]);
    expect(await log('')).toEqual([]);
  });

  it('logs every operator read of a teacher’s data (who, why, route, path, teachers, when) and answers the query by teacher, operator, time and limit', async () => {
    const start = new Date().toISOString();
    const alice = { id: 'ops:alice', reason: 'ticket HR-7: the teacher asked what the platform holds' };
    for (const { path } of reads())
      expect({ path, status: (await get(path, ADMIN_TOKEN, { operator: alice })).status }).toEqual({ path, status: 200 });
    // A CSV answer cannot be searched: the report names its teachers for the log.
    const csv = await fetchChecked(url(`/v1/reports/schools/${partners.schoolId}?format=csv`), {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...operatorHeaders(alice) },
    });
    expect(csv.contentType).toContain('text/csv');
    expect(csv.text).toContain('Chen Jing');
    await get(`/v1/teachers/${teacher.id}`, ADMIN_TOKEN, { operator: { id: 'ops:bob', reason: 'audit' } });
    const end = new Date(Date.now() + 1).toISOString();

    const aboutTeacher = await log(`teacherId=${teacher.id}`);
    expect(aboutTeacher).toHaveLength(reads().length + 2);
    expect(aboutTeacher.map((e) => e.route).sort()).toEqual(
      [...reads().map((r) => r.route), 'GET /v1/reports/schools/:schoolId', 'GET /v1/teachers/:id'].sort(),
    );
    const byAlice = await log(`teacherId=${teacher.id}&operatorId=ops:alice`);
    expect(byAlice).toHaveLength(reads().length + 1);
    for (const read of reads()) {
      const entry = byAlice.find((e) => e.path === read.path.split('?')[0] && e.route === read.route);
      expect({ read: read.path, entry }).toEqual({
        read: read.path,
        entry: {
          id: expect.any(String),
          operatorId: 'ops:alice',
          authenticated: false,
          reason: alice.reason,
          route: read.route,
          path: read.path.split('?')[0],
          studentIds: [],
          teacherIds: expect.arrayContaining(read.teachers),
          at: expect.any(String),
          requestId: expect.any(String),
        },
      });
      expect(entry.teacherIds).toHaveLength(read.teachers.length);
    }
    expect(await log(`teacherId=${colleague.id}`)).toEqual([
      expect.objectContaining({ route: 'GET /v1/reports/schools/:schoolId', teacherIds: expect.arrayContaining([colleague.id]) }),
      expect.objectContaining({ route: 'GET /v1/reports/schools/:schoolId' }),
      expect.objectContaining({ route: 'GET /v1/teachers' }),
    ]);
    expect(await log(`teacherId=${teacher.id}&operatorId=ops:bob`)).toEqual([
      expect.objectContaining({ operatorId: 'ops:bob', reason: 'audit', route: 'GET /v1/teachers/:id', teacherIds: [teacher.id] }),
    ]);
    // Newest first; the range is [from, to); limit caps the page.
    expect(aboutTeacher[0]).toMatchObject({ operatorId: 'ops:bob' });
    expect(aboutTeacher.map((e) => e.at)).toEqual([...aboutTeacher.map((e) => e.at)].sort().reverse());
    expect(await log(`teacherId=${teacher.id}&from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`)).toHaveLength(
      aboutTeacher.length,
    );
    expect(await log(`teacherId=${teacher.id}&to=${encodeURIComponent(start)}`)).toEqual([]);
    expect(await log(`teacherId=${teacher.id}&limit=2`)).toEqual(aboutTeacher.slice(0, 2));
    // The operator's reads of routes whose answer named nobody are logged too, with no one in them.
    for (const path of alsoMarked()) expect((await get(path, ADMIN_TOKEN, { operator: alice })).status).toBe(200);
    const unnamed = await log('operatorId=ops:alice&limit=2');
    expect(unnamed.map((e) => e.route).sort()).toEqual(['GET /v1/compliance/lapsing', 'GET /v1/credentials']);
  });

  it('lets only the operator read the log, and checks its filters', async () => {
    expect((await get('/v1/operator/access-log', partners.schoolKey)).status).toBe(403);
    expect((await get('/v1/operator/access-log', partners.enterpriseKey)).status).toBe(403);
    const anonymous = await httpJson('GET', url('/v1/operator/access-log'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');
    for (const query of ['from=yesterday', 'studentId=nope', 'teacherId=two%20words', 'limit=0', 'limit=1001', 'operatorId=']) {
      const refused = await get(`/v1/operator/access-log?${query}`);
      expect({ query, status: refused.status, type: refused.contentType }).toEqual({
        query,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
    }
    // Reading the log is not itself logged (it would log itself without end).
    const before = await log('');
    await log('');
    expect(await log('')).toEqual(before);
  });
});

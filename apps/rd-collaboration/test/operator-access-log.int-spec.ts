import { randomUUID } from 'node:crypto';
import { PlacementStarted } from '@app/contracts';
import { httpJson, waitFor } from '@app/testing';
import {
  ADMIN_TOKEN,
  challengeBody,
  placementOutcomeData,
  projectBody,
  proposalBody,
  RdService,
  reviewerKey,
  seedPair,
  startRdCollaboration,
} from './rd-collaboration.harness';

jest.setTimeout(120_000);

const TALENT = 'urn:school-enterprise:talent-pipeline';

/**
 * The operator access log in rd-collaboration (ADR 0040, shared with the talent pipeline
 * through @app/platform): operator reads of project and proposal people, trails and the ledger
 * need X-Operator-Id and X-Access-Reason and are logged before the answer, with the students
 * and teachers they named; the log is queryable by the operator only. Real Kafka and Mongo.
 */
describe('operator access log of rd-collaboration (real Kafka + Mongo)', () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let challengeId: string;
  let proposalId: string;
  let projectId: string;
  const studentId = randomUUID();
  const teacherId = randomUUID();
  const otherStudentId = randomUUID();

  const get = (path: string, token = ADMIN_TOKEN, extra: Parameters<typeof httpJson>[2] = {}) =>
    httpJson('GET', `${rd.baseUrl}${path}`, { token, ...extra });
  const post = async (path: string, token: string, body: unknown) => {
    const response = await httpJson('POST', `${rd.baseUrl}${path}`, { token, body });
    if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const log = async (query: string) => {
    const response = await get(`/v1/operator/access-log?${query}`);
    expect(response.status).toBe(200);
    return response.body.items as any[];
  };
  /** The operator routes that return people's data, and whom each answer names. */
  const reads = () => [
    { path: '/v1/projects', route: 'GET /v1/projects', students: [studentId], teachers: [teacherId] },
    { path: `/v1/projects/${projectId}`, route: 'GET /v1/projects/:id', students: [studentId], teachers: [teacherId] },
    { path: `/v1/projects/${projectId}/closure-report`, route: 'GET /v1/projects/:id/closure-report', students: [studentId], teachers: [] },
    {
      path: `/v1/challenges/${challengeId}/proposals`,
      route: 'GET /v1/challenges/:challengeId/proposals',
      students: [studentId, otherStudentId],
      teachers: [teacherId],
    },
    { path: `/v1/proposals/${proposalId}`, route: 'GET /v1/proposals/:id', students: [studentId, otherStudentId], teachers: [teacherId] },
    { path: `/v1/trails/students/${studentId}`, route: 'GET /v1/trails/students/:studentId', students: [studentId], teachers: [] },
    { path: `/v1/trails/teachers/${teacherId}`, route: 'GET /v1/trails/teachers/:teacherId', students: [], teachers: [teacherId] },
    { path: `/v1/privacy/disclosures/${teacherId}`, route: 'GET /v1/privacy/disclosures/:personId', students: [], teachers: [teacherId] },
  ];

  beforeAll(async () => {
    rd = await startRdCollaboration();
    pair = await seedPair(rd);
    const team = [
      { kind: 'teacher', personId: teacherId, name: 'Zhang Min', role: 'Principal investigator' },
      { kind: 'student', personId: studentId, name: 'Li Wei', role: 'Vision labelling' },
      { kind: 'student', personId: otherStudentId, name: 'Wang Fang', role: 'Test rig' },
    ];
    challengeId = (await post('/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).id;
    proposalId = (await post(`/v1/challenges/${challengeId}/proposals`, pair.schoolKey, proposalBody({ team }))).id;
    for (const to of ['qualified', 'shortlisted', 'selected']) await post(`/v1/proposals/${proposalId}/stage`, pair.enterpriseKey, { to });
    projectId = (await post('/v1/projects', pair.enterpriseKey, projectBody(proposalId))).id;
    await post(`/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: teacherId,
      name: 'Zhang Min',
      role: 'PI',
    });
    await post(`/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'student',
      personId: studentId,
      name: 'Li Wei',
      role: 'Vision',
    });
    await rd.produce(
      PlacementStarted,
      placementOutcomeData(
        { placementId: randomUUID(), schoolId: pair.schoolId, enterpriseId: pair.enterpriseId, studentId },
        'started',
        new Date().toISOString(),
      ),
      pair.schoolId,
      TALENT,
    );
    await waitFor(
      'the placement link',
      async () => (await get(`/v1/projects/${projectId}`, pair.schoolKey)).body.placementLinks.length === 1,
    );
    // The enterprise reads the project: the teacher's row is a disclosure, recorded before the answer, so the teacher has a ledger.
    expect((await get(`/v1/projects/${projectId}`, pair.enterpriseKey)).status).toBe(200);
  });
  afterAll(async () => rd?.close());

  it('refuses operator reads of people’s data without X-Operator-Id or X-Access-Reason (400 problem+json naming the header) and logs none', async () => {
    const before = await log('');
    for (const { path } of reads()) {
      const bare = await get(path, ADMIN_TOKEN, { operator: false });
      expect({ path, status: bare.status, type: bare.contentType }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(bare.body.errors.map((e: any) => e.field)).toEqual(['X-Operator-Id', 'X-Access-Reason']);
      const noReason = await get(path, ADMIN_TOKEN, { operator: false, headers: { 'x-operator-id': 'ops:alice' } });
      expect({ path, fields: noReason.body.errors.map((e: any) => e.field) }).toEqual({ path, fields: ['X-Access-Reason'] });
      const noOperator = await get(path, ADMIN_TOKEN, { operator: false, headers: { 'x-access-reason': 'ticket 1' } });
      expect({ path, fields: noOperator.body.errors.map((e: any) => e.field) }).toEqual({ path, fields: ['X-Operator-Id'] });
    }
    // The school and the enterprise read their own project without the headers, and are not logged.
    expect((await get(`/v1/projects/${projectId}`, pair.schoolKey, { operator: false })).status).toBe(200);
    expect((await get(`/v1/trails/students/${studentId}`, pair.enterpriseKey, { operator: false })).status).toBe(200);
    expect(await log('')).toEqual(before);
    expect(await log(`studentId=${studentId}`)).toEqual([]);
    expect(await log(`teacherId=${teacherId}`)).toEqual([]);
  });

  it('logs every operator read with the students and teachers it named, and answers the query by student, teacher, operator, time and limit', async () => {
    const start = new Date().toISOString();
    const alice = { id: 'ops:alice', reason: 'ticket DSAR-31: the student asked what the R&D service holds' };
    for (const { path } of reads())
      expect({ path, status: (await get(path, ADMIN_TOKEN, { operator: alice })).status }).toEqual({ path, status: 200 });
    await get(`/v1/trails/students/${studentId}`, ADMIN_TOKEN, { operator: { id: 'ops:bob', reason: 'audit' } });
    const end = new Date(Date.now() + 1).toISOString();

    const byAlice = await log('operatorId=ops:alice');
    expect(byAlice).toHaveLength(reads().length);
    for (const read of reads()) {
      const entry = byAlice.find((e) => e.route === read.route);
      expect({ read: read.route, entry }).toEqual({
        read: read.route,
        entry: {
          id: expect.any(String),
          operatorId: 'ops:alice',
          authenticated: false,
          reason: alice.reason,
          route: read.route,
          path: read.path,
          studentIds: read.students,
          ...(read.teachers.length > 0 ? { teacherIds: read.teachers } : {}),
          at: expect.any(String),
          requestId: expect.any(String),
        },
      });
    }
    const aboutStudent = await log(`studentId=${studentId}`);
    expect(aboutStudent.map((e) => e.route).sort()).toEqual(
      [
        ...reads()
          .filter((r) => r.students.includes(studentId))
          .map((r) => r.route),
        'GET /v1/trails/students/:studentId',
      ].sort(),
    );
    expect(aboutStudent[0]).toMatchObject({ operatorId: 'ops:bob', reason: 'audit', studentIds: [studentId] });
    expect((await log(`studentId=${otherStudentId}`)).map((e) => e.route).sort()).toEqual(
      ['GET /v1/challenges/:challengeId/proposals', 'GET /v1/proposals/:id'].sort(),
    );
    expect((await log(`teacherId=${teacherId}`)).map((e) => e.route).sort()).toEqual(
      reads()
        .filter((r) => r.teachers.includes(teacherId))
        .map((r) => r.route)
        .sort(),
    );
    expect(await log(`studentId=${studentId}&operatorId=ops:bob`)).toHaveLength(1);
    expect(await log(`teacherId=${teacherId}&operatorId=ops:bob`)).toEqual([]);
    expect(await log(`studentId=${studentId}&from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`)).toHaveLength(
      aboutStudent.length,
    );
    expect(await log(`studentId=${studentId}&to=${encodeURIComponent(start)}`)).toEqual([]);
    expect(await log(`studentId=${studentId}&limit=3`)).toEqual(aboutStudent.slice(0, 3));
  });

  it('lets only the operator read the log, and checks its filters', async () => {
    for (const key of [pair.schoolKey, pair.enterpriseKey, await reviewerKey(rd, 'reviewer-log')]) {
      const refused = await get('/v1/operator/access-log', key);
      expect(refused.status).toBe(403);
      expect(refused.contentType).toContain('application/problem+json');
    }
    expect((await httpJson('GET', `${rd.baseUrl}/v1/operator/access-log`)).status).toBe(401);
    for (const query of ['from=2026-13-01', 'studentId=student-1', 'teacherId=a/b', 'limit=abc', 'unknown=1']) {
      const refused = await get(`/v1/operator/access-log?${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
    }
  });
});

import { randomUUID } from 'node:crypto';
import { SupervisorOffered, Topics } from '@app/contracts';
import { EventPublisher, newCloudEvent } from '@app/messaging';
import { documentedResponseSchema, getOk, httpJson, postOk, responseProblems, routeTemplate, waitFor } from '@app/testing';
import { ADMIN_TOKEN, postSeededHire, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/**
 * Every 2xx JSON answer of the placement, supervisor, matching, report, student and requisition
 * routes, checked against the schema /docs-json documents for its route and status, on real
 * answers of a running service (real Kafka and Mongo-compatible server): a whole placement
 * with signatures, attendance, evaluations, an end-of-placement summary and an ERP hire, and
 * its redacted form once the student's consent is withdrawn.
 */
const DOCUMENTED_ANSWERS = [
  'POST /v1/placements 201',
  'GET /v1/placements 200',
  'GET /v1/placements/{id} 200',
  'POST /v1/placements/{id}/transitions 200',
  'POST /v1/placements/{id}/agreement/signatures 201',
  'POST /v1/placements/{id}/attendance 201',
  'POST /v1/placements/{id}/attendance 200',
  'GET /v1/placements/{id}/attendance 200',
  'POST /v1/placements/{id}/evaluations 201',
  'POST /v1/placements/{id}/evaluations 200',
  'GET /v1/enterprises/{enterpriseId}/placements 200',
  'GET /v1/enterprises/{enterpriseId}/placements/{id} 200',
  'POST /v1/enterprises/{enterpriseId}/placements/{id}/attendance 201',
  'POST /v1/enterprises/{enterpriseId}/placements/{id}/attendance 200',
  'GET /v1/enterprises/{enterpriseId}/placements/{id}/attendance 200',
  'POST /v1/enterprises/{enterpriseId}/placements/{id}/evaluations 201',
  'POST /v1/enterprises/{enterpriseId}/placements/{id}/evaluations 200',
  'GET /v1/schools/{schoolId}/placements 200',
  'GET /v1/schools/{schoolId}/placements/{id} 200',
  'GET /v1/supervisors 200',
  'GET /v1/enterprises/{enterpriseId}/requisitions/{id}/matches 200',
  'GET /v1/schools/{schoolId}/reports/placements 200',
  'GET /v1/reports/placements 200',
  'GET /v1/enterprises/{enterpriseId}/reports/conversion 200',
  'POST /v1/students 201',
  'GET /v1/students/{id} 200',
  'POST /v1/enterprises/{enterpriseId}/requisitions 201',
  'POST /v1/enterprises/{enterpriseId}/requisitions 200',
  'GET /v1/enterprises/{enterpriseId}/requisitions 200',
  'GET /v1/enterprises/{enterpriseId}/requisitions/{id} 200',
  'POST /v1/enterprises/{enterpriseId}/requisitions/{id}/status 200',
  'GET /v1/requisitions 200',
];

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe('response schemas of the placement, matching, report, student and requisition routes (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let base: string;
  let document: any;
  let seeded: Awaited<ReturnType<typeof seedActiveInternship>>;
  const seen = new Set<string>();

  /** A request that must answer `status`; its body is checked against the documented schema. */
  const call = async (
    method: string,
    path: string,
    status: number,
    { token = ADMIN_TOKEN, body, headers }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<any> => {
    const answer = await httpJson(method, `${base}${path}`, { token, body, headers });
    if (answer.status !== status)
      throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    const template = routeTemplate(Object.keys(document.paths), new URL(`${base}${path}`).pathname);
    expect(template).toBeDefined();
    const schema = documentedResponseSchema(document, template!, method.toLowerCase(), status);
    expect({ route: `${method} ${template} ${status}`, problems: responseProblems(schema, answer.body) }).toEqual({
      route: `${method} ${template} ${status}`,
      problems: [],
    });
    seen.add(`${method} ${template} ${status}`);
    return answer.body;
  };

  beforeAll(async () => {
    service = await startTalentPipeline();
    base = service.baseUrl;
    document = (await httpJson('GET', `${base}/docs-json`)).body;
    seeded = await seedActiveInternship(base);
  });
  afterAll(async () => service?.close());

  it('documents a JSON schema for every 2xx answer of these routes', () => {
    const missing = DOCUMENTED_ANSWERS.filter((answer) => {
      const [method, path, status] = answer.split(' ');
      return !documentedResponseSchema(document, path, method.toLowerCase(), Number(status));
    });
    expect(missing).toEqual([]);
  });

  it('students: registered and read with the whole record', async () => {
    const registered = await call('POST', '/v1/students', 201, {
      body: {
        schoolId: seeded.school.id,
        givenName: 'Zhao',
        familyName: 'Lei',
        programme: 'mechatronics',
        cohort: '2025',
        externalIds: [{ value: 'S-1', schemeId: 'student-number' }],
        skills: [{ label: 'CNC', escoUri: 'http://data.europa.eu/esco/skill/cnc-programming' }],
        availability: { from: '2026-01-01', to: '2026-12-31' },
      },
    });
    expect(registered).toMatchObject({ id: expect.any(String), givenName: 'Zhao', registeredAt: expect.stringMatching(ISO_INSTANT) });
    expect(await call('GET', `/v1/students/${registered.id}`, 200)).toEqual(registered);
  });

  it('supervisors: an offered teacher is listed, and shown on the placement', async () => {
    const teacherId = randomUUID();
    const event = newCloudEvent(SupervisorOffered, {
      source: 'urn:school-enterprise:teacher-secondment',
      data: {
        teacherId,
        schoolId: seeded.school.id,
        displayName: 'Chen Jing',
        subject: 'Mechatronics',
        tier: 'senior',
        credentialId: randomUUID(),
        occurredAt: '2026-12-01T08:00:00.000Z',
      },
    });
    await service.app.get(EventPublisher).publish([{ id: event.id, topic: Topics.supervisors, key: teacherId, event }]);
    await waitFor('the supervisor copy', async () => (await getOk(`${base}/v1/supervisors`, seeded.school.apiKey)).items[0]);
    const listed = await call('GET', '/v1/supervisors', 200, { token: seeded.school.apiKey });
    expect(listed.items).toEqual([
      expect.objectContaining({ teacherId, schoolId: seeded.school.id, tier: 'senior', offeredAt: '2026-12-01T08:00:00.000Z' }),
    ]);
    const detail = await call('GET', `/v1/placements/${seeded.placement.id}`, 200);
    expect(detail.supervisorsAvailable).toEqual([expect.objectContaining({ teacherId, displayName: 'Chen Jing' })]);
  });

  it('requisitions, matching and a placement proposed for a requisition', async () => {
    const enterprisePath = `/v1/enterprises/${seeded.enterprise.id}/requisitions`;
    const asEnterprise = { token: seeded.enterprise.apiKey };
    const content = {
      role: 'CNC operator trainee',
      skills: [{ label: 'CNC', escoUri: 'http://data.europa.eu/esco/skill/cnc-programming' }, { label: 'welding' }],
      headcount: 2,
      kind: 'internship',
      period: { from: '2026-03-01', to: '2026-08-31' },
      location: 'Suzhou',
    };
    const headers = { 'idempotency-key': `req-${randomUUID()}` };
    const opened = await call('POST', enterprisePath, 201, { ...asEnterprise, body: content, headers });
    expect(opened).toMatchObject({ status: 'open', history: [{ status: 'open', at: expect.stringMatching(ISO_INSTANT), cause: 'http' }] });
    expect(await call('POST', enterprisePath, 200, { ...asEnterprise, body: content, headers })).toEqual(opened);
    expect((await call('GET', enterprisePath, 200, asEnterprise)).items).toEqual([opened]);
    expect(await call('GET', `${enterprisePath}/${opened.id}`, 200, asEnterprise)).toEqual(opened);
    expect((await call('GET', `/v1/requisitions?enterpriseId=${seeded.enterprise.id}`, 200)).items).toEqual([opened]);

    const student = await postOk(`${base}/v1/students`, ADMIN_TOKEN, {
      schoolId: seeded.school.id,
      givenName: 'Sun',
      familyName: 'Mei',
      programme: 'mechatronics',
      cohort: '2026',
      skills: [{ label: 'CNC', escoUri: 'http://data.europa.eu/esco/skill/cnc-programming' }],
      availability: { from: '2026-01-01', to: '2026-12-31' },
    });
    for (const purpose of ['matching', 'placement']) {
      await postOk(`${base}/v1/students/${student.id}/consents`, ADMIN_TOKEN, {
        enterpriseId: seeded.enterprise.id,
        purpose,
        grantedBy: 'student',
      });
    }
    const matches = await call('GET', `${enterprisePath}/${opened.id}/matches`, 200, asEnterprise);
    expect(matches).toMatchObject({ requisitionId: opened.id, partnerSchools: 1, ranked: 1 });
    expect(matches.items).toEqual([
      expect.objectContaining({
        rank: 1,
        studentId: student.id,
        reasons: expect.objectContaining({ skillsMatched: [content.skills[0]], skillsMissing: [content.skills[1]], skillCoverage: 0.5 }),
      }),
    ]);

    const proposed = await call('POST', '/v1/placements', 201, {
      body: {
        studentId: student.id,
        enterpriseId: seeded.enterprise.id,
        requisitionId: opened.id,
        kind: 'internship',
        role: 'CNC operator trainee',
        startDate: '2026-03-02',
        endDate: '2026-08-28T17:00:00Z',
        birthDate: '2010-05-01',
      },
    });
    expect(proposed).toMatchObject({ requisitionId: opened.id, status: 'proposed', endDate: '2026-08-28T17:00:00Z' });
    expect(proposed.agreement).toEqual({
      requiredParties: ['school', 'enterprise', 'guardian'],
      signatures: [],
      missingParties: ['school', 'enterprise', 'guardian'],
    });
    const signed = await call('POST', `/v1/placements/${proposed.id}/agreement/signatures`, 201, {
      body: { party: 'guardian', signedBy: 'Sun Hua' },
    });
    expect(signed).toMatchObject({
      signatures: [{ party: 'guardian', signedBy: 'Sun Hua', signedAt: expect.stringMatching(ISO_INSTANT) }],
      missingParties: ['school', 'enterprise'],
    });

    const closed = await call('POST', `${enterprisePath}/${opened.id}/status`, 200, { ...asEnterprise, body: { to: 'closed' } });
    expect(closed).toMatchObject({ status: 'closed', history: [{ status: 'open' }, { status: 'closed' }] });
  });

  it('attendance and evaluations, by the operator and by the enterprise, first and retried', async () => {
    const placementId = seeded.placement.id;
    const enterprisePath = `/v1/enterprises/${seeded.enterprise.id}/placements/${placementId}`;
    const asEnterprise = { token: seeded.enterprise.apiKey };
    const day = { date: '2026-03-02', hours: 7.5, status: 'present', note: 'induction' };
    const key = { 'idempotency-key': `att-${randomUUID()}` };
    const logged = await call('POST', `/v1/placements/${placementId}/attendance`, 201, { body: day, headers: key });
    expect(logged).toMatchObject({ ...day, placementId, recordedBy: 'operator', recordedAt: expect.stringMatching(ISO_INSTANT) });
    expect(await call('POST', `/v1/placements/${placementId}/attendance`, 200, { body: day, headers: key })).toEqual(logged);
    const sick = { date: '2026-03-03', hours: 0, status: 'sick' };
    const enterpriseKey = { 'idempotency-key': `att-${randomUUID()}` };
    const byEnterprise = await call('POST', `${enterprisePath}/attendance`, 201, { ...asEnterprise, body: sick, headers: enterpriseKey });
    expect(byEnterprise).toMatchObject({ recordedBy: `enterprise:${seeded.enterprise.id}` });
    expect(byEnterprise).not.toHaveProperty('note');
    await call('POST', `${enterprisePath}/attendance`, 200, { ...asEnterprise, body: sick, headers: enterpriseKey });

    const log = await call('GET', `/v1/placements/${placementId}/attendance`, 200);
    expect(log.totals).toEqual({ entries: 2, hours: 7.5, days: { present: 1, absent: 0, sick: 1, excused: 0 } });
    expect(await call('GET', `${enterprisePath}/attendance`, 200, asEnterprise)).toEqual(log);

    const evaluation = { evaluator: 'Zhang Min', scores: { safety: 5, teamwork: 4 }, comment: 'Reliable.' };
    const evalKey = { 'idempotency-key': `eval-${randomUUID()}` };
    const evaluated = await call('POST', `/v1/placements/${placementId}/evaluations`, 201, { body: evaluation, headers: evalKey });
    expect(evaluated).toEqual({ id: expect.any(String), ...evaluation, at: expect.stringMatching(ISO_INSTANT) });
    expect(await call('POST', `/v1/placements/${placementId}/evaluations`, 200, { body: evaluation, headers: evalKey })).toEqual(evaluated);
    const byEnterpriseEval = { evaluator: 'Wu Gang', scores: { safety: 3 } };
    const enterpriseEvalKey = { 'idempotency-key': `eval-${randomUUID()}` };
    await call('POST', `${enterprisePath}/evaluations`, 201, { ...asEnterprise, body: byEnterpriseEval, headers: enterpriseEvalKey });
    await call('POST', `${enterprisePath}/evaluations`, 200, { ...asEnterprise, body: byEnterpriseEval, headers: enterpriseEvalKey });
  });

  it('a completed and hired placement, as the operator, the school and the enterprise read it, and the reports', async () => {
    const placementId = seeded.placement.id;
    const completed = await call('POST', `/v1/placements/${placementId}/transitions`, 200, {
      body: { to: 'completed', reason: 'finished' },
    });
    expect(completed.endOfPlacement).toEqual({
      reason: 'finished',
      hoursLogged: 7.5,
      evaluation: { count: 2, averageScore: 4, competencies: { safety: 4, teamwork: 4 } },
    });
    expect((await postSeededHire(base, seeded)).status).toBe(202);
    await waitFor(
      'the hire',
      async () => (await getOk(`${base}/v1/placements/${placementId}`, ADMIN_TOKEN)).status === 'hired' || undefined,
    );

    const detail = await call('GET', `/v1/placements/${placementId}`, 200);
    expect(detail).toMatchObject({ status: 'hired', hire: { positionTitle: 'Technician', hireDate: '2026-09-01' } });
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual([
      'proposed',
      'offered',
      'accepted',
      'active',
      'completed',
      'hired',
    ]);
    const { supervisorsAvailable: _offered, ...placement } = detail;
    // The documented schema is closed: bookkeeping such as `_id` or `outbox` in an answer would fail the check.
    const documented = documentedResponseSchema(document, '/v1/placements/{id}', 'get', 200);
    expect(responseProblems(documented, { ...detail, outbox: [] })).not.toEqual([]);
    expect((await call('GET', `/v1/placements?schoolId=${seeded.school.id}&limit=1`, 200)).items).toHaveLength(1);
    expect(
      (await call('GET', `/v1/schools/${seeded.school.id}/placements?studentId=${seeded.student.id}`, 200, { token: seeded.school.apiKey }))
        .items,
    ).toEqual([placement]);
    expect(await call('GET', `/v1/schools/${seeded.school.id}/placements/${placementId}`, 200, { token: seeded.school.apiKey })).toEqual(
      detail,
    );
    const asEnterprise = { token: seeded.enterprise.apiKey };
    expect(await call('GET', `/v1/enterprises/${seeded.enterprise.id}/placements/${placementId}`, 200, asEnterprise)).toEqual(detail);

    const report = await call('GET', `/v1/schools/${seeded.school.id}/reports/placements`, 200, { token: seeded.school.apiKey });
    expect(report).toMatchObject({ scope: { schoolId: seeded.school.id }, generatedAt: expect.stringMatching(ISO_INSTANT) });
    expect(report.totals).toMatchObject({ students: 3, placedStudents: 1, internshipsEnded: 1, internshipsHired: 1, hireRate: 1 });
    expect(report.destinations).toEqual([
      { enterpriseId: seeded.enterprise.id, enterpriseName: 'Precision Motors', role: 'CNC intern', placements: 1 },
    ]);
    expect(await call('GET', `/v1/reports/placements?schoolId=${seeded.school.id}`, 200)).toMatchObject({ totals: report.totals });
    const conversion = await call('GET', `/v1/enterprises/${seeded.enterprise.id}/reports/conversion`, 200, asEnterprise);
    expect(conversion.totals).toEqual({ internsStarted: 1, internshipsEnded: 1, hired: 1, conversionRate: 1 });
  });

  it("the enterprise reads the placement redacted once the student's consent is withdrawn", async () => {
    const consents = await getOk(`${base}/v1/students/${seeded.student.id}/consents`, ADMIN_TOKEN);
    const placementConsent = consents.items.find(
      (c: { purpose: string; enterpriseId: string }) => c.purpose === 'placement' && c.enterpriseId === seeded.enterprise.id,
    );
    await postOk(`${base}/v1/students/${seeded.student.id}/consents/${placementConsent.id}/withdraw`, ADMIN_TOKEN, undefined);
    const asEnterprise = { token: seeded.enterprise.apiKey };
    const page = await call('GET', `/v1/enterprises/${seeded.enterprise.id}/placements?studentId=${seeded.student.id}`, 200, asEnterprise);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: seeded.placement.id, redacted: { reason: 'consent not in force' } });
    expect(page.items[0]).not.toHaveProperty('studentId');
    const detail = await call('GET', `/v1/enterprises/${seeded.enterprise.id}/placements/${seeded.placement.id}`, 200, asEnterprise);
    expect(detail).toMatchObject({ redacted: { reason: 'consent not in force' }, supervisorsAvailable: [expect.any(Object)] });
    expect(detail.agreement.signatures.every((s: object) => !('signedBy' in s))).toBe(true);
  });

  it('received every documented 2xx answer of these routes at least once', () => {
    expect(DOCUMENTED_ANSWERS.filter((answer) => !seen.has(answer))).toEqual([]);
  });
});

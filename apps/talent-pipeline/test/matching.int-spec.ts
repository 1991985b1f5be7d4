import { httpJson } from '@app/testing';
import { ADMIN_TOKEN, readModelAnswers, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

const CNC = 'http://data.europa.eu/esco/skill/cnc-programming';
const PERIOD = { from: '2026-03-01', to: '2026-03-30' }; // 30 days
const ALL_YEAR = { from: '2026-01-01', to: '2026-12-31' };

interface Match {
  rank: number;
  studentId: string;
  programme: string;
  cohort: string;
  score: number;
  reasons: any;
}

// Ranked from the in-memory pool (ADR 0060), and with the pool off from the database: the same answers.
describe.each([
  ['from the in-memory pool', {}],
  ['from the database (pool off)', { MATCHING_POOL_MAX_STUDENTS: '0' }],
])('Matching: GET /v1/enterprises/:id/requisitions/:id/matches, ranked %s (real Kafka + Mongo-compatible server)', (_how, env) => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  const admin = { token: ADMIN_TOKEN };
  let enterprise: { id: string; apiKey: string };
  let other: { id: string; apiKey: string };
  let partner: { id: string };
  let jobOnlyPartner: { id: string };
  let draftPartner: { id: string };
  let requisition: { id: string };
  const students: Record<string, string> = {};

  const post = async (path: string, body: unknown, token = ADMIN_TOKEN) => {
    const response = await httpJson('POST', `${service.baseUrl}${path}`, { token, body });
    if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const agreement = async (schoolId: string, placementKinds: string[], activate: boolean) => {
    const created = await post('/v1/agreements', {
      schoolId,
      enterpriseId: enterprise.id,
      scope: 'placements',
      period: { from: '2025-09-01', to: '2027-08-31' },
      placementKinds,
    });
    if (activate) await post(`/v1/agreements/${created.id}/status`, { to: 'active' });
  };
  const student = async (name: string, schoolId: string, extra: Record<string, unknown>) => {
    const created = await post('/v1/students', {
      schoolId,
      givenName: `Given-${name}`,
      familyName: `Family-${name}`,
      programme: 'mechatronics',
      cohort: '2025',
      ...extra,
    });
    students[name] = created.id;
    return created.id as string;
  };
  const consent = (studentId: string, enterpriseId: string, purpose = 'matching') =>
    post(`/v1/students/${studentId}/consents`, { enterpriseId, purpose, grantedBy: 'student' });
  const matches = (query = '', token = enterprise.apiKey, requisitionId = requisition.id, enterpriseId = enterprise.id) =>
    httpJson('GET', `${service.baseUrl}/v1/enterprises/${enterpriseId}/requisitions/${requisitionId}/matches${query}`, { token });

  beforeAll(async () => {
    service = await startTalentPipeline(env);
    enterprise = await post('/v1/enterprises', { name: 'Precision Motors', country: 'CN' });
    other = await post('/v1/enterprises', { name: 'Other Works', country: 'CN' });
    partner = await post('/v1/schools', { name: 'Partner College', country: 'CN' });
    jobOnlyPartner = await post('/v1/schools', { name: 'Job-only College', country: 'CN' });
    draftPartner = await post('/v1/schools', { name: 'Draft College', country: 'CN' });
    await agreement(partner.id, ['internship', 'apprenticeship'], true);
    await agreement(jobOnlyPartner.id, ['job'], true);
    await agreement(draftPartner.id, ['internship'], false);

    const skilled = { skills: [{ label: 'CNC', escoUri: CNC }, { label: 'technical drawing' }], availability: ALL_YEAR };
    // Eligible: partner school, available, consent to matching by this enterprise.
    await consent(await student('best', partner.id, skilled), enterprise.id);
    await consent(
      await student('halfTime', partner.id, { ...skilled, availability: { from: '2026-03-16', to: '2026-06-30' } }),
      enterprise.id,
    );
    await consent(
      await student('oneSkill', partner.id, { skills: [{ label: 'Technical Drawing' }], availability: ALL_YEAR }),
      enterprise.id,
    );
    // Not eligible, each for one reason.
    await student('noConsent', partner.id, skilled);
    const withdrawn = await student('withdrawn', partner.id, skilled);
    const grant = await consent(withdrawn, enterprise.id);
    await post(`/v1/students/${withdrawn}/consents/${grant.id}/withdraw`, {});
    await consent(await student('otherEnterprise', partner.id, skilled), other.id);
    await consent(await student('otherPurpose', partner.id, skilled), enterprise.id, 'placement');
    await consent(
      await student('unavailable', partner.id, { ...skilled, availability: { from: '2026-04-01', to: '2026-12-31' } }),
      enterprise.id,
    );
    await consent(await student('noAvailability', partner.id, { skills: skilled.skills }), enterprise.id);
    await consent(await student('kindNotCovered', jobOnlyPartner.id, skilled), enterprise.id);
    await consent(await student('draftAgreement', draftPartner.id, skilled), enterprise.id);

    requisition = await post(
      `/v1/enterprises/${enterprise.id}/requisitions`,
      {
        role: 'CNC operator trainee',
        skills: [{ label: 'CNC programming', escoUri: CNC }, { label: 'Technical drawing' }, { label: 'Welding' }],
        headcount: 2,
        kind: 'internship',
        period: PERIOD,
        location: 'Suzhou',
      },
      enterprise.apiKey,
    );
  });
  afterAll(async () => {
    await service?.close();
  });

  it('ranks consenting, available students of partner schools whose agreement covers the kind, with reasons', async () => {
    const response = await matches();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ requisitionId: requisition.id, partnerSchools: 1, ranked: 3 });
    const items: Match[] = response.body.items;
    expect(items.map((m) => [m.rank, m.studentId])).toEqual([
      [1, students.best],
      [2, students.halfTime],
      [3, students.oneSkill],
    ]);

    const [best, halfTime, oneSkill] = items;
    expect(best).toMatchObject({ programme: 'mechatronics', cohort: '2025', score: 0.7667 });
    expect(best.reasons).toEqual({
      skillsMatched: [{ label: 'CNC programming', escoUri: CNC }, { label: 'Technical drawing' }],
      skillsMissing: [{ label: 'Welding' }],
      skillCoverage: 0.6667,
      availability: { overlap: PERIOD, overlapDays: 30, periodDays: 30, coverage: 1 },
    });
    expect(halfTime.reasons.availability).toEqual({
      overlap: { from: '2026-03-16', to: '2026-03-30' },
      overlapDays: 15,
      periodDays: 30,
      coverage: 0.5,
    });
    expect(halfTime.score).toBeLessThan(best.score);
    // "Technical Drawing" matches by label, ignoring case; the CNC skill needs its URI or the same label.
    expect(oneSkill.reasons.skillsMatched).toEqual([{ label: 'Technical drawing' }]);
    expect(oneSkill.score).toBeLessThan(halfTime.score);
  });

  it('returns no names or other personal data', async () => {
    const response = await matches();
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('Given-');
    expect(text).not.toContain('Family-');
    for (const item of response.body.items) {
      expect(Object.keys(item).sort()).toEqual(['cohort', 'programme', 'rank', 'reasons', 'score', 'studentId']);
    }
  });

  it('applies the limit after ranking and stops matching a student whose consent is withdrawn', async () => {
    const limited = await matches('?limit=1');
    expect(limited.body.items.map((m: Match) => m.studentId)).toEqual([students.best]);
    expect(limited.body.ranked).toBe(3);

    const grants = (await httpJson('GET', `${service.baseUrl}/v1/students/${students.oneSkill}/consents`, admin)).body;
    const grant = (Array.isArray(grants) ? grants : grants.items).find((c: { purpose: string }) => c.purpose === 'matching');
    await post(`/v1/students/${students.oneSkill}/consents/${grant.id}/withdraw`, {});
    const after = await matches();
    expect(after.body.items.map((m: Match) => m.studentId)).toEqual([students.best, students.halfTime]);
  });

  it('answers 400 for a bad limit, 401 without a key, 403 for another enterprise key, 404 for an unknown requisition', async () => {
    for (const query of ['?limit=0', '?limit=abc', '?limit=1000', '?other=1']) {
      const bad = await matches(query);
      expect(bad.status).toBe(400);
      expect(bad.contentType).toContain('application/problem+json');
    }
    expect((await matches('?limit=0')).body.errors[0].field).toBe('limit');
    expect(
      (await httpJson('GET', `${service.baseUrl}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`)).status,
    ).toBe(401);
    expect((await matches('', other.apiKey)).status).toBe(403);
    // Another enterprise cannot match against this requisition through its own path either.
    expect((await matches('', other.apiKey, requisition.id, other.id)).status).toBe(404);
  });

  it('answered every match from memory with the pool on, from the database with it off', async () => {
    const poolOn = !('MATCHING_POOL_MAX_STUDENTS' in env);
    const memory = await readModelAnswers(service.baseUrl, 'matching', 'memory');
    const database = await readModelAnswers(service.baseUrl, 'matching', 'database');
    expect(poolOn ? memory : database).toBeGreaterThanOrEqual(4);
    expect(poolOn ? database : memory).toBe(0);
  });

  it('answers 409 for a requisition that is no longer open', async () => {
    const closed = await post(
      `/v1/enterprises/${enterprise.id}/requisitions`,
      { role: 'Welder', skills: [], headcount: 1, kind: 'internship', period: PERIOD, location: 'Suzhou' },
      enterprise.apiKey,
    );
    expect((await matches('', enterprise.apiKey, closed.id)).status).toBe(200);
    await post(`/v1/enterprises/${enterprise.id}/requisitions/${closed.id}/status`, { to: 'closed' }, enterprise.apiKey);
    const response = await matches('', enterprise.apiKey, closed.id);
    expect(response.status).toBe(409);
    expect(response.body.title).toBe('requisition not open');
  });
});

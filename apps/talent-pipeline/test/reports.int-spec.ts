import { httpJson, allowPlacement, fetchChecked } from '@app/testing';
import { ADMIN_TOKEN, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

const admin = { token: ADMIN_TOKEN };

/**
 * A small known school: four students, three placed; two internships ended, one of them in a
 * hire. Every figure below follows from this dataset.
 */
// Tallied from the in-memory report pool (ADR 0060), and with the pool off from the database: the same figures.
describe.each([
  ['from the in-memory pool', {}],
  ['from the database (pool off)', { REPORTS_POOL_MAX_DOCUMENTS: '0' }],
])('placement and conversion reports, JSON and CSV, tallied %s (real Kafka + Mongo-compatible server)', (_how, env) => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let url: string;
  let school: any;
  let otherSchool: any;
  let motors: any;
  let welding: any;

  beforeAll(async () => {
    service = await startTalentPipeline(env);
    url = service.baseUrl;
    const post = async (path: string, body: unknown) => {
      const response = await httpJson('POST', `${url}${path}`, { ...admin, body });
      if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
      return response.body;
    };
    school = await post('/v1/schools', { name: 'Vocational College', country: 'CN' });
    otherSchool = await post('/v1/schools', { name: 'Other College', country: 'CN' });
    motors = await post('/v1/enterprises', { name: 'Precision Motors, Ltd.', country: 'CN' });
    welding = await post('/v1/enterprises', { name: 'Weld Works', country: 'CN' });
    const schoolOf = new Map<string, string>();
    const student = async (schoolId: string, programme: string, cohort: string, givenName: string) => {
      const created = await post('/v1/students', { schoolId, givenName, familyName: 'Test', programme, cohort, externalIds: [] });
      schoolOf.set(created.id, schoolId);
      return created;
    };
    const placeThrough = async (studentId: string, enterpriseId: string, role: string, path: string[]) => {
      const schoolId = schoolOf.get(studentId)!;
      await allowPlacement({ baseUrl: url, adminToken: ADMIN_TOKEN, schoolId, enterpriseId, studentId });
      const placement = await post('/v1/placements', { studentId, enterpriseId, kind: 'internship', role, startDate: '2026-03-01' });
      for (const to of path) {
        if (to === 'active') await signAgreement(url, placement.id);
        await post(`/v1/placements/${placement.id}/transitions`, { to });
      }
    };
    const s1 = await student(school.id, 'mechatronics', '2025', 'Hired');
    const s2 = await student(school.id, 'mechatronics', '2025', 'Completed');
    const s3 = await student(school.id, 'welding', '2024', 'Terminated');
    const s4 = await student(school.id, 'mechatronics', '2025', 'Unplaced');
    const s5 = await student(otherSchool.id, 'mechatronics', '2025', 'Elsewhere');
    const toActive = ['offered', 'accepted', 'active'];
    await placeThrough(s1.id, motors.id, 'CNC intern', [...toActive, 'completed', 'hired']);
    await placeThrough(s2.id, motors.id, 'CNC intern', [...toActive, 'completed']);
    await placeThrough(s3.id, welding.id, 'Welder', [...toActive, 'terminated']);
    await placeThrough(s4.id, motors.id, 'CNC intern', []);
    await placeThrough(s5.id, motors.id, 'Assembler', [...toActive, 'completed', 'hired']);
  });
  afterAll(async () => service?.close());

  const get = async (path: string, token: string, accept?: string) => {
    const answer = await fetchChecked(`${url}${path}`, { headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) } });
    const contentType = answer.contentType ?? '';
    return {
      status: answer.status,
      contentType,
      vary: answer.headers.get('vary') ?? '',
      text: answer.text,
      body: contentType.includes('json') ? answer.body : undefined,
    };
  };

  it("reports the school's placement rate, hire rate, time to placement and destinations as JSON", async () => {
    const report = await get(`/v1/schools/${school.id}/reports/placements`, school.apiKey);
    expect(report.status).toBe(200);
    expect(report.body.totals).toEqual({
      students: 4,
      placedStudents: 3,
      placementRate: 0.75,
      internshipsEnded: 2,
      internshipsHired: 1,
      hireRate: 0.5,
      // everyone here was placed within seconds of registering
      medianDaysToPlacement: 0,
    });
    expect(report.body.groups).toEqual([
      {
        programme: 'mechatronics',
        cohort: '2025',
        students: 3,
        placedStudents: 2,
        placementRate: 0.6667,
        internshipsEnded: 2,
        internshipsHired: 1,
        hireRate: 0.5,
        medianDaysToPlacement: 0,
      },
      {
        programme: 'welding',
        cohort: '2024',
        students: 1,
        placedStudents: 1,
        placementRate: 1,
        internshipsEnded: 0,
        internshipsHired: 0,
        hireRate: null,
        medianDaysToPlacement: 0,
      },
    ]);
    expect(report.body.destinations).toEqual([
      { enterpriseId: motors.id, enterpriseName: 'Precision Motors, Ltd.', role: 'CNC intern', placements: 2 },
      { enterpriseId: welding.id, enterpriseName: 'Weld Works', role: 'Welder', placements: 1 },
    ]);
  });

  it('narrows to a programme and cohort', async () => {
    const report = await get(`/v1/schools/${school.id}/reports/placements?programme=welding&cohort=2024`, school.apiKey);
    expect(report.body.totals).toMatchObject({ students: 1, placedStudents: 1, placementRate: 1, internshipsEnded: 0, hireRate: null });
    expect(report.body.groups.map((g: any) => g.programme)).toEqual(['welding']);
    const empty = await get(`/v1/schools/${school.id}/reports/placements?cohort=1999`, school.apiKey);
    expect(empty.body.totals).toMatchObject({ students: 0, placementRate: null });
  });

  it('serves CSV for Accept: text/csv and for ?format=csv, with header row and escaping', async () => {
    const expected = [
      'programme,cohort,students,placedStudents,placementRate,internshipsEnded,internshipsHired,hireRate,medianDaysToPlacement',
      'mechatronics,2025,3,2,0.6667,2,1,0.5,0',
      'welding,2024,1,1,1,0,0,,0',
      '*,*,4,3,0.75,2,1,0.5,0',
      '',
    ].join('\r\n');
    const byAccept = await get(`/v1/schools/${school.id}/reports/placements`, school.apiKey, 'text/csv');
    expect(byAccept.status).toBe(200);
    expect(byAccept.contentType).toMatch(/^text\/csv/);
    expect(byAccept.text).toBe(expected);
    const byQuery = await get(`/v1/schools/${school.id}/reports/placements?format=csv`, school.apiKey);
    expect(byQuery.text).toBe(expected);

    const destinations = await get(`/v1/schools/${school.id}/reports/placements?format=csv&table=destinations`, school.apiKey);
    expect(destinations.text).toBe(
      `enterpriseId,enterpriseName,role,placements\r\n${motors.id},"Precision Motors, Ltd.",CNC intern,2\r\n${welding.id},Weld Works,Welder,1\r\n`,
    );
  });

  it('tells caches that each report answer depends on Accept (Vary: Accept), as JSON and as CSV', async () => {
    // Without it a browser or proxy may hand the CSV it kept to a later JSON request for the same URL, or the other way round.
    const answers = [
      await get(`/v1/schools/${school.id}/reports/placements`, school.apiKey),
      await get(`/v1/schools/${school.id}/reports/placements`, school.apiKey, 'text/csv'),
      await get(`/v1/enterprises/${motors.id}/reports/conversion`, motors.apiKey),
      await get(`/v1/enterprises/${motors.id}/reports/conversion`, motors.apiKey, 'text/csv'),
      await get(`/v1/reports/placements?schoolId=${school.id}`, ADMIN_TOKEN),
      await get(`/v1/reports/placements?schoolId=${school.id}`, ADMIN_TOKEN, 'text/csv'),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.vary.toLowerCase()).toContain('accept');
    }
  });

  it("reports an enterprise's intern-to-hire conversion across schools, JSON and CSV", async () => {
    const report = await get(`/v1/enterprises/${motors.id}/reports/conversion`, motors.apiKey);
    expect(report.status).toBe(200);
    expect(report.body.totals).toEqual({ internsStarted: 3, internshipsEnded: 3, hired: 2, conversionRate: 0.6667 });
    expect(report.body.byRole).toEqual([
      { role: 'Assembler', internsStarted: 1, internshipsEnded: 1, hired: 1, conversionRate: 1 },
      { role: 'CNC intern', internsStarted: 2, internshipsEnded: 2, hired: 1, conversionRate: 0.5 },
    ]);
    const csv = await get(`/v1/enterprises/${motors.id}/reports/conversion`, motors.apiKey, 'text/csv');
    expect(csv.text).toBe(
      'role,internsStarted,internshipsEnded,hired,conversionRate\r\nAssembler,1,1,1,1\r\nCNC intern,2,2,1,0.5\r\n*,3,3,2,0.6667\r\n',
    );
  });

  it('gives the operator any school or the whole platform', async () => {
    const one = await get(`/v1/reports/placements?schoolId=${school.id}`, ADMIN_TOKEN);
    expect(one.body.totals).toMatchObject({ students: 4, placedStudents: 3, hireRate: 0.5 });
    const all = await get('/v1/reports/placements', ADMIN_TOKEN);
    expect(all.body.totals).toMatchObject({ students: 5, placedStudents: 4, internshipsEnded: 3, internshipsHired: 2, hireRate: 0.6667 });
  });

  it('rejects bad parameters with 400 naming the field', async () => {
    const badFormat = await get(`/v1/schools/${school.id}/reports/placements?format=xml`, school.apiKey);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.errors.map((e: any) => e.field)).toContain('format');
    const unknown = await get(`/v1/schools/${school.id}/reports/placements?year=2025`, school.apiKey);
    expect(unknown.status).toBe(400);
    const badSchool = await get('/v1/reports/placements?schoolId=nope', ADMIN_TOKEN);
    expect(badSchool.status).toBe(400);
    expect(badSchool.body.errors.map((e: any) => e.field)).toContain('schoolId');
  });

  it("keeps reports to their owners: 401 without a key, 403 with another partner's key", async () => {
    expect((await get(`/v1/schools/${school.id}/reports/placements`, '')).status).toBe(401);
    expect((await get(`/v1/schools/${school.id}/reports/placements`, otherSchool.apiKey)).status).toBe(403);
    expect((await get(`/v1/enterprises/${motors.id}/reports/conversion`, welding.apiKey)).status).toBe(403);
    expect((await get('/v1/reports/placements', '')).status).toBe(401);
    expect((await get('/v1/reports/placements', school.apiKey)).status).toBe(403);
  });
});

import { fetchChecked, httpJson, operatorHeaders, waitFor } from '@app/testing';
import {
  activeSecondment,
  ADMIN_TOKEN,
  EventRecorder,
  logAndCountersign,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

const rule = {
  id: 'zy-test-practice',
  jurisdiction: 'ZY',
  version: 1,
  effectiveFrom: '2000-01-01',
  title: 'Two days in five years',
  professionalCourseTeachersOnly: true,
  requirement: { amount: 2, unit: 'days', windowYears: 5, graceFromHireDate: false },
  counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: null },
  rdHours: { counts: false, capDaysPerWindow: null },
  newTeacherPractice: null,
  tiers: [],
};

describe('reports and the reverse flow (real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let base: string;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let other: Awaited<ReturnType<typeof seedPartnership>>;
  let recorder: EventRecorder;
  const teachers: Record<string, { id: string }> = {};

  beforeAll(async () => {
    service = await startTeacherSecondment();
    base = service.baseUrl;
    [partners, other] = await Promise.all([seedPartnership(service, { country: 'ZY' }), seedPartnership(service, { country: 'ZY' })]);
    await ok('POST', `${base}/v1/rule-sets`, ADMIN_TOKEN, rule);
    recorder = new EventRecorder([`${service.prefix}secondment.engineer-teaching.v1`]);
    await recorder.start();

    teachers.practised = await registerTeacher(base, partners.schoolKey, { displayName: 'Chen Jing, "CNC"' });
    teachers.idle = await registerTeacher(base, partners.schoolKey, { displayName: 'Liu Yang' });
    teachers.general = await registerTeacher(base, partners.schoolKey, {
      displayName: 'Zhao Min',
      professionalCourse: false,
      subject: 'Chinese',
    });
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const done = await activeSecondment(base, partners, teachers.practised.id, post.id);
    await logAndCountersign(base, partners, done.id, ['2026-09-07', '2026-09-08']);
    await ok('POST', `${base}/v1/secondments/${done.id}/complete`, partners.enterpriseKey);
    const running = await activeSecondment(base, partners, teachers.idle.id, post.id);
    await ok('POST', `${base}/v1/secondments/${running.id}/logs`, partners.schoolKey, {
      date: '2026-09-09',
      hours: 6,
      tasks: ['inspection'],
    });
  });
  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
  });

  it("a school's report: compliance now and as of a date, lapses coming, hours hosted per enterprise", async () => {
    const report = await ok('GET', `${base}/v1/reports/schools/${partners.schoolId}?asOf=2026-09-07&withinDays=30`, partners.schoolKey);
    expect(report.summary).toEqual({ teachers: 3, bound: 2, compliantNow: 1, compliantAsOf: 0, lapsingWithinWindow: 1 });
    const byName = Object.fromEntries(report.teachers.map((t: { displayName: string }) => [t.displayName, t]));
    expect(byName['Chen Jing, "CNC"']).toMatchObject({
      compliantNow: true,
      creditedDaysNow: 2,
      lapsesOn: '2031-09-07',
      compliantAsOf: false,
      creditedDaysAsOf: 1,
    });
    expect(byName['Liu Yang']).toMatchObject({ compliantNow: false, lapsesWithinWindow: true });
    expect(byName['Zhao Min']).toMatchObject({ compliantNow: true, lapsesWithinWindow: false });
    expect(report.hostedByEnterprise).toEqual([
      { enterpriseId: partners.enterpriseId, secondments: 2, teachers: 2, countersignedHours: 16 },
    ]);

    const csv = await fetchChecked(`${base}/v1/reports/schools/${partners.schoolId}?format=csv`, {
      headers: { authorization: `Bearer ${partners.schoolKey}` },
    });
    expect(csv.contentType).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'teacherId,displayName,subject,professionalCourse,compliantNow,creditedDaysNow,requiredDaysNow,lapsesOn,lapsesWithinWindow,asOf,compliantAsOf,creditedDaysAsOf,ruleSetVersionAsOf',
    );
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes('CNC'))).toContain(
      `${teachers.practised.id},"Chen Jing, ""CNC""",Mechatronics,true,true,2,2,2031-09-07`,
    );
    // The operator reads the school's report as an accountable read of teachers' data (ADR 0040).
    const hosted = await fetchChecked(`${base}/v1/reports/schools/${partners.schoolId}?format=csv&section=enterprises`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...operatorHeaders() },
    });
    expect(hosted.text.trim().split('\r\n')).toEqual([
      'enterpriseId,secondments,teachers,countersignedHours',
      `${partners.enterpriseId},2,2,16`,
    ]);

    // A day the compliance engine cannot count from (it looks 20 years back and 25 ahead) is a 400 naming it, not a 500.
    const farPast = await httpJson('GET', `${base}/v1/reports/schools/${partners.schoolId}?asOf=0001-01-01`, { token: partners.schoolKey });
    expect(farPast.status).toBe(400);
    expect(JSON.stringify(farPast.body.errors)).toContain('asOf');
    expect((await httpJson('GET', `${base}/v1/reports/schools/${partners.schoolId}`, { token: other.schoolKey })).status).toBe(404);
    expect((await httpJson('GET', `${base}/v1/reports/schools/${partners.schoolId}`, { token: partners.enterpriseKey })).status).toBe(403);
    expect(
      (await httpJson('GET', `${base}/v1/reports/schools/${partners.schoolId}?withinDays=-1`, { token: partners.schoolKey })).status,
    ).toBe(400);
    const lapsing = await ok('GET', `${base}/v1/compliance/lapsing?schoolId=${partners.schoolId}&withinDays=30`, partners.schoolKey);
    expect(lapsing.items.map((i: { teacherId: string }) => i.teacherId)).toEqual([teachers.idle.id]);
  });

  it("an enterprise's report: teachers hosted and the mentor's load, JSON and CSV", async () => {
    const report = await ok('GET', `${base}/v1/reports/enterprises/${partners.enterpriseId}`, partners.enterpriseKey);
    expect(report.summary).toEqual({ teachersHosted: 2, secondments: 2, active: 1, completed: 1, countersignedHours: 16 });
    expect(report.mentors).toEqual([{ mentor: 'Wang Lei', active: 1, total: 2, countersignedHours: 16, logsAwaitingCountersignature: 1 }]);
    const csv = await fetchChecked(`${base}/v1/reports/enterprises/${partners.enterpriseId}?format=csv`, {
      headers: { authorization: `Bearer ${partners.enterpriseKey}` },
    });
    expect(csv.text.trim().split('\r\n')).toEqual([
      'mentor,active,total,countersignedHours,logsAwaitingCountersignature',
      'Wang Lei,1,2,16,1',
    ]);
    expect((await httpJson('GET', `${base}/v1/reports/enterprises/${partners.enterpriseId}`, { token: other.enterpriseKey })).status).toBe(
      404,
    );
  });

  it('reverse flow: an engineer teaches at the school, the school signs off, the event is published once', async () => {
    const engagement = await ok('POST', `${base}/v1/engineer-teaching`, partners.enterpriseKey, {
      schoolId: partners.schoolId,
      engineerId: 'eng-0042',
      engineerName: 'Sun Hao',
      course: 'Industrial robotics',
      module: 'PLC programming',
      hours: 32,
      period: { start: '2026-10-01', end: '2026-11-15' },
    });
    expect(engagement.status).toBe('reported');
    const noAgreement = await httpJson('POST', `${base}/v1/engineer-teaching`, {
      token: partners.enterpriseKey,
      body: {
        schoolId: other.schoolId,
        engineerId: 'e',
        engineerName: 'n',
        course: 'c',
        hours: 2,
        period: { start: '2026-10-01', end: '2026-10-02' },
      },
    });
    expect(noAgreement.status).toBe(422);
    const tooMany = await httpJson('POST', `${base}/v1/engineer-teaching`, {
      token: partners.enterpriseKey,
      body: {
        schoolId: partners.schoolId,
        engineerId: 'e',
        engineerName: 'n',
        course: 'c',
        hours: 0,
        period: { start: '2026-10-01', end: '2026-10-02' },
      },
    });
    expect(tooMany.status).toBe(400);
    expect(
      (await httpJson('POST', `${base}/v1/engineer-teaching/${engagement.id}/sign-off`, { token: partners.enterpriseKey })).status,
    ).toBe(403);
    expect((await httpJson('POST', `${base}/v1/engineer-teaching/${engagement.id}/sign-off`, { token: other.schoolKey })).status).toBe(404);
    const signed = await ok('POST', `${base}/v1/engineer-teaching/${engagement.id}/sign-off`, partners.schoolKey);
    expect(signed).toMatchObject({ status: 'signed-off', decidedBy: `school:${partners.schoolId}` });
    expect((await httpJson('POST', `${base}/v1/engineer-teaching/${engagement.id}/sign-off`, { token: partners.schoolKey })).status).toBe(
      409,
    );
    await waitFor('the sign-off event', () => recorder.ofType('secondment.engineer-teaching.signed-off.v1').length === 1);
    expect(recorder.events[0]).toMatchObject({
      key: engagement.id,
      data: {
        engagementId: engagement.id,
        enterpriseId: partners.enterpriseId,
        schoolId: partners.schoolId,
        engineerId: 'eng-0042',
        course: 'Industrial robotics: PLC programming',
        hours: 32,
      },
    });
  });
  it('reverse flow: the school disputes a report with a reason; the school and the enterprise list and read it, another enterprise does not', async () => {
    const engagement = await ok('POST', `${base}/v1/engineer-teaching`, partners.enterpriseKey, {
      schoolId: partners.schoolId,
      engineerId: 'eng-0077',
      engineerName: 'Qian Lu',
      course: 'Hydraulics',
      hours: 12,
      period: { start: '2026-10-05', end: '2026-10-09' },
    });
    expect(engagement).toMatchObject({ status: 'reported', reportedBy: `enterprise:${partners.enterpriseId}`, version: 1 });
    expect(engagement).not.toHaveProperty('module');
    expect(engagement).not.toHaveProperty('decidedAt');

    const disputed = await ok('POST', `${base}/v1/engineer-teaching/${engagement.id}/dispute`, partners.schoolKey, {
      reason: 'Only 8 hours were on the timetable',
    });
    expect(disputed).toEqual({
      ...engagement,
      status: 'disputed',
      decidedBy: `school:${partners.schoolId}`,
      decidedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      disputeReason: 'Only 8 hours were on the timetable',
      version: 2,
    });
    expect((await httpJson('POST', `${base}/v1/engineer-teaching/${engagement.id}/sign-off`, { token: partners.schoolKey })).status).toBe(
      409,
    );

    expect(await ok('GET', `${base}/v1/engineer-teaching/${engagement.id}`, partners.enterpriseKey)).toEqual(disputed);
    expect(await ok('GET', `${base}/v1/engineer-teaching/${engagement.id}`, partners.schoolKey)).toEqual(disputed);
    const listed = (await ok('GET', `${base}/v1/engineer-teaching`, partners.schoolKey)).items;
    expect(listed.find((e: { id: string }) => e.id === engagement.id)).toEqual(disputed);
    expect(listed.every((e: { schoolId: string }) => e.schoolId === partners.schoolId)).toBe(true);
    expect((await ok('GET', `${base}/v1/engineer-teaching`, other.enterpriseKey)).items).toEqual([]);
    expect((await httpJson('GET', `${base}/v1/engineer-teaching/${engagement.id}`, { token: other.enterpriseKey })).status).toBe(404);
  });
});

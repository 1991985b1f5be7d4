/**
 * Plays a teacher's secondment against running services and prints each step: partners and an
 * agreement in the talent pipeline (copied by the secondment service), keys of the secondment
 * service, a host post, a request approved by the school and the enterprise, practice logs
 * countersigned by the mentor, completion, compliance recomputed, the Open Badges 3.0
 * credential (decoded) and its verification (public endpoint, then offline with the JWKS), the
 * teacher listed as a placement supervisor in the talent pipeline, the school report as CSV,
 * and a stricter rule version lapsing the teacher and revoking the credential.
 *
 * The default Chinese rule asks 132 working days in five years; so that the demo fits in
 * minutes, the operator publishes a CN rule version taking effect today that asks 2 days (rules
 * are data), and later a stricter one.
 *
 * Usage: node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/demo/play-secondment.ts \
 *          <talent-url> <secondment-url>      (ADMIN_API_TOKEN: the operator token of both)
 */
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { getOk as get, getText, httpJson, postOk as post, waitFor } from '@app/testing';

const [talent, secondment] = process.argv.slice(2);
// The demo operator's own key (ADR 0073; the demo configures it), else the shared token.
const admin = process.env.OPERATOR_KEY ?? process.env.ADMIN_API_TOKEN ?? 'demo-admin-token-change-me';
const DAY = 86_400_000;
const dateOf = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const TODAY = dateOf(0);

let stepNo = 0;
const step = (text: string) => console.log(`\n\x1b[1m${++stepNo}. ${text}\x1b[0m`);
const show = (label: string, value: unknown) => console.log(`   ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);

const cnRule = (version: number, days: number) => ({
  id: 'cn-vocational-teacher-practice',
  jurisdiction: 'CN',
  version,
  effectiveFrom: TODAY,
  title: `Demo: ${days} credited days of enterprise practice in every five years`,
  professionalCourseTeachersOnly: true,
  requirement: { amount: days, unit: 'days', windowYears: 5, graceFromHireDate: false },
  counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: 120 },
  rdHours: { counts: true, capDaysPerWindow: 44 },
  newTeacherPractice: { exemptWithPriorExperienceMonths: 36, requiredDays: 1 },
  tiers: [
    {
      tier: 'junior',
      minCreditedDays: 2,
      minYearsTeaching: 0,
      minCompletedSecondments: 1,
      minDeliverables: 0,
      requiredDeliverableKinds: [],
      minMentorScore: null,
    },
    {
      tier: 'intermediate',
      minCreditedDays: 2,
      minYearsTeaching: 3,
      minCompletedSecondments: 1,
      minDeliverables: 1,
      requiredDeliverableKinds: [],
      minMentorScore: 4,
    },
  ],
});

async function nextCnVersion(): Promise<number> {
  const sets = (await get(`${secondment}/v1/rule-sets`, admin)).items as { id: string; version: number }[];
  return Math.max(0, ...sets.filter((r) => r.id === 'cn-vocational-teacher-practice').map((r) => r.version)) + 1;
}

async function main() {
  if (!talent || !secondment) throw new Error('usage: play-secondment.ts <talent-url> <secondment-url>');
  for (const url of [talent, secondment]) {
    await waitFor(`${url} to be ready`, async () => (await fetch(`${url}/health/ready`)).status === 200, {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
  }

  step('The talent pipeline registers a school, an enterprise and an active cooperation agreement; the secondment service copies them');
  const school = await post(`${talent}/v1/schools`, admin, { name: 'Suzhou Vocational Institute', country: 'CN' });
  const enterprise = await post(`${talent}/v1/enterprises`, admin, { name: 'Lakeside Robotics', country: 'CN', industry: 'manufacturing' });
  const agreement = await post(`${talent}/v1/agreements`, admin, {
    schoolId: school.id,
    enterpriseId: enterprise.id,
    scope: 'Teacher enterprise practice and student internships in industrial robotics',
    period: { from: dateOf(-365), to: dateOf(730) },
    placementKinds: ['internship'],
  });
  await post(`${talent}/v1/agreements/${agreement.id}/status`, admin, { to: 'active' });
  await waitFor(
    'the agreement copy',
    async () => (await httpJson('GET', `${secondment}/v1/agreements/${agreement.id}`, { token: admin })).body?.status === 'active',
    {
      timeoutMs: 60_000,
    },
  );
  show('agreement', `${agreement.id}, active, copied by teacher-secondment`);

  step(
    'The operator issues secondment-service keys to the school and the enterprise, and publishes a demo CN rule version (rules are data)',
  );
  const schoolKey = (await post(`${secondment}/v1/access/keys`, admin, { role: 'school', partnerId: school.id })).apiKey;
  const enterpriseKey = (await post(`${secondment}/v1/access/keys`, admin, { role: 'enterprise', partnerId: enterprise.id })).apiKey;
  const version = await nextCnVersion();
  await post(`${secondment}/v1/rule-sets`, admin, cnRule(version, 2));
  show(
    'rule set',
    `cn-vocational-teacher-practice v${version}, effective ${TODAY}: 2 credited days in 5 years (v1, the real rule, asks 132)`,
  );

  step('The school registers a professional-course teacher; the enterprise publishes a host post under the agreement');
  const teacher = await post(`${secondment}/v1/teachers`, schoolKey, {
    displayName: 'Chen Jing',
    subject: 'Industrial robotics',
    professionalCourse: true,
    hireDate: '2016-09-01',
    priorEnterpriseExperienceMonths: 40,
  });
  const teacherKey = (await post(`${secondment}/v1/teachers/${teacher.id}/api-keys`, schoolKey, {})).apiKey;
  const hostPost = await post(`${secondment}/v1/posts`, enterpriseKey, {
    schoolId: school.id,
    role: 'Robot cell commissioning engineer (secondment)',
    tasks: ['commissioning a welding cell', 'writing maintenance procedures'],
    mentor: { name: 'Wang Lei', contact: 'wang.lei@lakeside.example' },
    location: 'Suzhou plant 2',
    period: { start: dateOf(-45), end: dateOf(-1) },
    skills: ['robot programming', 'PLC'],
    capacity: 2,
  });
  show('teacher', `${teacher.id} (${teacher.displayName}, ${teacher.subject})`);
  show('post', `${hostPost.id}: ${hostPost.role}, ${hostPost.period.start}..${hostPost.period.end}, ${hostPost.seatsFree} seats`);

  step('The teacher requests the post; a teacher cannot approve; the enterprise and the school approve; it starts');
  const requested = await post(`${secondment}/v1/secondments`, teacherKey, { teacherId: teacher.id, postId: hostPost.id });
  const refused = await httpJson('POST', `${secondment}/v1/secondments/${requested.id}/approvals`, { token: teacherKey, body: {} });
  show('approval by the teacher', `${refused.status} ${refused.body.title}`);
  await post(`${secondment}/v1/secondments/${requested.id}/approvals`, enterpriseKey, {});
  const approved = await post(`${secondment}/v1/secondments/${requested.id}/approvals`, schoolKey, {});
  show('approvals', approved.approvals);
  await post(`${secondment}/v1/secondments/${requested.id}/start`, enterpriseKey, {});

  step('Practice logs: the teacher logs two days, the mentor countersigns them; a day outside the period is refused');
  const outside = await httpJson('POST', `${secondment}/v1/secondments/${requested.id}/logs`, {
    token: teacherKey,
    body: { date: dateOf(-60), hours: 8, tasks: ['x'] },
  });
  show('a log outside the period', `${outside.status} ${outside.body.detail}`);
  for (const date of [dateOf(-30), dateOf(-29)]) {
    const logged = await post(`${secondment}/v1/secondments/${requested.id}/logs`, teacherKey, {
      date,
      hours: 8,
      tasks: ['welding cell commissioning'],
      evidence: ['https://evidence.example.com/commissioning-report.pdf'],
    });
    const log = logged.logs.find((l: { date: string }) => l.date === date);
    await post(`${secondment}/v1/secondments/${requested.id}/logs/${log.logId}/countersign`, enterpriseKey, {});
    show('log', `${date}: 8 h, countersigned by the mentor`);
  }
  await post(`${secondment}/v1/secondments/${requested.id}/evaluation`, enterpriseKey, { score: 4.5, competencies: { commissioning: 5 } });
  const completed = await post(`${secondment}/v1/secondments/${requested.id}/complete`, enterpriseKey, {});
  show('secondment', `${completed.status}, ${completed.countersignedHours} countersigned hours`);

  step('Compliance is recomputed from the practice; the teacher is compliant and a double-qualified credential is issued');
  await waitFor('compliance', async () => (await get(`${secondment}/v1/teachers/${teacher.id}`, schoolKey)).compliance?.compliant === true);
  const answer = await get(`${secondment}/v1/teachers/${teacher.id}/compliance`, schoolKey);
  show('compliance today', {
    compliant: answer.compliant,
    credited: answer.credited.total,
    required: answer.requiredDays,
    lapsesOn: answer.lapsesOn,
    needed: answer.needed,
  });
  const credential = await waitFor(
    'the credential',
    async () => (await get(`${secondment}/v1/credentials?teacherId=${teacher.id}`, schoolKey)).items[0],
  );
  console.log(`   credential (VC-JOSE JWT, ${credential.jwt.length} chars): ${credential.jwt.slice(0, 60)}…`);
  console.log(JSON.stringify(decodeJwt(credential.jwt), null, 2).replace(/^/gm, '     '));

  step('Anyone verifies it: at the public endpoint, and offline with the published JWKS');
  show('POST /v1/credentials/verify', await post(`${secondment}/v1/credentials/verify`, '', { jwt: credential.jwt }));
  const jwks = await get(`${secondment}/.well-known/jwks.json`);
  const { protectedHeader } = await jwtVerify(credential.jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], typ: 'vc+jwt' });
  show('offline (jose + JWKS)', `signature valid, alg ${protectedHeader.alg}, kid ${protectedHeader.kid}`);

  step('The talent pipeline lists the teacher as a placement supervisor for the school');
  const supervisors = await waitFor('the supervisor', async () => {
    const items = (await get(`${talent}/v1/supervisors`, school.apiKey)).items;
    return items.length > 0 && items;
  });
  show('supervisors', supervisors);

  step("The school's report as CSV (compliance now and as of the day before the practice)");
  console.log(
    (await getText(`${secondment}/v1/reports/schools/${school.id}?format=csv&asOf=${dateOf(-31)}`, schoolKey)).text.replace(/^/gm, '     '),
  );

  step('A stricter rule version takes effect today: the teacher lapses, the credential is revoked, the supervisor withdrawn');
  await post(`${secondment}/v1/rule-sets`, admin, cnRule(version + 1, 10));
  await waitFor(
    'the revocation',
    async () => (await get(`${secondment}/v1/credentials/${credential.id}`, schoolKey)).status === 'revoked',
    { timeoutMs: 30_000 },
  );
  show('verify again', await post(`${secondment}/v1/credentials/verify`, '', { jwt: credential.jwt }));
  await waitFor('the supervisor withdrawn', async () => (await get(`${talent}/v1/supervisors`, school.apiKey)).items.length === 0);
  show('supervisors', 'none');
  console.log('\nSecondment demo complete.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

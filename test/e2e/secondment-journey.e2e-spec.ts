import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import {
  e2eServiceEnv,
  e2eTalentPipelineEnv,
  getOk as get,
  httpJson,
  postOk as post,
  ServiceProcess,
  uniqueName,
  waitFor,
} from '@app/testing';

jest.setTimeout(240_000);

const ADMIN = 'e2e-secondment-admin-token-0123456789';
// Apart from the other journeys' port ranges, so the files can run at once.
// Below 32768: never handed out as an ephemeral (client) port; a range of its own per suite.
const PORT_BASE = 25_000 + Math.floor(Math.random() * 330) * 3;
const DAY = 86_400_000;
const dateOf = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const TODAY = dateOf(0);

/** A rule version for CN taking effect today: `days` credited days in five years; junior needs one completed secondment. */
const cnRule = (version: number, days: number) => ({
  id: 'cn-vocational-teacher-practice',
  jurisdiction: 'CN',
  version,
  effectiveFrom: TODAY,
  title: `Journey rule v${version}: ${days} days in five years`,
  professionalCourseTeachersOnly: true,
  requirement: { amount: days, unit: 'days', windowYears: 5, graceFromHireDate: false },
  counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: null },
  rdHours: { counts: true, capDaysPerWindow: 10 },
  newTeacherPractice: null,
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
  ],
});

/**
 * A teacher's secondment across the real processes (talent pipeline and teacher secondment from
 * dist/), a real Kafka broker and a real Mongo wire-protocol server: the agreement copied from
 * the talent pipeline, a host post, a request approved by the school and the enterprise, practice
 * logs countersigned by the mentor, completion, compliance recomputed, an Open Badges 3.0
 * credential issued and verified by its signature (online and offline with the JWKS), the
 * talent pipeline showing the teacher as a placement supervisor, and a later rule change
 * lapsing the teacher, revoking the credential and withdrawing the supervisor.
 */
describe('teacher secondment journey across services (processes)', () => {
  const prefix = `${uniqueName('sjourney')}.`;
  const talent = new ServiceProcess('talent-pipeline', PORT_BASE, e2eTalentPipelineEnv(prefix, ADMIN));
  const secondment = new ServiceProcess('teacher-secondment', PORT_BASE + 1, {
    ...e2eServiceEnv(prefix, 'teacher-secondment'),
    ADMIN_API_TOKEN: ADMIN,
    PUBLIC_BASE_URL: `http://127.0.0.1:${PORT_BASE + 1}`,
    CREDENTIAL_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  });
  let t: string;
  let s: string;

  let school: { id: string; apiKey: string };
  let enterprise: { id: string; apiKey: string };
  let keys: { school: string; enterprise: string; teacher: string };
  let teacher: { id: string };
  let hostPost: { id: string };
  let secondmentId: string;
  let credential: { id: string; jwt: string; statusListIndex: number };

  beforeAll(async () => {
    await Promise.all([talent.start(), secondment.start()]);
    t = talent.baseUrl;
    s = secondment.baseUrl;
  });
  afterAll(async () => {
    await Promise.all([talent.stop(), secondment.stop()]);
  });

  it('1. the talent pipeline registers the partners and an active agreement; the secondment service copies them', async () => {
    school = await post(`${t}/v1/schools`, ADMIN, { name: 'Harbour Vocational', country: 'CN' });
    enterprise = await post(`${t}/v1/enterprises`, ADMIN, { name: 'Harbour Cranes', country: 'CN', industry: 'logistics' });
    const agreement = await post(`${t}/v1/agreements`, ADMIN, {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Teacher practice and internships in crane maintenance',
      period: { from: dateOf(-365), to: dateOf(365) },
      placementKinds: ['internship'],
    });
    await post(`${t}/v1/agreements/${agreement.id}/status`, ADMIN, { to: 'active' });
    await waitFor(
      'the agreement copy',
      async () => (await httpJson('GET', `${s}/v1/agreements/${agreement.id}`, { token: ADMIN })).body?.status === 'active',
      { timeoutMs: 60_000 },
    );
    keys = {
      school: (await post(`${s}/v1/access/keys`, ADMIN, { role: 'school', partnerId: school.id })).apiKey,
      enterprise: (await post(`${s}/v1/access/keys`, ADMIN, { role: 'enterprise', partnerId: enterprise.id })).apiKey,
      teacher: '',
    };
    await post(`${s}/v1/rule-sets`, ADMIN, cnRule(2, 2));
  });

  it('2. the school registers a teacher; the enterprise publishes a host post under the agreement', async () => {
    teacher = await post(`${s}/v1/teachers`, keys.school, {
      displayName: 'Chen Jing',
      subject: 'Crane maintenance',
      professionalCourse: true,
      hireDate: '2015-09-01',
      priorEnterpriseExperienceMonths: 48,
    });
    keys.teacher = (await post(`${s}/v1/teachers/${teacher.id}/api-keys`, keys.school, {})).apiKey;
    hostPost = await post(`${s}/v1/posts`, keys.enterprise, {
      schoolId: school.id,
      role: 'Maintenance engineer (secondment)',
      tasks: ['gantry crane inspection', 'PLC fault finding'],
      mentor: { name: 'Wang Lei' },
      location: 'Harbour terminal 3',
      period: { start: dateOf(-40), end: dateOf(-1) },
      skills: ['PLC programming'],
      capacity: 2,
    });
  });

  it('3. the teacher requests the post; the enterprise and the school approve; the secondment starts', async () => {
    const requested = await post(`${s}/v1/secondments`, keys.teacher, { teacherId: teacher.id, postId: hostPost.id });
    secondmentId = requested.id;
    expect((await httpJson('POST', `${s}/v1/secondments/${secondmentId}/approvals`, { token: keys.teacher, body: {} })).status).toBe(403);
    await post(`${s}/v1/secondments/${secondmentId}/approvals`, keys.enterprise, {});
    const approved = await post(`${s}/v1/secondments/${secondmentId}/approvals`, keys.school, {});
    expect(approved.status).toBe('approved');
    expect(Object.keys(approved.approvals).sort()).toEqual(['enterprise', 'school']);
    expect((await post(`${s}/v1/secondments/${secondmentId}/start`, keys.enterprise, {})).status).toBe('active');
  });

  it('4. the teacher logs practice, the mentor countersigns and evaluates, the secondment completes', async () => {
    for (const date of [dateOf(-30), dateOf(-29)]) {
      const logged = await post(`${s}/v1/secondments/${secondmentId}/logs`, keys.teacher, {
        date,
        hours: 8,
        tasks: ['gantry crane inspection'],
        evidence: ['https://evidence.example.com/inspection-report.pdf'],
      });
      const log = logged.logs.find((l: { date: string }) => l.date === date);
      await post(`${s}/v1/secondments/${secondmentId}/logs/${log.logId}/countersign`, keys.enterprise, {});
    }
    await post(`${s}/v1/secondments/${secondmentId}/evaluation`, keys.enterprise, { score: 4.5, competencies: { diagnostics: 5 } });
    await post(`${s}/v1/secondments/${secondmentId}/deliverables`, keys.teacher, {
      kind: 'case-study',
      title: 'Fault finding on gantry crane PLCs',
    });
    const completed = await post(`${s}/v1/secondments/${secondmentId}/complete`, keys.enterprise, {});
    expect(completed).toMatchObject({ status: 'completed', countersignedHours: 16 });
    const late = await httpJson('POST', `${s}/v1/secondments/${secondmentId}/logs`, {
      token: keys.teacher,
      body: { date: dateOf(-28), hours: 8, tasks: ['x'] },
    });
    expect(late.status).toBe(409);
  });

  it('5. compliance is recomputed and a double-qualified credential is issued', async () => {
    await waitFor(
      'the recomputed compliance',
      async () => (await get(`${s}/v1/teachers/${teacher.id}`, keys.school)).compliance?.compliant === true,
    );
    const answer = await get(`${s}/v1/teachers/${teacher.id}/compliance`, keys.teacher);
    expect(answer).toMatchObject({ compliant: true, requiredDays: 2, credited: { total: 2 }, ruleSetVersion: 2 });
    credential = await waitFor(
      'the credential',
      async () => (await get(`${s}/v1/credentials?teacherId=${teacher.id}`, keys.teacher)).items[0],
    );
    expect(credential).toMatchObject({ tier: 'junior', status: 'active' });
    const vc = decodeJwt(credential.jwt) as Record<string, any>;
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.evidence[0].id).toContain(secondmentId);
  });

  it('6. anyone verifies the credential by its signature, at the public endpoint and offline with the JWKS', async () => {
    expect(await post(`${s}/v1/credentials/verify`, '', { jwt: credential.jwt })).toMatchObject({
      valid: true,
      signatureValid: true,
      revoked: false,
    });
    const jwks = await get(`${s}/.well-known/jwks.json`);
    const { payload } = await jwtVerify(credential.jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], typ: 'vc+jwt' });
    expect(payload.id).toBe(`urn:uuid:${credential.id}`);
  });

  it('7. the talent pipeline lists the teacher as a placement supervisor for the school', async () => {
    const supervisors = await waitFor('the supervisor in the talent pipeline', async () => {
      const items = (await get(`${t}/v1/supervisors`, school.apiKey)).items;
      return items.length > 0 && items;
    });
    expect(supervisors).toEqual([
      expect.objectContaining({ teacherId: teacher.id, displayName: 'Chen Jing', tier: 'junior', credentialId: credential.id }),
    ]);
  });

  it('8. a later lapse: far in the future the practice has left the window; a stricter rule today revokes the credential', async () => {
    const future = await get(`${s}/v1/teachers/${teacher.id}/compliance?asOf=${dateOf(5 * 366)}`, keys.school);
    expect(future.compliant).toBe(false);
    expect((await get(`${s}/v1/teachers/${teacher.id}/compliance`, keys.school)).lapsesOn).not.toBeNull();

    await post(`${s}/v1/rule-sets`, ADMIN, cnRule(3, 10));
    await waitFor('the revocation', async () => (await get(`${s}/v1/credentials/${credential.id}`, keys.school)).status === 'revoked', {
      timeoutMs: 30_000,
    });
    const verified = await post(`${s}/v1/credentials/verify`, '', { jwt: credential.jwt });
    expect(verified).toMatchObject({ valid: false, signatureValid: true, revoked: true });
    await waitFor(
      'the supervisor withdrawn in the talent pipeline',
      async () => (await get(`${t}/v1/supervisors`, school.apiKey)).items.length === 0,
    );
  });
});

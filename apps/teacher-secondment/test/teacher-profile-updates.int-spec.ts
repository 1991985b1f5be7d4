import { decodeJwt } from 'jose';
import { httpJson, waitFor } from '@app/testing';
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
  testRule,
} from './teacher-secondment.harness';

jest.setTimeout(150_000);

const JURISDICTION = 'ZP';

interface Credential {
  id: string;
  jwt: string;
  status: string;
  revocationReason?: string;
}

/**
 * PATCH /v1/teachers/{id}: a school or the operator changes a teacher's profile, and the teacher
 * is judged again: compliance, and the credential, which is signed with the teacher's name.
 */
describe("A teacher's profile changed by their school (real Kafka and Mongo)", () => {
  let service: SecondmentService;
  let base: string;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let recorder: EventRecorder;

  const patch = (id: string, body: unknown, token = partners.schoolKey) => httpJson('PATCH', `${base}/v1/teachers/${id}`, { token, body });
  const credentialsOf = async (teacherId: string): Promise<Credential[]> =>
    (await ok('GET', `${base}/v1/credentials?teacherId=${teacherId}`, partners.schoolKey)).items;
  const activeCredentialOf = async (teacherId: string) => (await credentialsOf(teacherId)).find((c) => c.status === 'active');
  const PROFILE_FIELDS = ['displayName', 'subject', 'professionalCourse', 'hireDate', 'priorEnterpriseExperienceMonths', 'schoolId'];
  const profileOf = (teacher: Record<string, unknown>) => Object.fromEntries(PROFILE_FIELDS.map((field) => [field, teacher[field]]));
  const nameIn = (credential: Credential) => (decodeJwt(credential.jwt).credentialSubject as { name: string }).name;

  /** A teacher with two countersigned days of a completed secondment: compliant, with a junior credential. */
  const credentialedTeacher = async (displayName: string) => {
    const teacher = await registerTeacher(base, partners.schoolKey, { displayName });
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const secondment = await activeSecondment(base, partners, teacher.id, post.id);
    await logAndCountersign(base, partners, secondment.id, ['2026-09-07', '2026-09-08']);
    await ok('POST', `${base}/v1/secondments/${secondment.id}/complete`, partners.enterpriseKey);
    const credential = await waitFor('the credential', () => activeCredentialOf(teacher.id), { timeoutMs: 30_000 });
    return { teacher, credential };
  };

  beforeAll(async () => {
    service = await startTeacherSecondment({ PUBLIC_BASE_URL: 'https://secondment.example.org' });
    base = service.baseUrl;
    partners = await seedPartnership(service, { country: JURISDICTION });
    await ok(
      'POST',
      `${base}/v1/rule-sets`,
      ADMIN_TOKEN,
      testRule({ id: 'zp-test-practice', jurisdiction: JURISDICTION, title: 'Profile test rule' }, 1, '2000-01-01', 2),
    );
    recorder = new EventRecorder(['secondment.credential.v1', 'secondment.supervisor.v1'].map((t) => `${service.prefix}${t}`));
    await recorder.start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
  });

  it('a new name has the credential issued again under it, the old one revoked as superseded, and hosts offered the supervisor by the new name', async () => {
    const { teacher, credential } = await credentialedTeacher('Chen Jing');
    expect(nameIn(credential)).toBe('Chen Jing');

    const renamed = await patch(teacher.id, { displayName: 'Chen Jingyi' }, ADMIN_TOKEN);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      id: teacher.id,
      displayName: 'Chen Jingyi',
      subject: teacher.subject,
      hireDate: teacher.hireDate,
    });

    const reissued = await waitFor('the credential issued again', async () => {
      const active = await activeCredentialOf(teacher.id);
      return active && active.id !== credential.id && active;
    });
    expect(nameIn(reissued)).toBe('Chen Jingyi');
    const old = (await credentialsOf(teacher.id)).find((c) => c.id === credential.id)!;
    expect(old).toMatchObject({ status: 'revoked', revocationReason: "superseded: the teacher's name changed" });
    await waitFor('the supervisor offered under the new name', () =>
      recorder
        .ofType('secondment.supervisor.offered.v1')
        .some((e) => e.data.credentialId === reissued.id && e.data.displayName === 'Chen Jingyi'),
    );
  });

  it('a change that leaves the name and the standing as they were keeps the credential', async () => {
    const { teacher, credential } = await credentialedTeacher('Li Na');
    const other = await credentialedTeacher('Zhao Lei');
    const changed = await patch(teacher.id, { subject: 'Electrical engineering', priorEnterpriseExperienceMonths: 12 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ subject: 'Electrical engineering', priorEnterpriseExperienceMonths: 12 });
    // Teachers are judged again one at a time, in the order they changed: once the other teacher's
    // rename has its credential issued again, this teacher has been judged again too.
    expect((await patch(other.teacher.id, { displayName: 'Zhao Lei (renamed)' })).status).toBe(200);
    await waitFor('the other teacher judged again', async () => (await activeCredentialOf(other.teacher.id))?.id !== other.credential.id);
    expect((await activeCredentialOf(teacher.id))?.id).toBe(credential.id);
    expect((await credentialsOf(teacher.id)).filter((c) => c.status === 'revoked')).toEqual([]);
  });

  it('a teacher no longer on a professional course, whom the rule does not cover, loses the credential', async () => {
    const { teacher, credential } = await credentialedTeacher('Wang Fang');
    expect((await patch(teacher.id, { professionalCourse: false })).status).toBe(200);
    const revoked = await waitFor('the credential revoked', async () => {
      const old = (await credentialsOf(teacher.id)).find((c) => c.id === credential.id);
      return old?.status === 'revoked' && old;
    });
    expect(revoked.revocationReason).toMatch(/^tier lapsed/);
    expect(await activeCredentialOf(teacher.id)).toBeUndefined();
    const answer = await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance`, partners.schoolKey);
    expect(answer.applicable).toBe(false);
  });

  it.each([
    ['the school', { schoolId: '11111111-1111-4111-8111-111111111111' }, 'schoolId'],
    ['a field no teacher has', { email: 'chen@example.org' }, 'email'],
    ['no field at all', {}, '(body)'],
    ['a hire date that is no date', { hireDate: '2012-13-01' }, 'hireDate'],
    ['a hire date the engine cannot count from', { hireDate: '9999-01-01' }, 'hireDate'],
    ['a negative experience', { priorEnterpriseExperienceMonths: -1 }, 'priorEnterpriseExperienceMonths'],
    ['a name removed', { displayName: null }, 'displayName'],
  ])('refuses %s with 400 naming the field, and changes nothing', async (_what, body, field) => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const refused = await patch(teacher.id, body);
    expect(refused.status).toBe(400);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(profileOf(await ok('GET', `${base}/v1/teachers/${teacher.id}`, partners.schoolKey))).toEqual(profileOf(teacher));
  });

  it('answers the teacher with an ETag, and applies a patch only to the version If-Match names (412 otherwise, nothing changed)', async () => {
    const registered = await httpJson('POST', `${base}/v1/teachers`, {
      token: partners.schoolKey,
      body: {
        displayName: 'Tag Teacher',
        subject: 'Welding',
        professionalCourse: true,
        hireDate: '2020-09-01',
        priorEnterpriseExperienceMonths: 0,
      },
    });
    expect(registered.headers.get('etag')).toMatch(/^"\d+"$/);
    const id = registered.body.id;
    // Once the service's own first judgement of the teacher is stored, nothing else writes the record.
    await waitFor(
      'the first compliance answer',
      async () => (await ok('GET', `${base}/v1/teachers/${id}`, partners.schoolKey)).compliance ?? undefined,
    );
    const read = await httpJson('GET', `${base}/v1/teachers/${id}`, { token: partners.schoolKey });
    const tag = read.headers.get('etag')!;
    expect(tag).toMatch(/^"\d+"$/);

    const changed = await httpJson('PATCH', `${base}/v1/teachers/${id}`, {
      token: partners.schoolKey,
      body: { subject: 'Brazing' },
      headers: { 'if-match': tag },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.subject).toBe('Brazing');
    const newTag = changed.headers.get('etag');
    expect(newTag).toMatch(/^"\d+"$/);
    expect(newTag).not.toBe(tag);

    for (const stale of [tag, `W/${newTag}`]) {
      const refused = await httpJson('PATCH', `${base}/v1/teachers/${id}`, {
        token: partners.schoolKey,
        body: { subject: 'Machining' },
        headers: { 'if-match': stale },
      });
      expect(refused.status).toBe(412);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 412, title: 'precondition failed' });
      expect(refused.body.etag).toMatch(/^"\d+"$/);
    }
    expect((await ok('GET', `${base}/v1/teachers/${id}`, partners.schoolKey)).subject).toBe('Brazing');
  });

  it("answers another school's teacher with 404 and an enterprise with 403, changing nothing", async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const other = await seedPartnership(service, { country: JURISDICTION });
    expect((await patch(teacher.id, { displayName: 'Someone Else' }, other.schoolKey)).status).toBe(404);
    expect((await patch(teacher.id, { displayName: 'Someone Else' }, partners.enterpriseKey)).status).toBe(403);
    expect((await ok('GET', `${base}/v1/teachers/${teacher.id}`, partners.schoolKey)).displayName).toBe(teacher.displayName);
  });
});

import { Clock } from '@app/base';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { fetchChecked, waitFor } from '@app/testing';
import { RecomputeService } from '../src/recompute/recompute.service';
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
  bitIsSet,
} from './teacher-secondment.harness';

jest.setTimeout(150_000);

const PUBLIC_BASE = 'https://secondment.example.org';

const tier = (name: string, criteria: Record<string, unknown> = {}) => ({
  tier: name,
  minCreditedDays: 2,
  minYearsTeaching: 0,
  minCompletedSecondments: 1,
  minDeliverables: 0,
  requiredDeliverableKinds: [],
  minMentorScore: null,
  ...criteria,
});

/** A test jurisdiction's rule: 2 credited days in every rolling 5 years, with the given tiers. */
const ruleOf = (id: string, jurisdiction: string, tiers: ReturnType<typeof tier>[]) => ({
  id,
  jurisdiction,
  version: 1,
  effectiveFrom: '2000-01-01',
  title: `Test rule ${jurisdiction}`,
  professionalCourseTeachersOnly: true,
  requirement: { amount: 2, unit: 'days', windowYears: 5, graceFromHireDate: false },
  counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: null },
  rdHours: { counts: false, capDaysPerWindow: null },
  newTeacherPractice: null,
  tiers,
});

type Credential = {
  id: string;
  tier: string;
  status: string;
  jwt: string;
  statusListIndex: number;
  revokedAt: string | null;
  revocationReason: string | null;
};

async function credentialsOf(base: string, key: string, teacherId: string): Promise<Credential[]> {
  return (await ok('GET', `${base}/v1/credentials?teacherId=${teacherId}`, key)).items;
}

/** A teacher of the partnership's school with one completed secondment of two countersigned days (2026-09-07 and 08). */
async function teacherWithTwoDays(service: SecondmentService, partners: Awaited<ReturnType<typeof seedPartnership>>, displayName: string) {
  const base = service.baseUrl;
  const teacher = await registerTeacher(base, partners.schoolKey, {
    displayName,
    hireDate: '2012-09-01',
    priorEnterpriseExperienceMonths: 60,
  });
  const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
  const secondment = await activeSecondment(base, partners, teacher.id, post.id);
  await logAndCountersign(base, partners, secondment.id, ['2026-09-07', '2026-09-08']);
  await ok('POST', `${base}/v1/secondments/${secondment.id}/complete`, partners.enterpriseKey);
  return { teacher, secondment };
}

describe('a lapse over time, found by the compliance sweep (real Kafka and Mongo, the clock moved forward)', () => {
  let service: SecondmentService;
  let base: string;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let recorder: EventRecorder;
  let clockSpy: jest.SpyInstance | undefined;

  beforeAll(async () => {
    // The periodic sweep is an hour away and none runs at start: in this test only the explicit sweep() below recomputes.
    service = await startTeacherSecondment({
      PUBLIC_BASE_URL: PUBLIC_BASE,
      COMPLIANCE_SWEEP_MS: '3600000',
      COMPLIANCE_SWEEP_ON_START: 'false',
    });
    base = service.baseUrl;
    partners = await seedPartnership(service, { country: 'ZW' });
    await ok('POST', `${base}/v1/rule-sets`, ADMIN_TOKEN, ruleOf('zw-lapse-test', 'ZW', [tier('junior')]));
    recorder = new EventRecorder(['secondment.credential.v1', 'secondment.teacher-compliance.v1'].map((t) => `${service.prefix}${t}`));
    await recorder.start();
  });
  afterAll(async () => {
    clockSpy?.mockRestore();
    await recorder?.stop();
    await service?.close();
  });

  it('compliant today; on the day the practice leaves the rolling window the sweep publishes the change, lapses the tier and revokes the credential', async () => {
    const { teacher } = await teacherWithTwoDays(service, partners, 'Sun Hao');
    const issued = await waitFor(
      'the junior credential',
      async () => (await credentialsOf(base, partners.schoolKey, teacher.id)).find((c) => c.status === 'active'),
      { timeoutMs: 30_000 },
    );
    expect(issued.tier).toBe('junior');
    const today = await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance`, partners.schoolKey);
    expect(today).toMatchObject({ compliant: true, credited: { total: 2 } });
    // The first countersigned day leaves the 5-year window on its fifth anniversary.
    expect(today.lapsesOn).toBe('2031-09-07');
    const lapsesOn: string = today.lapsesOn;
    const changesOf = () => recorder.ofType('teacher.compliance.changed.v1').filter((e) => e.data.teacherId === teacher.id);
    // Registration and the first countersigned day were published as not compliant; the last change was to compliant.
    await waitFor('the compliant answer on Kafka', () => changesOf().at(-1)?.data.compliant === true);
    const seenBefore = changesOf().length;

    // The service's clock moves to 09:00 UTC on the lapse date (and keeps ticking); nothing else changes.
    const clock = service.app.get(Clock);
    const realStart = Date.now();
    const movedTo = Date.parse(`${lapsesOn}T09:00:00Z`);
    clockSpy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(movedTo + (Date.now() - realStart)));
    expect(clock.today()).toBe(lapsesOn);

    // Asked live, the engine already answers for the clock's today; but nothing stored or published has changed: that is the sweep's job.
    expect(await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance`, partners.schoolKey)).toMatchObject({
      asOf: lapsesOn,
      compliant: false,
      credited: { total: 1 },
    });
    expect((await ok('GET', `${base}/v1/teachers/${teacher.id}`, partners.schoolKey)).compliance).toMatchObject({ compliant: true });
    expect((await credentialsOf(base, partners.schoolKey, teacher.id)).map((c) => c.status)).toEqual(['active']);
    expect(changesOf().slice(seenBefore)).toEqual([]);

    await service.app.get(RecomputeService).sweep();

    const revoked = await waitFor(
      'the revocation by the sweep',
      async () => (await credentialsOf(base, partners.schoolKey, teacher.id)).find((c) => c.id === issued.id && c.status === 'revoked'),
      { timeoutMs: 30_000 },
    );
    expect(revoked.revocationReason).toBe(`tier lapsed: not compliant with zw-lapse-test v1 on ${lapsesOn}`);
    expect(revoked.revokedAt!.slice(0, 10)).toBe(lapsesOn);
    expect((await credentialsOf(base, partners.schoolKey, teacher.id)).filter((c) => c.status === 'active')).toEqual([]);
    expect((await ok('GET', `${base}/v1/teachers/${teacher.id}`, partners.schoolKey)).compliance).toMatchObject({
      compliant: false,
      asOf: lapsesOn,
      creditedDays: 1,
      requiredDays: 2,
    });

    // teacher.compliance.changed and credential.revoked reach Kafka.
    const lapse = await waitFor('teacher.compliance.changed (lapsed) on Kafka', () => changesOf().slice(seenBefore)[0]);
    expect(lapse.data.compliant).toBe(false);
    expect(lapse.data).toMatchObject({ schoolId: partners.schoolId, asOf: lapsesOn, creditedDays: 1, requiredDays: 2, lapsesOn: null });
    const revokedEvent = await waitFor('credential.revoked on Kafka', () =>
      recorder.ofType('credential.revoked.v1').find((e) => e.data.credentialId === issued.id),
    );
    expect(revokedEvent.data.teacherId).toBe(teacher.id);

    // Revoked for every verifier: the public endpoint, and the signed status list with the credential's bit set.
    expect(await ok('POST', `${base}/v1/credentials/verify`, '', { jwt: issued.jwt })).toMatchObject({
      valid: false,
      signatureValid: true,
      revoked: true,
    });
    const vc = decodeJwt(issued.jwt) as { credentialStatus: { statusListCredential: string; statusListIndex: string } };
    const listPath = new URL(vc.credentialStatus.statusListCredential).pathname;
    const statusList = (await fetchChecked(`${base}${listPath}`)).text;
    const { payload } = await jwtVerify(statusList, createLocalJWKSet(await ok('GET', `${base}/.well-known/jwks.json`, '')), {
      algorithms: ['EdDSA'],
    });
    const encodedList = (payload.credentialSubject as { encodedList: string }).encodedList;
    const index = Number(vc.credentialStatus.statusListIndex);
    expect(bitIsSet(encodedList, index)).toBe(true);
    expect(bitIsSet(encodedList, index + 1)).toBe(false);

    // The school sees the teacher among the non-compliant on the clock's today.
    const lapsing = await ok('GET', `${base}/v1/compliance/lapsing?schoolId=${partners.schoolId}&withinDays=0`, partners.schoolKey);
    expect(lapsing).toMatchObject({ asOf: lapsesOn, items: [expect.objectContaining({ teacherId: teacher.id, compliant: false })] });
  });
});

describe('deliverables and the mentor evaluation raise the tier (real Kafka and Mongo, through the HTTP API)', () => {
  let service: SecondmentService;
  let base: string;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let recorder: EventRecorder;

  beforeAll(async () => {
    service = await startTeacherSecondment({ PUBLIC_BASE_URL: PUBLIC_BASE, COMPLIANCE_SWEEP_ON_START: 'false' });
    base = service.baseUrl;
    partners = await seedPartnership(service, { country: 'ZT' });
    await ok(
      'POST',
      `${base}/v1/rule-sets`,
      ADMIN_TOKEN,
      ruleOf('zt-tier-test', 'ZT', [
        tier('junior'),
        tier('intermediate', { minYearsTeaching: 3, minDeliverables: 1, minMentorScore: 3.5 }),
        tier('senior', {
          minYearsTeaching: 8,
          minDeliverables: 2,
          requiredDeliverableKinds: ['work-based-learning-project'],
          minMentorScore: 4.2,
        }),
      ]),
    );
    recorder = new EventRecorder([`${service.prefix}secondment.credential.v1`]);
    await recorder.start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
  });

  it('enough practice alone is junior; a deliverable without an evaluation stays junior; the evaluation grants intermediate, a work-based-learning project senior', async () => {
    const { teacher, secondment } = await teacherWithTwoDays(service, partners, 'Ma Li');
    const recompute = service.app.get(RecomputeService);
    const active = async () => (await credentialsOf(base, partners.schoolKey, teacher.id)).filter((c) => c.status === 'active');

    const junior = await waitFor('the junior credential', async () => (await active())[0], { timeoutMs: 30_000 });
    expect(junior.tier).toBe('junior');

    // A deliverable, but no mentor evaluation yet: intermediate's criteria are not all met.
    await ok('POST', `${base}/v1/secondments/${secondment.id}/deliverables`, partners.schoolKey, {
      kind: 'course-materials',
      title: 'PLC troubleshooting lab sheets',
    });
    await recompute.recomputeTeacher(teacher.id); // what the deliverable's signal queued, awaited here
    expect((await active()).map((c) => [c.id, c.tier])).toEqual([[junior.id, 'junior']]);

    // The mentor's evaluation completes intermediate's criteria (senior still lacks a work-based-learning project).
    await ok('POST', `${base}/v1/secondments/${secondment.id}/evaluation`, partners.enterpriseKey, {
      score: 4.5,
      competencies: { diagnostics: 5, safety: 4 },
    });
    const intermediate = await waitFor('the intermediate credential', async () => (await active()).find((c) => c.tier === 'intermediate'), {
      timeoutMs: 30_000,
    });
    await recompute.recomputeTeacher(teacher.id);
    expect((await active()).map((c) => c.tier)).toEqual(['intermediate']);

    // A work-based-learning project: two deliverables, one of the required kind, and the score 4.5 >= 4.2.
    await ok('POST', `${base}/v1/secondments/${secondment.id}/deliverables`, partners.schoolKey, {
      kind: 'work-based-learning-project',
      title: 'Line 3 preventive maintenance plan, built with students',
      url: 'https://school.example.org/wbl/line-3',
    });
    const senior = await waitFor('the senior credential', async () => (await active()).find((c) => c.tier === 'senior'), {
      timeoutMs: 30_000,
    });

    // Each grant superseded the one before; one credential in force.
    const all = await credentialsOf(base, partners.schoolKey, teacher.id);
    expect(all.filter((c) => c.status === 'active').map((c) => c.id)).toEqual([senior.id]);
    for (const earlier of [junior, intermediate]) {
      expect(all.find((c) => c.id === earlier.id)).toMatchObject({
        status: 'revoked',
        revocationReason: expect.stringMatching(/^superseded/),
      });
    }

    // The senior credential names its tier, verifies, and was published.
    const vc = decodeJwt(senior.jwt) as { credentialSubject: { achievement: { id: string } } };
    expect(vc.credentialSubject.achievement.id).toBe(`${PUBLIC_BASE}/achievements/double-qualified-teacher/senior`);
    expect(await ok('POST', `${base}/v1/credentials/verify`, '', { jwt: senior.jwt })).toMatchObject({
      valid: true,
      signatureValid: true,
      revoked: false,
      credentialId: senior.id,
      tier: 'senior',
    });
    await waitFor('credential.issued for each tier on Kafka', () =>
      [junior, intermediate, senior].every((c) => recorder.ofType('credential.issued.v1').some((e) => e.data.credentialId === c.id)),
    );
    expect(recorder.ofType('credential.issued.v1').find((e) => e.data.credentialId === senior.id)!.data).toMatchObject({
      teacherId: teacher.id,
      tier: 'senior',
    });
  });
});

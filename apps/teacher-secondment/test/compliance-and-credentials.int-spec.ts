import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { RdHoursLogged, RdParticipationWithdrawn, Topics } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import { fetchChecked, httpJson, waitFor } from '@app/testing';
import { ComplianceService } from '../src/compliance/compliance.service';
import { addDays, todayUtc } from '../src/shared/calendar-date';
import { TeachersService } from '../src/teachers/teachers.service';
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
  testRule as harnessTestRule,
} from './teacher-secondment.harness';

jest.setTimeout(150_000);

const yesterdayUtc = () => addDays(todayUtc(), -1);
const RD_SOURCE = 'urn:school-enterprise:rd-collaboration';
const JURISDICTION = 'ZZ';

const testRule = (version: number, effectiveFrom: string, requiredDays: number) =>
  harnessTestRule(
    { id: 'zz-test-practice', jurisdiction: JURISDICTION, title: 'Test jurisdiction rule' },
    version,
    effectiveFrom,
    requiredDays,
  );

describe('compliance engine and double-qualified credentials (real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let base: string;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let recorder: EventRecorder;
  let teacher: { id: string };
  let credential: { id: string; jwt: string; statusListIndex: number; kid: string };

  const rdHours = (entryId: string, hours: number, date = '2026-10-15', teacherId = teacher.id) =>
    newCloudEvent(RdHoursLogged, {
      source: RD_SOURCE,
      data: {
        entryId,
        projectId: 'project-gearbox',
        enterpriseId: partners.enterpriseId,
        schoolId: partners.schoolId,
        teacherId,
        date,
        hours,
        activity: 'gearbox test rig',
        occurredAt: new Date().toISOString(),
      },
    });

  const publish = (teacherId: string, ...events: Array<{ id: string }>) =>
    service.publish(events.map((event) => ({ id: randomUUID(), topic: Topics.rdParticipation, key: teacherId, event: event as never })));
  const withdrawn = (teacherId: string, reason: 'entered-in-error' | 'left-project', hoursEntryIds: string[]) =>
    newCloudEvent(RdParticipationWithdrawn, {
      source: RD_SOURCE,
      data: {
        participationId: `participation-${randomUUID()}`,
        projectId: 'project-gearbox',
        enterpriseId: partners.enterpriseId,
        schoolId: partners.schoolId,
        participantKind: 'teacher',
        personId: teacherId,
        reason,
        hoursEntryIds,
        occurredAt: new Date().toISOString(),
      },
    });
  /** The days of R&D practice credited to the teacher, as of 2026-11-01. */
  const rdDays = async (teacherId: string) =>
    (await ok('GET', `${base}/v1/teachers/${teacherId}/compliance?asOf=2026-11-01`, partners.schoolKey)).credited.bySource.rd;
  /** The teacher's stored document, read directly: which R&D entries it carries. */
  const storedEntriesOf = async (teacherId: string) => {
    const { MongoClient } = await import('mongodb');
    const client = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    try {
      const found = await client
        .db(service.database)
        .collection<{ _id: string; rdHours?: Array<{ entryId: string }> }>('teachers')
        .findOne({ _id: teacherId });
      return (found?.rdHours ?? []).map((entry) => entry.entryId);
    } finally {
      await client.close();
    }
  };

  beforeAll(async () => {
    service = await startTeacherSecondment({ PUBLIC_BASE_URL: 'https://secondment.example.org' });
    base = service.baseUrl;
    partners = await seedPartnership(service, { country: JURISDICTION });
    recorder = new EventRecorder(
      ['secondment.credential.v1', 'secondment.teacher-compliance.v1', 'secondment.supervisor.v1', 'rd.participation.v1.dlt'].map(
        (t) => `${service.prefix}${t}`,
      ),
    );
    await recorder.start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
  });

  it('rule sets are documents: the operator publishes a jurisdiction; a retroactive or repeated version is refused', async () => {
    await ok('POST', `${base}/v1/rule-sets`, ADMIN_TOKEN, testRule(1, '2000-01-01', 2));
    const all = await ok('GET', `${base}/v1/rule-sets`, partners.schoolKey);
    expect(all.items.map((r: { id: string; version: number }) => `${r.id}@${r.version}`)).toEqual(
      expect.arrayContaining(['cn-vocational-teacher-practice@1', 'zz-test-practice@1']),
    );
    const retroactive = await httpJson('POST', `${base}/v1/rule-sets`, { token: ADMIN_TOKEN, body: testRule(2, '2020-01-01', 3) });
    expect(retroactive.status).toBe(422);
    expect(retroactive.body.errors[0].field).toBe('effectiveFrom');
    expect((await httpJson('POST', `${base}/v1/rule-sets`, { token: ADMIN_TOKEN, body: testRule(1, todayUtc(), 3) })).status).toBe(409);
    expect((await httpJson('POST', `${base}/v1/rule-sets`, { token: partners.schoolKey, body: testRule(2, todayUtc(), 3) })).status).toBe(
      403,
    );
    const invalid = await httpJson('POST', `${base}/v1/rule-sets`, {
      token: ADMIN_TOKEN,
      body: { ...testRule(2, todayUtc(), 3), counting: { method: 'fortnights' } },
    });
    expect(invalid.status).toBe(400);
  });

  it('practice logs and completion are credited; one countersigned day is short of the rule', async () => {
    teacher = await registerTeacher(base, partners.schoolKey, { hireDate: '2012-09-01', priorEnterpriseExperienceMonths: 60 });
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const secondment = await activeSecondment(base, partners, teacher.id, post.id);
    await logAndCountersign(base, partners, secondment.id, ['2026-09-07']);
    await ok('POST', `${base}/v1/secondments/${secondment.id}/complete`, partners.enterpriseKey);
    const snapshot = await waitFor('the recomputed compliance', async () => {
      const t = await ok('GET', `${base}/v1/teachers/${teacher.id}`, partners.schoolKey);
      return t.compliance?.creditedDays === 1 && t.compliance;
    });
    expect(snapshot).toMatchObject({ compliant: false, requiredDays: 2, ruleSetId: 'zz-test-practice', ruleSetVersion: 1 });
    const answer = await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance`, partners.schoolKey);
    expect(answer.credited.contributions).toEqual([{ source: 'secondment', ref: secondment.id, days: 1 }]);
    expect(answer.needed).toEqual({ days: 1, by: todayUtc() });
    expect((await ok('GET', `${base}/v1/credentials?teacherId=${teacher.id}`, partners.schoolKey)).items).toEqual([]);
  });

  it('R&D hours produced to Kafka are credited once per entryId (capped), the teacher becomes compliant and a credential is issued', async () => {
    const first = rdHours(`entry-${randomUUID()}`, 8);
    const second = rdHours(`entry-${randomUUID()}`, 8, '2026-10-16');
    const replay = { ...first, id: randomUUID() };
    await service.publish(
      [first, replay, second].map((event) => ({ id: event.id, topic: Topics.rdParticipation, key: teacher.id, event })),
    );

    const issued = await waitFor(
      'the credential',
      async () => (await ok('GET', `${base}/v1/credentials?teacherId=${teacher.id}`, partners.schoolKey)).items[0],
      {
        timeoutMs: 30_000,
      },
    );
    credential = issued;
    // The credential is issued as soon as one R&D day makes the teacher compliant; the second entry (the capped one) may land after it.
    const answer = await waitFor('the second R&D entry credited', async () => {
      const compliance = await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance`, partners.schoolKey);
      return compliance.credited.cappedDays > 0 && compliance;
    });
    expect(answer).toMatchObject({ compliant: true, credited: { total: 2, bySource: { secondment: 1, rd: 1 }, cappedDays: 1 } });
    expect(issued).toMatchObject({
      teacherId: teacher.id,
      tier: 'junior',
      status: 'active',
      verifyUrl: `https://secondment.example.org/v1/credentials/${issued.id}/verification`,
    });

    const vc = decodeJwt(issued.jwt) as Record<string, any>;
    expect(vc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.issuer).toMatchObject({ id: 'https://secondment.example.org/issuer', type: ['Profile'] });
    expect(vc.credentialSubject).toMatchObject({
      id: `urn:uuid:${teacher.id}`,
      type: ['AchievementSubject'],
      achievement: { type: ['Achievement'] },
    });
    expect(vc.evidence[0].id).toMatch(/\/v1\/secondments\//);
    expect(vc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(issued.statusListIndex),
      statusListCredential: 'https://secondment.example.org/v1/credentials/status/revocation-1',
    });
    expect(decodeProtectedHeader(issued.jwt)).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', kid: issued.kid });

    await waitFor(
      'credential.issued and supervisor.offered on Kafka',
      () =>
        recorder.ofType('credential.issued.v1').some((e) => e.data.credentialId === issued.id) &&
        recorder.ofType('secondment.supervisor.offered.v1').some((e) => e.data.teacherId === teacher.id),
    );
    expect(recorder.ofType('secondment.supervisor.offered.v1').find((e) => e.data.teacherId === teacher.id)!.data).toMatchObject({
      schoolId: partners.schoolId,
      displayName: 'Chen Jing',
      subject: 'Mechatronics',
      tier: 'junior',
      credentialId: issued.id,
    });
    // The compliance change travels on its own topic: it may reach the recorder after the credential events.
    const changesOf = () => recorder.ofType('teacher.compliance.changed.v1').filter((e) => e.data.teacherId === teacher.id);
    await waitFor('the compliance change on Kafka', () => changesOf().some((e) => e.data.compliant === true));
    expect(changesOf().at(-1)!.data).toMatchObject({ compliant: true, creditedDays: 2, requiredDays: 2, ruleSetVersion: 1 });
  });

  it('anyone verifies the credential: at the public endpoint, and offline with the published JWKS', async () => {
    const online = await ok('POST', `${base}/v1/credentials/verify`, '', { jwt: credential.jwt });
    expect(online).toMatchObject({ valid: true, signatureValid: true, revoked: false, credentialId: credential.id, tier: 'junior' });

    const jwks = await ok('GET', `${base}/.well-known/jwks.json`, '');
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0].d).toBeUndefined();
    const { payload } = await jwtVerify(credential.jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    expect(payload.id).toBe(`urn:uuid:${credential.id}`);

    const [head, body] = credential.jwt.split('.');
    const tamperedBody = Buffer.from(JSON.stringify({ ...decodeJwt(credential.jwt), name: 'Senior everything' })).toString('base64url');
    const tampered = await ok('POST', `${base}/v1/credentials/verify`, '', {
      jwt: `${head}.${tamperedBody}.${credential.jwt.split('.')[2]}`,
    });
    expect(tampered).toMatchObject({ valid: false, signatureValid: false });
    expect(body).toBeDefined();
    const garbage = await httpJson('POST', `${base}/v1/credentials/verify`, { body: { jwt: 42 } });
    expect(garbage.status).toBe(400);

    // The issuer Profile the credential names, and the stored credential verified by its id (the verifyUrl).
    const profile = await ok('GET', `${base}/issuer`, '');
    expect(profile).toEqual({
      id: 'https://secondment.example.org/issuer',
      type: ['Profile'],
      name: expect.any(String),
      jwks: 'https://secondment.example.org/.well-known/jwks.json',
    });
    expect(decodeJwt(credential.jwt).issuer).toMatchObject({ id: profile.id, name: profile.name });
    expect(await ok('GET', `${base}/v1/credentials/${credential.id}/verification`, '')).toEqual({
      valid: true,
      signatureValid: true,
      revoked: false,
      credentialId: credential.id,
      tier: 'junior',
      kid: credential.kid,
      issuer: profile.id,
      validFrom: decodeJwt(credential.jwt).validFrom,
    });
    expect((await httpJson('GET', `${base}/v1/credentials/${randomUUID()}/verification`)).status).toBe(404);
  });

  it('a rule change taking effect today lapses the teacher: the credential is revoked in the status list; earlier dates keep the old answer', async () => {
    await ok('POST', `${base}/v1/rule-sets`, ADMIN_TOKEN, testRule(2, todayUtc(), 3));
    await waitFor(
      'the revocation',
      async () => (await ok('GET', `${base}/v1/credentials/${credential.id}`, partners.schoolKey)).status === 'revoked',
      {
        timeoutMs: 30_000,
      },
    );
    const verified = await ok('POST', `${base}/v1/credentials/verify`, '', { jwt: credential.jwt });
    expect(verified).toMatchObject({ valid: false, signatureValid: true, revoked: true });
    expect(verified.reason).toMatch(/tier lapsed/);

    const statusList = await fetchChecked(`${base}/v1/credentials/status/revocation-1`);
    expect(statusList.contentType).toContain('application/vc+jwt');
    const jwks = await ok('GET', `${base}/.well-known/jwks.json`, '');
    const { payload } = await jwtVerify(statusList.text, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    const subject = payload.credentialSubject as { encodedList: string; statusPurpose: string };
    expect(subject.statusPurpose).toBe('revocation');
    expect(bitIsSet(subject.encodedList, credential.statusListIndex)).toBe(true);
    expect(bitIsSet(subject.encodedList, credential.statusListIndex + 1)).toBe(false);

    await waitFor(
      'credential.revoked and supervisor.withdrawn',
      () =>
        recorder.ofType('credential.revoked.v1').some((e) => e.data.credentialId === credential.id) &&
        recorder.ofType('secondment.supervisor.withdrawn.v1').some((e) => e.data.teacherId === teacher.id),
    );
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance?asOf=${yesterday}`, partners.schoolKey)).toMatchObject({
      compliant: true,
      ruleSetVersion: 1,
    });
    expect(await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance`, partners.schoolKey)).toMatchObject({
      compliant: false,
      ruleSetVersion: 2,
      requiredDays: 3,
    });
    const lapsing = await ok('GET', `${base}/v1/compliance/lapsing?schoolId=${partners.schoolId}&withinDays=30`, partners.schoolKey);
    expect(lapsing.items).toEqual([expect.objectContaining({ teacherId: teacher.id, compliant: false })]);
  });

  it('as-of any date: a future date shows when the credit leaves the window', async () => {
    const future = await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance?asOf=2031-10-15`, partners.schoolKey);
    expect(future.window).toEqual({ from: '2026-10-16', to: '2031-10-15' });
    expect(future.credited.total).toBe(1);
    const bad = await httpJson('GET', `${base}/v1/teachers/${teacher.id}/compliance?asOf=2031-02-30`, { token: partners.schoolKey });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('asOf');
  });

  it('an as-of date outside the years the engine can count in is a 400 naming asOf, not a 500', async () => {
    for (const asOf of ['0001-01-01', '9999-12-31']) {
      const answer = await httpJson('GET', `${base}/v1/teachers/${teacher.id}/compliance?asOf=${asOf}`, { token: partners.schoolKey });
      expect({ asOf, status: answer.status }).toEqual({ asOf, status: 400 });
      expect(answer.body.errors[0].field).toBe('asOf');
    }
  });

  it('R&D hours logged before the teacher is registered are credited once (capped) when the teacher is registered under that id', async () => {
    const teacherId = randomUUID();
    const early = [
      rdHours(`entry-${randomUUID()}`, 8, '2026-10-20', teacherId),
      rdHours(`entry-${randomUUID()}`, 8, '2026-10-21', teacherId),
    ];
    const replay = { ...early[0], id: randomUUID() };
    await service.publish([...early, replay].map((event) => ({ id: event.id, topic: Topics.rdParticipation, key: teacherId, event })));
    const { MongoClient } = await import('mongodb');
    const client = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    try {
      const stored = client.db(service.database).collection('rd_hours');
      await waitFor('the R&D hours kept for the unregistered teacher', async () => (await stored.countDocuments({ teacherId })) === 2);

      const registered = await registerTeacher(base, partners.schoolKey, { id: teacherId, displayName: 'Liu Yang' });
      expect(registered.id).toBe(teacherId);
      const snapshot = await waitFor('the compliance with the early R&D hours', async () => {
        const t = await ok('GET', `${base}/v1/teachers/${teacherId}`, partners.schoolKey);
        return t.compliance?.creditedDays === 1 && t.compliance;
      });
      expect(snapshot).toMatchObject({ compliant: false, requiredDays: 3, ruleSetVersion: 2 });
      const answer = await ok('GET', `${base}/v1/teachers/${teacherId}/compliance?asOf=2026-11-01`, partners.schoolKey);
      // Two days of R&D hours, credited once each, capped at the rule's one day.
      expect(answer.credited).toMatchObject({ total: 1, bySource: { rd: 1 }, cappedDays: 1 });

      // A later recompute (another practice change) credits them no second time.
      await service.publish([replay].map((event) => ({ id: randomUUID(), topic: Topics.rdParticipation, key: teacherId, event })));
      await ok('POST', `${base}/v1/rule-sets`, ADMIN_TOKEN, { ...testRule(3, todayUtc(), 3), id: 'zz-other-practice', jurisdiction: 'ZY' });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const teacherDoc = await client
        .db(service.database)
        .collection<{ _id: string; rdHours: unknown[] }>('teachers')
        .findOne({ _id: teacherId });
      expect(teacherDoc!.rdHours).toHaveLength(2);
      expect((await ok('GET', `${base}/v1/teachers/${teacherId}/compliance?asOf=2026-11-01`, partners.schoolKey)).credited).toMatchObject({
        total: 1,
        cappedDays: 1,
      });
    } finally {
      await client.close();
    }
    const taken = await httpJson('POST', `${base}/v1/teachers`, {
      token: partners.schoolKey,
      body: {
        id: teacherId,
        displayName: 'Someone else',
        subject: 'x',
        professionalCourse: true,
        hireDate: '2020-09-01',
        priorEnterpriseExperienceMonths: 0,
      },
    });
    expect(taken.status).toBe(409);
  });

  it("the operator's R&D hours backfill finds nothing stranded: every stored entry was credited on arrival or at registration", async () => {
    expect((await httpJson('POST', `${base}/v1/rd-hours/backfill`, { token: partners.schoolKey })).status).toBe(403);
    // Two teacher ids have R&D hours stored: the first teacher's and the one registered after its hours arrived.
    expect(await ok('POST', `${base}/v1/rd-hours/backfill`, ADMIN_TOKEN)).toEqual({
      teachersScanned: 2,
      teachersCredited: 0,
      entriesCredited: 0,
      entriesOfOtherSchools: 0,
      teachersAwaitingRegistration: 0,
    });
  });

  it('keys rotate: new credentials get a new kid, and the JWKS keeps the old key so old credentials still verify', async () => {
    const rotated = await ok('POST', `${base}/v1/credentials/keys/rotate`, ADMIN_TOKEN);
    expect(rotated.kid).not.toBe(credential.kid);
    const jwks = await ok('GET', `${base}/.well-known/jwks.json`, '');
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([credential.kid, rotated.kid]));
    await jwtVerify(credential.jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });

    // A credential issued after the rotation is signed by the new key, and verifies.
    const next = await registerTeacher(base, partners.schoolKey, { displayName: 'Zhao Min' });
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const secondment = await activeSecondment(base, partners, next.id, post.id);
    await logAndCountersign(base, partners, secondment.id, ['2026-09-14', '2026-09-15', '2026-09-16']);
    await ok('POST', `${base}/v1/secondments/${secondment.id}/complete`, partners.enterpriseKey);
    const issued = await waitFor(
      'the credential issued after the rotation',
      async () => (await ok('GET', `${base}/v1/credentials?teacherId=${next.id}`, partners.schoolKey)).items[0],
      { timeoutMs: 30_000 },
    );
    expect(issued.kid).toBe(rotated.kid);
    expect(decodeProtectedHeader(issued.jwt).kid).toBe(rotated.kid);
    const { protectedHeader } = await jwtVerify(issued.jwt, createLocalJWKSet(await ok('GET', `${base}/.well-known/jwks.json`, '')), {
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader.kid).toBe(rotated.kid);
    expect(await ok('POST', `${base}/v1/credentials/verify`, '', { jwt: issued.jwt })).toMatchObject({ valid: true, kid: rotated.kid });
  });

  it('an R&D event that does not validate is dead-lettered and credits nothing', async () => {
    const invalid = rdHours(`entry-${randomUUID()}`, 8, '2026-10-20');
    (invalid.data as { hours: number }).hours = 30;
    await service.publish([{ id: invalid.id, topic: Topics.rdParticipation, key: teacher.id, event: invalid }]);
    await waitFor('the dead letter', () =>
      recorder.events.some((e) => e.topic.endsWith('rd.participation.v1.dlt') && e.data?.entryId === invalid.data.entryId),
    );
    const answer = await ok('GET', `${base}/v1/teachers/${teacher.id}/compliance?asOf=2026-11-01`, partners.schoolKey);
    expect(answer.credited.bySource.rd).toBe(1);
  });

  it("tenancy: another school cannot read the teacher's compliance or credentials; R&D entries stored once; keys stored encrypted", async () => {
    const other = await seedPartnership(service, { country: JURISDICTION });
    expect((await httpJson('GET', `${base}/v1/teachers/${teacher.id}/compliance`, { token: other.schoolKey })).status).toBe(404);
    expect((await httpJson('GET', `${base}/v1/credentials/${credential.id}`, { token: other.schoolKey })).status).toBe(404);
    expect((await ok('GET', `${base}/v1/credentials`, other.schoolKey)).items).toEqual([]);
    expect((await httpJson('GET', `${base}/v1/credentials`, { token: other.enterpriseKey })).status).toBe(403);
    const { MongoClient } = await import('mongodb');
    const client = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    try {
      // The replayed R&D entry (same entryId, new event id) was stored once.
      expect(await client.db(service.database).collection('rd_hours').countDocuments({ teacherId: teacher.id })).toBe(2);
      const stored = await client.db(service.database).collection('signing_keys').find().toArray();
      expect(stored.length).toBeGreaterThanOrEqual(2);
      for (const key of stored) {
        expect(key.privateJwk.alg).toBe('A256GCM');
        expect(JSON.stringify(key.privateJwk)).not.toContain('"d"');
      }
    } finally {
      await client.close();
    }
  });

  it("a teacher's R&D participation withdrawn as entered in error un-credits exactly its hours, for good; one who left keeps them", async () => {
    const [wrong, leaver] = [
      await registerTeacher(base, partners.schoolKey, { displayName: 'Named in error' }),
      await registerTeacher(base, partners.schoolKey, { displayName: 'Left the project' }),
    ];
    const wrongEntry = rdHours(`entry-${randomUUID()}`, 8, '2026-10-20', wrong.id);
    const leaverEntry = rdHours(`entry-${randomUUID()}`, 8, '2026-10-20', leaver.id);
    await publish(wrong.id, wrongEntry);
    await publish(leaver.id, leaverEntry);
    await waitFor('both credited', async () => (await rdDays(wrong.id)) === 1 && (await rdDays(leaver.id)) === 1);

    await publish(wrong.id, withdrawn(wrong.id, 'entered-in-error', [wrongEntry.data.entryId]));
    await publish(leaver.id, withdrawn(leaver.id, 'left-project', [leaverEntry.data.entryId]));
    await waitFor('the hours entered in error un-credited', async () => (await rdDays(wrong.id)) === 0);

    // The withdrawn entry delivered again (a replay), then a new one on the same key: only the new one counts.
    const later = rdHours(`entry-${randomUUID()}`, 8, '2026-10-21', wrong.id);
    await publish(wrong.id, { ...wrongEntry, id: randomUUID() }, later);
    await waitFor('the later entry credited', async () => (await rdDays(wrong.id)) === 1);
    // A marker on the leaver's key, after their withdrawal on the same partition: once it is credited, the withdrawal was handled.
    const leaverMarker = rdHours(`entry-${randomUUID()}`, 8, '2026-10-22', leaver.id);
    await publish(leaver.id, leaverMarker);
    const { MongoClient } = await import('mongodb');
    const client = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    try {
      const db = client.db(service.database);
      const teachers = db.collection<{ _id: string; rdHours?: Array<{ entryId: string }> }>('teachers');
      const entriesOf = async (teacherId: string) => ((await teachers.findOne({ _id: teacherId }))?.rdHours ?? []).map((e) => e.entryId);
      expect(await entriesOf(wrong.id)).toEqual([later.data.entryId]);
      expect(await db.collection('rd_hours').distinct('_id', { teacherId: wrong.id })).toEqual([later.data.entryId]);
      await waitFor('the marker after the leaver’s withdrawal credited', async () => (await entriesOf(leaver.id)).length === 2);
      expect(await entriesOf(leaver.id)).toEqual([leaverEntry.data.entryId, leaverMarker.data.entryId]);
    } finally {
      await client.close();
    }
    // The teacher who left did the work: still credited, and nothing was dead-lettered.
    expect(await rdDays(leaver.id)).toBeGreaterThanOrEqual(1);
    expect(recorder.events.filter((e) => e.topic.endsWith('rd.participation.v1.dlt') && e.data?.personId)).toEqual([]);
  });

  it('credits the hours of a teacher registered between the hours’ first write and the look for the teacher (no marker, so the registration copied nothing)', async () => {
    const teacherId = randomUUID();
    const teachers = service.app.get(TeachersService);
    const record = teachers.recordRdHours.bind(teachers);
    const gap = jest.spyOn(teachers, 'recordRdHours').mockImplementationOnce(async (...args) => {
      const added = await record(...args); // no teacher yet: not added
      await registerTeacher(base, partners.schoolKey, { id: teacherId, displayName: 'Registered in the gap' });
      return added;
    });
    try {
      await publish(teacherId, rdHours(`entry-${randomUUID()}`, 8, '2026-10-20', teacherId));
      await waitFor('the hours credited', async () => (await storedEntriesOf(teacherId)).length === 1);
    } finally {
      gap.mockRestore();
    }
    await waitFor('the compliance with the hours', async () => (await rdDays(teacherId)) === 1);
  });

  it('never credits an entry withdrawn while the registration copies the stored hours onto the teacher', async () => {
    const teacherId = randomUUID();
    const [kept, withdrawnEntry] = [
      rdHours(`entry-${randomUUID()}`, 8, '2026-10-20', teacherId),
      rdHours(`entry-${randomUUID()}`, 8, '2026-10-21', teacherId),
    ];
    await publish(teacherId, kept, withdrawnEntry);
    const { MongoClient } = await import('mongodb');
    const client = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    try {
      await waitFor(
        'both kept for the registration',
        async () => (await client.db(service.database).collection('rd_hours').countDocuments({ teacherId })) === 2,
      );
    } finally {
      await client.close();
    }
    // The consumer handles the withdrawal while the registration's recompute copies: after its read, before its write.
    const teachers = service.app.get(TeachersService);
    const copy = teachers.recordRdHoursEntries.bind(teachers);
    const meanwhile = jest.spyOn(teachers, 'recordRdHoursEntries').mockImplementationOnce(async (...args) => {
      await service.app
        .get(ComplianceService)
        .withdrawRdParticipation(withdrawn(teacherId, 'entered-in-error', [withdrawnEntry.data.entryId]));
      return copy(...args);
    });
    try {
      await registerTeacher(base, partners.schoolKey, { id: teacherId, displayName: 'Withdrawn while copied' });
      await waitFor('the copy done', () => meanwhile.mock.calls.length === 1);
    } finally {
      meanwhile.mockRestore();
    }
    await waitFor('only the entry not withdrawn on the teacher', async () => {
      const entries = await storedEntriesOf(teacherId);
      return entries.length === 1 && entries[0] === kept.data.entryId;
    });
    expect(await rdDays(teacherId)).toBe(1);
  });

  it('copies every stored entry at registration, however many (more than a page)', async () => {
    const teacherId = randomUUID();
    const { MongoClient } = await import('mongodb');
    const client = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    const count = 5_123;
    try {
      const db = client.db(service.database);
      // Stored as creditRdHours stores hours that arrive before the registration (written directly: thousands of events would be slow).
      await db.collection('rd_hours').insertMany(
        Array.from({ length: count }, (_, i) => ({
          _id: `bulk-${teacherId}-${String(i).padStart(5, '0')}` as never,
          teacherId,
          schoolId: partners.schoolId,
          enterpriseId: partners.enterpriseId,
          projectId: 'project-gearbox',
          date: '2026-10-20',
          hours: 1,
          activity: 'gearbox test rig',
          fromEvent: `bulk-${i}`,
          receivedAt: new Date(),
        })),
      );
      await db.collection('rd_hours_awaiting_teacher').insertOne({ _id: teacherId as never, since: new Date() });
    } finally {
      await client.close();
    }
    await registerTeacher(base, partners.schoolKey, { id: teacherId, displayName: 'Many entries' });
    await waitFor('every entry copied', async () => (await storedEntriesOf(teacherId)).length === count, { timeoutMs: 60_000 });
  });

  it('a recompute racing a practice change (another replica, the consumer) never stores the answer from before the change', async () => {
    const registered = await registerTeacher(base, partners.schoolKey, { displayName: 'Raced recompute' });
    const compliance = service.app.get(ComplianceService);
    const teachers = service.app.get(TeachersService);
    const storedCompliance = async () => (await teachers.findById(registered.id))?.compliance;
    await waitFor('the registration’s answer stored', async () => (await storedCompliance()) !== undefined);
    expect((await storedCompliance())?.creditedDays).toBe(0);
    // Between this recompute's read and its write, new hours land and are judged and stored by someone else.
    const write = teachers.recordCompliance.bind(teachers);
    const raced = jest.spyOn(teachers, 'recordCompliance').mockImplementationOnce(async (...args) => {
      const entry = { entryId: `entry-${randomUUID()}`, projectId: 'project-gearbox', date: yesterdayUtc(), hours: 8 };
      await teachers.recordRdHours(registered.id, partners.schoolId, entry);
      await compliance.recompute(registered.id);
      expect((await storedCompliance())?.creditedDays).toBe(1);
      return write(...args);
    });
    try {
      await compliance.recompute(registered.id);
    } finally {
      raced.mockRestore();
    }
    expect((await storedCompliance())?.creditedDays).toBe(1);
  });
});

import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri } from '@app/testing';
import { ConsentService } from '../src/consent/consent.service';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

describe('student profiles, consent and the disclosure ledger (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let school: { id: string; apiKey: string };
  let otherSchool: { id: string; apiKey: string };
  let enterprise: { id: string; apiKey: string };
  let otherEnterprise: { id: string; apiKey: string };

  const admin = { token: ADMIN_TOKEN };
  const url = (path: string) => `${service.baseUrl}${path}`;
  const ledgerCount = () => mongo.db(service.database).collection('disclosures').countDocuments();
  const consentCount = () => mongo.db(service.database).collection('consents').countDocuments();

  const registerStudent = async (extra: Record<string, unknown> = {}, schoolId = school.id) => {
    const response = await httpJson('POST', url('/v1/students'), {
      ...admin,
      body: { schoolId, givenName: 'Li', familyName: 'Wei', programme: 'mechatronics', cohort: '2025', ...extra },
    });
    if (response.status !== 201) throw new Error(`student not registered: ${JSON.stringify(response.body)}`);
    return response.body as { id: string };
  };
  const grant = (studentId: string, body: Record<string, unknown>, token = ADMIN_TOKEN) =>
    httpJson('POST', url(`/v1/students/${studentId}/consents`), { token, body });
  const profileAs = (studentId: string, as = enterprise) =>
    httpJson('GET', url(`/v1/enterprises/${as.id}/students/${studentId}`), { token: as.apiKey });

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    const register = async (path: string, body: unknown) => (await httpJson('POST', url(path), { ...admin, body })).body;
    school = await register('/v1/schools', { name: 'Harbour Vocational', country: 'CN' });
    otherSchool = await register('/v1/schools', { name: 'Hill Vocational', country: 'CN' });
    enterprise = await register('/v1/enterprises', { name: 'Harbour Cranes', country: 'CN' });
    otherEnterprise = await register('/v1/enterprises', { name: 'Hill Motors', country: 'CN' });
  });

  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  describe('student profile: skills and availability', () => {
    const skills = [
      { label: 'CNC milling', escoUri: 'http://data.europa.eu/esco/skill/7fd3b9b9-6d4a-4b0c-8c0e-0b7c4d6e5f10' },
      { label: 'technical drawing' },
    ];

    it('stores skills (optional ESCO URI) and availability, in the students collection', async () => {
      const student = await registerStudent({ skills, availability: { from: '2026-03-01', to: '2026-08-31' } });
      const fetched = await httpJson('GET', url(`/v1/students/${student.id}`), admin);
      expect(fetched.body).toMatchObject({ skills, availability: { from: '2026-03-01', to: '2026-08-31' } });
      const stored = await mongo
        .db(service.database)
        .collection('students')
        .findOne({ _id: student.id as never });
      expect(stored).toMatchObject({ skills, availability: { from: '2026-03-01', to: '2026-08-31' } });
    });

    it('still accepts a student without them (backward compatible)', async () => {
      const student = await registerStudent();
      const fetched = await httpJson('GET', url(`/v1/students/${student.id}`), admin);
      expect(fetched.status).toBe(200);
      expect(fetched.body).not.toHaveProperty('skills');
    });

    it('rejects a bad ESCO URI, a skill without label and an inverted availability with 400 naming the field', async () => {
      const post = (extra: Record<string, unknown>) =>
        httpJson('POST', url('/v1/students'), {
          ...admin,
          body: { schoolId: school.id, givenName: 'A', familyName: 'B', programme: 'p', cohort: 'c', ...extra },
        });
      const badUri = await post({ skills: [{ label: 'welding', escoUri: 'not a url' }] });
      expect(badUri.status).toBe(400);
      expect(badUri.body.errors.map((e: { field: string }) => e.field)).toContain('skills.0.escoUri');
      const noLabel = await post({ skills: [{}] });
      expect(noLabel.body.errors.map((e: { field: string }) => e.field)).toContain('skills.0.label');
      const inverted = await post({ availability: { from: '2026-08-31', to: '2026-03-01' } });
      expect(inverted.status).toBe(400);
      expect(inverted.body.errors).toEqual([expect.objectContaining({ field: 'availability.to' })]);
      const badDate = await post({ availability: { from: 'soon', to: '2026-03-01' } });
      expect(badDate.body.errors.map((e: { field: string }) => e.field)).toContain('availability.from');
    });
  });

  describe('consent', () => {
    it('grants, lists and withdraws a consent; isInForce follows it', async () => {
      const student = await registerStudent();
      const consents = service.app.get(ConsentService);
      expect(await consents.isInForce(student.id, enterprise.id, 'matching')).toBe(false);

      const granted = await grant(student.id, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'guardian' });
      expect(granted.status).toBe(201);
      expect(granted.body).toMatchObject({
        id: expect.any(String),
        studentId: student.id,
        schoolId: school.id,
        enterpriseId: enterprise.id,
        purpose: 'matching',
        grantedBy: 'guardian',
        recordedBy: 'operator',
        inForce: true,
      });
      expect(await consents.isInForce(student.id, enterprise.id, 'matching')).toBe(true);
      // Per enterprise and per purpose: one never stands in for another.
      expect(await consents.isInForce(student.id, otherEnterprise.id, 'matching')).toBe(false);
      expect(await consents.isInForce(student.id, enterprise.id, 'placement')).toBe(false);
      expect((await consents.studentsWithConsentInForce(enterprise.id, 'matching')).has(student.id)).toBe(true);
      expect((await consents.studentsWithConsentInForce(otherEnterprise.id, 'matching')).has(student.id)).toBe(false);

      const withdrawn = await httpJson('POST', url(`/v1/students/${student.id}/consents/${granted.body.id}/withdraw`), admin);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ id: granted.body.id, withdrawnAt: expect.any(String), inForce: false });
      expect(await consents.isInForce(student.id, enterprise.id, 'matching')).toBe(false);

      // Withdrawing again keeps the first withdrawal time.
      const again = await httpJson('POST', url(`/v1/students/${student.id}/consents/${granted.body.id}/withdraw`), admin);
      expect(again.status).toBe(200);
      expect(again.body.withdrawnAt).toBe(withdrawn.body.withdrawnAt);

      const listed = await httpJson('GET', url(`/v1/students/${student.id}/consents`), admin);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ id: granted.body.id, inForce: false, withdrawnAt: withdrawn.body.withdrawnAt }),
      ]);
    });

    it('records a retried grant once, and a withdrawal stops every grant for that enterprise and purpose', async () => {
      const student = await registerStudent();
      const consents = service.app.get(ConsentService);
      const body = { enterpriseId: enterprise.id, purpose: 'placement', grantedBy: 'student' };
      const first = await grant(student.id, body);
      const retried = await grant(student.id, body);
      expect(retried.body.id).toBe(first.body.id);
      const renewed = await grant(student.id, { ...body, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      expect(renewed.body.id).not.toBe(first.body.id);
      const otherPurpose = await grant(student.id, { ...body, purpose: 'matching' });
      expect((await httpJson('GET', url(`/v1/students/${student.id}/consents`), admin)).body.items).toHaveLength(3);

      await httpJson('POST', url(`/v1/students/${student.id}/consents/${first.body.id}/withdraw`), admin);
      expect(await consents.isInForce(student.id, enterprise.id, 'placement')).toBe(false);
      const items = (await httpJson('GET', url(`/v1/students/${student.id}/consents`), admin)).body.items;
      const inForce = Object.fromEntries(items.map((c: { id: string; inForce: boolean }) => [c.id, c.inForce]));
      expect(inForce).toEqual({ [first.body.id]: false, [renewed.body.id]: false, [otherPurpose.body.id]: true });
    });

    it('treats a consent with a future expiry as in force', async () => {
      const student = await registerStudent();
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const granted = await grant(student.id, { enterpriseId: enterprise.id, purpose: 'placement', grantedBy: 'student', expiresAt });
      expect(granted.status).toBe(201);
      expect(granted.body).toMatchObject({ expiresAt, inForce: true });
      expect(await service.app.get(ConsentService).isInForce(student.id, enterprise.id, 'placement')).toBe(true);
    });

    it('rejects bad grants with 400 naming the field and stores nothing', async () => {
      const student = await registerStudent();
      const before = await consentCount();
      const unknownEnterprise = await grant(student.id, {
        enterpriseId: '00000000-0000-4000-8000-000000000009',
        purpose: 'matching',
        grantedBy: 'student',
      });
      expect(unknownEnterprise.status).toBe(400);
      expect(unknownEnterprise.contentType).toContain('application/problem+json');
      expect(unknownEnterprise.body.errors).toEqual([expect.objectContaining({ field: 'enterpriseId' })]);

      const badPurpose = await grant(student.id, { enterpriseId: enterprise.id, purpose: 'marketing', grantedBy: 'student' });
      expect(badPurpose.body.errors.map((e: { field: string }) => e.field)).toEqual(['purpose']);
      const badGrantor = await grant(student.id, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'teacher' });
      expect(badGrantor.body.errors.map((e: { field: string }) => e.field)).toEqual(['grantedBy']);
      const past = await grant(student.id, {
        enterpriseId: enterprise.id,
        purpose: 'matching',
        grantedBy: 'student',
        expiresAt: '2020-01-01T00:00:00Z',
      });
      expect(past.status).toBe(400);
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
      expect(await consentCount()).toBe(before);
    });

    it('answers 404 for an unknown student or consent, 401 without the operator token and 403 with another token', async () => {
      const student = await registerStudent();
      expect(
        (await grant('00000000-0000-4000-8000-00000000000a', { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' }))
          .status,
      ).toBe(404);
      expect(
        (await httpJson('POST', url(`/v1/students/${student.id}/consents/00000000-0000-4000-8000-00000000000b/withdraw`), admin)).status,
      ).toBe(404);
      expect((await grant(student.id, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' }, 'wrong')).status).toBe(
        403,
      );
      expect((await httpJson('GET', url(`/v1/students/${student.id}/consents`))).status).toBe(401);
    });

    it('lets a school manage consents of its own students only', async () => {
      const student = await registerStudent();
      const path = `/v1/schools/${school.id}/students/${student.id}/consents`;
      const granted = await httpJson('POST', url(path), {
        token: school.apiKey,
        body: { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' },
      });
      expect(granted.status).toBe(201);
      expect(granted.body.recordedBy).toBe(`school:${school.id}`);
      expect((await httpJson('GET', url(path), { token: school.apiKey })).body.items).toHaveLength(1);

      // Another school's key on this school's path: 403; on its own path for a student not its own: 404.
      expect((await httpJson('GET', url(path), { token: otherSchool.apiKey })).status).toBe(403);
      const foreign = await httpJson('GET', url(`/v1/schools/${otherSchool.id}/students/${student.id}/consents`), {
        token: otherSchool.apiKey,
      });
      expect(foreign.status).toBe(404);
      expect((await httpJson('GET', url(path))).status).toBe(401);

      const withdrawn = await httpJson('POST', url(`${path}/${granted.body.id}/withdraw`), { token: school.apiKey });
      expect(withdrawn.body).toMatchObject({ inForce: false, withdrawalRecordedBy: `school:${school.id}` });
    });
  });

  describe('disclosure to an enterprise', () => {
    it('refuses with 403 problem+json without consent, and records nothing', async () => {
      const student = await registerStudent();
      // Consent for another purpose and for another enterprise does not count.
      await grant(student.id, { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' });
      await grant(student.id, { enterpriseId: otherEnterprise.id, purpose: 'data-sharing-with-enterprise', grantedBy: 'student' });
      const before = await ledgerCount();

      const refused = await profileAs(student.id);
      expect(refused.status).toBe(403);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ title: 'consent missing', purpose: 'data-sharing-with-enterprise' });
      expect(JSON.stringify(refused.body)).not.toContain('Wei');
      expect(await ledgerCount()).toBe(before);
    });

    it('discloses the profile with consent in force, records who got which fields, when and why — and stops after withdrawal', async () => {
      const student = await registerStudent({
        skills: [{ label: 'welding' }],
        externalIds: [{ value: 'E-77', schemeId: 'employee-number' }],
      });
      const consent = (
        await grant(student.id, { enterpriseId: enterprise.id, purpose: 'data-sharing-with-enterprise', grantedBy: 'student' })
      ).body;

      const disclosed = await profileAs(student.id);
      expect(disclosed.status).toBe(200);
      expect(disclosed.body).toEqual({
        id: student.id,
        schoolId: school.id,
        givenName: 'Li',
        familyName: 'Wei',
        programme: 'mechatronics',
        cohort: '2025',
        skills: [{ label: 'welding' }],
      });

      const ledger = await httpJson('GET', url(`/v1/students/${student.id}/disclosures`), admin);
      expect(ledger.status).toBe(200);
      expect(ledger.body.items).toEqual([
        expect.objectContaining({
          personId: student.id,
          schoolId: school.id,
          service: 'talent-pipeline',
          recipient: { kind: 'enterprise', id: enterprise.id },
          fields: ['id', 'schoolId', 'givenName', 'familyName', 'programme', 'cohort', 'skills'],
          purpose: 'data-sharing-with-enterprise',
          basis: { kind: 'consent', consentId: consent.id },
          disclosedAt: expect.any(String),
          correlationId: expect.any(String),
          channel: 'api',
          route: 'GET /v1/enterprises/{enterpriseId}/students/{studentId}',
        }),
      ]);
      expect(ledger.body.items[0].correlationId).not.toBe('undefined');

      await profileAs(student.id);
      expect((await httpJson('GET', url(`/v1/students/${student.id}/disclosures`), admin)).body.items).toHaveLength(2);

      await httpJson('POST', url(`/v1/students/${student.id}/consents/${consent.id}/withdraw`), admin);
      expect((await profileAs(student.id)).status).toBe(403);
      expect((await httpJson('GET', url(`/v1/students/${student.id}/disclosures`), admin)).body.items).toHaveLength(2);
    });

    it('needs the enterprise’s own key: 401 without, 403 with another enterprise’s key', async () => {
      const student = await registerStudent();
      await grant(student.id, { enterpriseId: enterprise.id, purpose: 'data-sharing-with-enterprise', grantedBy: 'student' });
      const before = await ledgerCount();
      expect((await httpJson('GET', url(`/v1/enterprises/${enterprise.id}/students/${student.id}`))).status).toBe(401);
      const wrongKey = await httpJson('GET', url(`/v1/enterprises/${enterprise.id}/students/${student.id}`), {
        token: otherEnterprise.apiKey,
      });
      expect(wrongKey.status).toBe(403);
      expect(await ledgerCount()).toBe(before);
    });

    it('discloses nothing about a student whose erasure has started, though the consent is still in force (404, nothing recorded)', async () => {
      const student = await registerStudent();
      await grant(student.id, { enterpriseId: enterprise.id, purpose: 'data-sharing-with-enterprise', grantedBy: 'student' });
      // The erasure's first step (ADR 0037, session 34): the consents are swept only later.
      await mongo
        .db(service.database)
        .collection('students')
        .updateOne({ _id: student.id as never }, { $set: { erasureStartedAt: new Date() } });
      const before = await ledgerCount();

      const refused = await profileAs(student.id);
      expect(refused.status).toBe(404);
      expect(refused.contentType).toContain('application/problem+json');
      expect(JSON.stringify(refused.body)).not.toContain('Wei');
      expect(await ledgerCount()).toBe(before);
    });

    it('answers a path id that is not a UUID with the documented 400 naming it, also with the partner’s own key (not 403)', async () => {
      const student = await registerStudent();
      const enterpriseAnswer = await httpJson('GET', url(`/v1/enterprises/not-a-uuid/students/${student.id}`), {
        token: enterprise.apiKey,
      });
      expect(enterpriseAnswer.status).toBe(400);
      expect(enterpriseAnswer.body.errors).toEqual([expect.objectContaining({ field: 'enterpriseId' })]);
      const schoolAnswer = await httpJson('GET', url(`/v1/schools/not-a-uuid/students/${student.id}/disclosures/export`), {
        token: school.apiKey,
      });
      expect(schoolAnswer.status).toBe(400);
      expect(schoolAnswer.body.errors).toEqual([expect.objectContaining({ field: 'schoolId' })]);
      // Without a key the answer stays 401 (the id is checked for callers with a token, as on the time-zone route).
      expect((await httpJson('GET', url(`/v1/enterprises/not-a-uuid/students/${student.id}`))).status).toBe(401);
    });

    it('answers 403 (not 404) for an unknown student id, so enterprises cannot probe ids; the ledger list is operator-only (an enterprise key gets 403)', async () => {
      const unknown = await profileAs('00000000-0000-4000-8000-00000000000c');
      expect(unknown.status).toBe(403);
      expect(unknown.body.title).toBe('consent missing');
      const student = await registerStudent();
      expect((await httpJson('GET', url(`/v1/students/${student.id}/disclosures`))).status).toBe(401);
      expect((await httpJson('GET', url(`/v1/students/${student.id}/disclosures`), { token: enterprise.apiKey })).status).toBe(403);
      expect((await httpJson('GET', url('/v1/students/00000000-0000-4000-8000-00000000000d/disclosures'), admin)).status).toBe(404);
    });
  });
});

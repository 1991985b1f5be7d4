import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri } from '@app/testing';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

/**
 * Bodies that are missing a nested object, carry null where an object or array belongs, or a
 * value of the wrong type must be refused by the schema before any code reads them: 400
 * problem+json naming the field, and nothing stored.
 */
describe('bad input: every body is validated before it is read (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let school: { id: string; apiKey: string };
  let enterprise: { id: string; apiKey: string };
  let student: { id: string };

  const count = (collection: string) => mongo.db().collection(collection).countDocuments();
  const post = (path: string, body: unknown, token = ADMIN_TOKEN) => httpJson('POST', `${service.baseUrl}${path}`, { token, body });

  const agreement = () => ({
    schoolId: school.id,
    enterpriseId: enterprise.id,
    scope: 'Internships in CNC machining',
    period: { from: '2026-03-01', to: '2027-02-28' },
    placementKinds: ['internship'],
  });
  const requisition = () => ({
    role: 'CNC operator trainee',
    skills: [{ label: 'CNC programming' }],
    headcount: 2,
    kind: 'internship',
    period: { from: '2026-03-01', to: '2026-08-31' },
    location: 'Suzhou',
  });
  const studentBody = () => ({ schoolId: school.id, givenName: 'Li', familyName: 'Wei', programme: 'mechatronics', cohort: '2025' });

  const without = (body: Record<string, unknown>, field: string) => {
    const copy = { ...body };
    delete copy[field];
    return copy;
  };

  async function expectRejected(response: Awaited<ReturnType<typeof httpJson>>, field: string) {
    expect({ status: response.status, contentType: response.contentType }).toEqual({
      status: 400,
      contentType: 'application/problem+json; charset=utf-8',
    });
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    school = (await post('/v1/schools', { name: 'Vocational College', country: 'CN' })).body;
    enterprise = (await post('/v1/enterprises', { name: 'Precision Motors', country: 'CN' })).body;
    student = (await post('/v1/students', studentBody())).body;
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  describe('POST /v1/agreements', () => {
    it.each([
      ['period is missing', without(agreementShape(), 'period'), 'period'],
      ['period is null', { ...agreementShape(), period: null }, 'period'],
      ['period is a string', { ...agreementShape(), period: '2026-03-01/2027-02-28' }, 'period'],
      ['period.from is a number', { ...agreementShape(), period: { from: 20260301, to: '2027-02-28' } }, 'period.from'],
      ['placementKinds is null', { ...agreementShape(), placementKinds: null }, 'placementKinds'],
      ['scope is an object', { ...agreementShape(), scope: { text: 'x' } }, 'scope'],
    ])('refuses a body where %s, naming the field and storing nothing', async (_case, shape, field) => {
      const before = await count('agreements');
      await expectRejected(await post('/v1/agreements', fill(shape)), field);
      expect(await count('agreements')).toBe(before);
    });

    it.each([
      ['null', null],
      ['an array', [1, 2]],
      ['a string', 'agreement'],
    ])('refuses a body that is %s', async (_case, body) => {
      const before = await count('agreements');
      const response = await post('/v1/agreements', body);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(await count('agreements')).toBe(before);
    });

    it('still records a valid agreement', async () => {
      const response = await post('/v1/agreements', agreement());
      expect(response.status).toBe(201);
      expect(response.body.period).toEqual({ from: '2026-03-01', to: '2027-02-28' });
    });
  });

  describe('POST /v1/enterprises/{id}/requisitions', () => {
    const open = (body: unknown) => post(`/v1/enterprises/${enterprise.id}/requisitions`, body, enterprise.apiKey);

    it.each([
      ['period is missing', without(requisition(), 'period'), 'period'],
      ['period is null', { ...requisition(), period: null }, 'period'],
      ['period.to is null', { ...requisition(), period: { from: '2026-03-01', to: null } }, 'period.to'],
      ['skills is null', { ...requisition(), skills: null }, 'skills'],
      ['a skill is null', { ...requisition(), skills: [null] }, 'skills.0'],
      ['headcount is a string', { ...requisition(), headcount: '2' }, 'headcount'],
    ])('refuses a body where %s, naming the field and storing nothing', async (_case, body, field) => {
      const before = await count('requisitions');
      await expectRejected(await open(body), field);
      expect(await count('requisitions')).toBe(before);
    });

    it('still opens a valid requisition', async () => {
      expect((await open(requisition())).status).toBe(201);
    });
  });

  describe('other mutations', () => {
    it.each([
      ['/v1/students', () => ({ ...studentBody(), availability: null }), 'availability', 'students'],
      ['/v1/students', () => ({ ...studentBody(), externalIds: [null] }), 'externalIds.0', 'students'],
      ['/v1/students', () => ({ ...studentBody(), skills: [{ label: null }] }), 'skills.0.label', 'students'],
      ['/v1/schools', () => ({ name: null, country: 'CN' }), 'name', 'schools'],
      [
        '/v1/placements',
        () => ({ studentId: student.id, enterpriseId: enterprise.id, kind: 'job', role: 7, startDate: '2026-03-01' }),
        'role',
        'placements',
      ],
    ])('POST %s refuses a mutated body naming %#', async (path, body, field, collection) => {
      const before = await count(collection);
      await expectRejected(await post(path, body()), field);
      expect(await count(collection)).toBe(before);
    });

    it('refuses a subscription whose programmes hold null, for the school itself', async () => {
      const before = await count('webhook_subscriptions');
      const response = await post(
        `/v1/schools/${school.id}/webhook-subscriptions`,
        { url: 'https://example.org/hooks', programmes: [null] },
        school.apiKey,
      );
      await expectRejected(response, 'programmes.0');
      expect(await count('webhook_subscriptions')).toBe(before);
    });
  });

  describe('bounded strings and arrays', () => {
    const long = (n: number) => 'x'.repeat(n);

    it.each([
      ['/v1/schools', () => ({ name: long(201), country: 'CN' }), 'name', 'schools'],
      ['/v1/enterprises', () => ({ name: 'Works', country: 'CN', industry: long(101) }), 'industry', 'enterprises'],
      ['/v1/agreements', () => ({ ...agreement(), scope: long(2001) }), 'scope', 'agreements'],
      ['/v1/students', () => ({ ...studentBody(), givenName: long(101) }), 'givenName', 'students'],
      [
        '/v1/students',
        () => ({ ...studentBody(), externalIds: Array.from({ length: 21 }, (_, i) => ({ value: `E-${i}`, schemeId: 'employee-number' })) }),
        'externalIds',
        'students',
      ],
      [
        '/v1/students',
        () => ({ ...studentBody(), skills: Array.from({ length: 201 }, (_, i) => ({ label: `skill ${i}` })) }),
        'skills',
        'students',
      ],
      [
        '/v1/placements',
        () => ({ studentId: student.id, enterpriseId: enterprise.id, kind: 'job', role: long(201), startDate: '2026-03-01' }),
        'role',
        'placements',
      ],
    ])('POST %s refuses an over-long field, naming it (%#)', async (path, body, field, collection) => {
      const before = await count(collection);
      await expectRejected(await post(path, body()), field);
      expect(await count(collection)).toBe(before);
    });

    it('refuses a requisition with 101 skills or a skill label of 201 characters', async () => {
      const open = (body: unknown) => post(`/v1/enterprises/${enterprise.id}/requisitions`, body, enterprise.apiKey);
      const before = await count('requisitions');
      await expectRejected(await open({ ...requisition(), skills: Array.from({ length: 101 }, (_, i) => ({ label: `s${i}` })) }), 'skills');
      await expectRejected(await open({ ...requisition(), skills: [{ label: long(201) }] }), 'skills.0.label');
      await expectRejected(await open({ ...requisition(), location: long(201) }), 'location');
      expect(await count('requisitions')).toBe(before);
    });

    it('refuses a subscription with 101 programmes or a URL of 2049 characters', async () => {
      const subscribe = (body: unknown) => post(`/v1/schools/${school.id}/webhook-subscriptions`, body, school.apiKey);
      const before = await count('webhook_subscriptions');
      const programmes = Array.from({ length: 101 }, (_, i) => `programme ${i}`);
      await expectRejected(await subscribe({ url: 'https://example.org/hooks', programmes }), 'programmes');
      await expectRejected(await subscribe({ url: `https://example.org/${long(2040)}` }), 'url');
      expect(await count('webhook_subscriptions')).toBe(before);
    });
  });

  describe('field names, the same in every service (ADR 0086)', () => {
    it('a plain dotted path, each unknown key on its own, (body) for the whole body', async () => {
      const open = (body: unknown) => post(`/v1/enterprises/${enterprise.id}/requisitions`, body, enterprise.apiKey);
      const before = await count('requisitions');
      const bad = await open({ ...requisition(), period: { from: '2026-03-01', to: 'soon' }, extra: 1, bonus: 2 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['bonus', 'extra', 'period.to']);
      expect(bad.body.errors).toContainEqual({ field: 'extra', message: 'property extra should not exist' });
      const notAnObject = await open([]);
      expect([notAnObject.status, notAnObject.body.errors]).toEqual([400, [expect.objectContaining({ field: '(body)' })]]);
      expect(await count('requisitions')).toBe(before);
    });

    it('a query parameter by its name alone, with no query. prefix', async () => {
      const supervisors = (query: string, token: string) => httpJson('GET', `${service.baseUrl}/v1/supervisors${query}`, { token });
      const notUuid = await supervisors('?schoolId=nope', school.apiKey);
      expect([notUuid.status, notUuid.body.errors]).toEqual([400, [{ field: 'schoolId', message: 'must be a UUID' }]]);
      const unnamed = await supervisors('', enterprise.apiKey);
      expect([unnamed.status, unnamed.body.errors]).toEqual([400, [{ field: 'schoolId', message: 'required' }]]);
    });
  });

  // The shapes are built before the school and enterprise exist; ids are filled in at request time.
  function agreementShape(): Record<string, unknown> {
    return { scope: 'Internships in CNC machining', period: { from: '2026-03-01', to: '2027-02-28' }, placementKinds: ['internship'] };
  }
  function fill(shape: Record<string, unknown>) {
    return { schoolId: school.id, enterpriseId: enterprise.id, ...shape };
  }
});

import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type School = { id: string; apiKey: string };

/**
 * A school's own students (GET|POST /v1/schools/{schoolId}/students, GET|PATCH …/{studentId}):
 * the school registers them, finds the platform id of the student it knows by its own student
 * number, and corrects them, without the operator (ADR 0090).
 */
describe("a school's own students (real Kafka + Mongo-compatible server)", () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let school: School;
  let other: School;

  const createSchool = async (name: string): Promise<School> =>
    (await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name, country: 'CN' } })).body;
  const studentsOf = (of: School) => `${service.baseUrl}/v1/schools/${of.id}/students`;
  const register = async (of: School, extra: Record<string, unknown> = {}) => {
    const answer = await httpJson('POST', studentsOf(of), {
      token: of.apiKey,
      body: { givenName: 'Li', familyName: 'Wei', programme: 'welding', cohort: '2025', ...extra },
    });
    expect(answer.status).toBe(201);
    return answer;
  };
  const list = (of: School, query = '') => httpJson('GET', `${studentsOf(of)}${query}`, { token: of.apiKey });
  const idsOn = async (of: School, query = '') => {
    const answer = await list(of, query);
    expect(answer.status).toBe(200);
    return (answer.body.items as { id: string }[]).map((item) => item.id);
  };
  const patch = (of: School, id: string, body: unknown, headers?: Record<string, string>) =>
    httpJson('PATCH', `${studentsOf(of)}/${id}`, { token: of.apiKey, body, headers });
  const stored = (id: string) =>
    mongo
      .db()
      .collection('students')
      .findOne({ _id: id as never });

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await MongoClient.connect(testMongoUri(service.database));
    school = await createSchool('Roster College');
    other = await createSchool('Other Roster College');
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  it('registers a student at the school the path names, answered with its ETag and read back by the school and the operator', async () => {
    const registered = await register(school, { externalIds: [{ value: 'R-001', schemeId: 'student-number' }] });
    expect(registered.headers.get('etag')).toBe('"0"');
    expect(registered.body).toMatchObject({
      schoolId: school.id,
      givenName: 'Li',
      externalIds: [{ value: 'R-001', schemeId: 'student-number' }],
    });

    const read = await httpJson('GET', `${studentsOf(school)}/${registered.body.id}`, { token: school.apiKey });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(registered.body);
    expect(read.headers.get('etag')).toBe('"0"');
    expect((await httpJson('GET', `${service.baseUrl}/v1/students/${registered.body.id}`, { token: ADMIN_TOKEN })).body).toEqual(
      registered.body,
    );
    // Another school's student is not found on this school's path, as an id that does not exist.
    expect((await httpJson('GET', `${studentsOf(other)}/${registered.body.id}`, { token: other.apiKey })).status).toBe(404);
  });

  it('refuses a body naming the school, or a bad field, with 400 naming the field, and stores nothing', async () => {
    const before = await mongo.db().collection('students').countDocuments({ schoolId: school.id });
    const named = await httpJson('POST', studentsOf(school), {
      token: school.apiKey,
      body: { schoolId: other.id, givenName: 'Li', familyName: 'Wei', programme: 'welding', cohort: '2025' },
    });
    expect(named.status).toBe(400);
    expect(named.body.errors).toEqual([{ field: 'schoolId', message: 'property schoolId should not exist' }]);
    const blank = await httpJson('POST', studentsOf(school), {
      token: school.apiKey,
      body: { givenName: 'Li', familyName: 'Wei', programme: 'welding' },
    });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((error: { field: string }) => error.field)).toEqual(['cohort']);
    expect(await mongo.db().collection('students').countDocuments({ schoolId: school.id })).toBe(before);
  });

  it('finds the student the school knows by its own student number, and filters by programme and cohort', async () => {
    const numbered = await register(school, {
      programme: 'mechatronics',
      cohort: '2026',
      externalIds: [{ value: 'R-777', schemeId: 'student-number', schemeAgencyId: 'roster-college' }],
    });
    await register(school, { programme: 'mechatronics', cohort: '2027', externalIds: [{ value: 'R-778', schemeId: 'student-number' }] });
    // The same number in another scheme, and at another school under its own agency, are other students.
    await register(school, { programme: 'logistics', cohort: '2026', externalIds: [{ value: 'R-777', schemeId: 'enrolment-id' }] });
    await register(other, { externalIds: [{ value: 'R-777', schemeId: 'student-number', schemeAgencyId: 'other-roster-college' }] });

    expect(await idsOn(school, '?schemeId=student-number&externalId=R-777')).toEqual([numbered.body.id]);
    expect(await idsOn(school, '?schemeId=student-number&externalId=R-999')).toEqual([]);
    const mechatronics = (await list(school, '?programme=mechatronics')).body.items;
    expect(mechatronics.map((s: { cohort: string }) => s.cohort).sort()).toEqual(['2026', '2027']);
    expect(await idsOn(school, '?programme=mechatronics&cohort=2026')).toEqual([numbered.body.id]);
    expect((await idsOn(other, '?schemeId=student-number&externalId=R-777')).includes(numbered.body.id)).toBe(false);
  });

  it("refuses an HR id an ERP event could also match to another school's student (409 naming it), until an agency tells them apart", async () => {
    const first = await createSchool('Numbering College');
    const second = await createSchool('Same Numbering College');
    const mine = await register(first, { externalIds: [{ value: 'N-1', schemeId: 'student-number' }] });
    const before = await mongo.db().collection('students').countDocuments({ schoolId: second.id });

    for (const schemeAgencyId of [undefined, 'same-numbering-college']) {
      // Without an agency on either side an ERP's "student-number N-1" would name both students.
      const clash = await httpJson('POST', studentsOf(second), {
        token: second.apiKey,
        body: {
          givenName: 'Ma',
          familyName: 'Lin',
          programme: 'welding',
          cohort: '2025',
          externalIds: [{ value: 'N-1', schemeId: 'student-number', schemeAgencyId }],
        },
      });
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ title: 'HR id held by another student' });
      expect(clash.body.errors).toEqual([{ field: 'externalIds.0', message: expect.stringContaining('another student holds this id') }]);
    }
    expect(await mongo.db().collection('students').countDocuments({ schoolId: second.id })).toBe(before);

    // With an agency on both sides they are told apart: registered, and a change to a clashing id is refused the same way.
    expect(
      (
        await patch(first, mine.body.id, {
          externalIds: [{ value: 'N-1', schemeId: 'student-number', schemeAgencyId: 'numbering-college' }],
        })
      ).status,
    ).toBe(200);
    const theirs = await register(second, {
      externalIds: [{ value: 'N-1', schemeId: 'student-number', schemeAgencyId: 'same-numbering-college' }],
    });
    const changed = await patch(second, theirs.body.id, { externalIds: [{ value: 'N-1', schemeId: 'student-number' }] });
    expect(changed.status).toBe(409);
    expect(changed.body.errors).toEqual([{ field: 'externalIds.0', message: expect.stringContaining('another student holds this id') }]);
    expect((await stored(theirs.body.id))?.externalIds).toEqual([
      { value: 'N-1', schemeId: 'student-number', schemeAgencyId: 'same-numbering-college' },
    ]);
  });

  it('pages newest registration first with a cursor, each student once', async () => {
    const paged = await createSchool('Paged College');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await register(paged, { cohort: `20${30 + i}` })).body.id);
    const seen: string[] = [];
    let query = '?limit=2';
    for (let page = 0; page < 5; page++) {
      const answer = await list(paged, query);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((item: { id: string }) => item.id));
      if (!answer.body.nextCursor) break;
      query = `?limit=2&before=${answer.body.nextCursor}`;
    }
    // Each once, in the order one page of all gives (registrations in the same millisecond order by id).
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(seen).toEqual(await idsOn(paged, '?limit=200'));
    const registeredAt = await Promise.all(seen.map(async (id) => (await stored(id))!.registeredAt.getTime()));
    expect(registeredAt).toEqual([...registeredAt].sort((a, b) => b - a));
  });

  it.each([
    ['an HR id value without its scheme', '?externalId=R-1', 'schemeId'],
    ['a scheme without the value', '?schemeId=student-number', 'externalId'],
    ['a limit over 200', '?limit=201', 'limit'],
    ['a cursor this API never issued', '?before=not-a-cursor', 'before'],
    ['an unknown filter', '?name=Li', 'name'],
  ])('refuses %s with 400 naming it', async (_case, query, field) => {
    const answer = await list(school, query);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('leaves out students erased or being erased, and lists a moved student at the new school only', async () => {
    const erased = await register(school, { cohort: '2040' });
    const moved = await register(school, { cohort: '2040' });
    expect(await idsOn(school, '?cohort=2040')).toEqual(expect.arrayContaining([erased.body.id, moved.body.id]));

    await httpJson('POST', `${service.baseUrl}/v1/operator/erasure-requests`, {
      token: ADMIN_TOKEN,
      body: { studentId: erased.body.id, reason: 'GDPR Art. 17' },
    });
    await waitFor('the erasure to start', async () => (await stored(erased.body.id))?.erasureStartedAt);
    const transfer = await httpJson('POST', `${service.baseUrl}/v1/students/${moved.body.id}/school-transfers`, {
      token: ADMIN_TOKEN,
      body: { schoolId: other.id },
    });
    expect(transfer.status).toBe(200);

    expect(await idsOn(school, '?cohort=2040')).toEqual([]);
    expect(await idsOn(other, '?cohort=2040')).toEqual([moved.body.id]);
    expect((await httpJson('GET', `${studentsOf(school)}/${erased.body.id}`, { token: school.apiKey })).status).toBe(404);
    expect((await httpJson('GET', `${studentsOf(school)}/${moved.body.id}`, { token: school.apiKey })).status).toBe(404);
    const movedIn = await httpJson('GET', `${studentsOf(other)}/${moved.body.id}`, { token: other.apiKey });
    expect(movedIn.status).toBe(200);
    // The new school does not read where the student was before: that is the first school's.
    expect(movedIn.body).not.toHaveProperty('schoolTransfers');
    expect(
      (await httpJson('GET', `${service.baseUrl}/v1/students/${moved.body.id}`, { token: ADMIN_TOKEN })).body.schoolTransfers,
    ).toHaveLength(1);
  });

  it('lets the school correct its own student, with If-Match, and no other school’s', async () => {
    const student = await register(school, { externalIds: [{ value: 'R-500', schemeId: 'student-number' }] });
    const id = student.body.id;

    const changed = await patch(
      school,
      id,
      { cohort: '2026', externalIds: [{ value: 'R-501', schemeId: 'student-number' }] },
      { 'if-match': '"0"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"1"');
    expect(changed.body).toMatchObject({ cohort: '2026', externalIds: [{ value: 'R-501', schemeId: 'student-number' }] });
    // The removed id is kept for the erasure (the operator reads it); the school's view leaves it out.
    expect(changed.body).not.toHaveProperty('formerExternalIds');
    expect((await stored(id))?.formerExternalIds).toEqual([{ value: 'R-500', schemeId: 'student-number' }]);
    expect(await idsOn(school, '?schemeId=student-number&externalId=R-501')).toEqual([id]);
    expect(await idsOn(school, '?schemeId=student-number&externalId=R-500')).toEqual([]);

    expect((await patch(school, id, { cohort: '2027' }, { 'if-match': '"0"' })).status).toBe(412);
    const named = await patch(school, id, { schoolId: other.id });
    expect(named.status).toBe(400);
    expect(named.body.errors.map((error: { field: string }) => error.field)).toEqual(['schoolId']);

    // Another school, on its own path, naming this school's student: as for an id that does not exist.
    for (const headers of [undefined, { 'if-match': '"1"' }]) {
      expect((await patch(other, id, { givenName: 'Someone' }, headers)).status).toBe(404);
    }
    expect(await stored(id)).toMatchObject({ cohort: '2026', givenName: 'Li', version: 1 });
  });
});

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type School = { id: string; apiKey: string };
type Change = { studentId: string; status: string; changedAt: string; student?: Record<string, unknown> };
type ChangePage = { items: Change[]; nextCursor?: string; more: boolean };

/**
 * A school's change feed (GET /v1/schools/{schoolId}/student-changes, ADR 0091): what a school's
 * own student system polls to stay in step, registrations, changes, moves and erasures included.
 */
describe("a school's change feed of its students (real Kafka + Mongo-compatible server)", () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;

  const createSchool = async (name: string): Promise<School> =>
    (await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name, country: 'CN' } })).body;
  const register = async (of: School, extra: Record<string, unknown> = {}): Promise<string> => {
    const answer = await httpJson('POST', `${service.baseUrl}/v1/schools/${of.id}/students`, {
      token: of.apiKey,
      body: { givenName: 'Li', familyName: 'Wei', programme: 'welding', cohort: '2025', ...extra },
    });
    expect(answer.status).toBe(201);
    return answer.body.id;
  };
  const feed = async (of: School, query = '', baseUrl = service.baseUrl): Promise<ChangePage> => {
    const answer = await httpJson('GET', `${baseUrl}/v1/schools/${of.id}/student-changes${query}`, { token: of.apiKey });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  /** Polls from `cursor` until `count` changes came (a change shows once it has settled), and the cursor after them. */
  const changesAfter = (of: School, cursor: string | undefined, count: number) =>
    waitFor(`${count} changes in the feed`, async () => {
      const page = await feed(of, cursor ? `?after=${cursor}` : '');
      return page.items.length >= count ? page : undefined;
    });
  const students = () => mongo.db().collection<{ _id: string; changedAt?: Date }>('students');

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await MongoClient.connect(testMongoUri(service.database));
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  it('starts with every student of the school, oldest change first, and then gives only what changed after the cursor', async () => {
    const school = await createSchool('Feed College');
    expect(await feed(school)).toEqual({ items: [], more: false });
    const first = await register(school, { externalIds: [{ schemeId: 'student-number', value: 'F-001' }] });
    const second = await register(school, { givenName: 'Mei' });

    const start = await changesAfter(school, undefined, 2);
    expect(start.items.map((change) => [change.studentId, change.status])).toEqual([
      [first, 'present'],
      [second, 'present'],
    ]);
    expect(start.items[0].student).toMatchObject({ id: first, givenName: 'Li', externalIds: [{ value: 'F-001' }] });
    expect(start.more).toBe(false);
    expect(Date.parse(start.items[0].changedAt)).toBeLessThanOrEqual(Date.parse(start.items[1].changedAt));
    // Nothing new: an empty page that hands back the same cursor.
    expect(await feed(school, `?after=${start.nextCursor}`)).toEqual({ items: [], nextCursor: start.nextCursor, more: false });

    const patched = await httpJson('PATCH', `${service.baseUrl}/v1/schools/${school.id}/students/${first}`, {
      token: school.apiKey,
      body: { familyName: 'Wang' },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(200);
    const after = await changesAfter(school, start.nextCursor, 1);
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ studentId: first, status: 'present', student: { familyName: 'Wang' } });
    expect(after.nextCursor).not.toBe(start.nextCursor);
  });

  it('tells the school a student moved away or was erased, without their record, and shows a moved student to the new school', async () => {
    const school = await createSchool('Leaving College');
    const other = await createSchool('Arriving College');
    const moved = await register(school);
    const erased = await register(school);
    const start = await changesAfter(school, undefined, 2);
    expect((await feed(other)).items).toEqual([]);

    const transfer = await httpJson('POST', `${service.baseUrl}/v1/students/${moved}/school-transfers`, {
      token: ADMIN_TOKEN,
      body: { schoolId: other.id },
    });
    expect(transfer.status).toBe(200);
    await httpJson('POST', `${service.baseUrl}/v1/operator/erasure-requests`, {
      token: ADMIN_TOKEN,
      body: { studentId: erased, reason: 'GDPR Art. 17' },
    });

    const gone = await waitFor('the move and the erasure in the feed', async () => {
      const page = await feed(school, `?after=${start.nextCursor}`);
      const statuses = new Map(page.items.map((change) => [change.studentId, change.status]));
      return statuses.get(moved) === 'moved-away' && statuses.get(erased) === 'erased' ? page : undefined;
    });
    for (const change of gone.items) expect(change).not.toHaveProperty('student');
    const arrived = await changesAfter(other, undefined, 1);
    expect(arrived.items).toHaveLength(1);
    expect(arrived.items[0]).toMatchObject({ studentId: moved, status: 'present', student: { id: moved, schoolId: other.id } });
    // The new school does not learn where the student was before.
    expect(arrived.items[0].student).not.toHaveProperty('schoolTransfers');
  });

  it('tells a school a student who left it was erased, even when the erasure came before its next poll', async () => {
    const school = await createSchool('Former College');
    const other = await createSchool('Later College');
    const student = await register(school);
    const start = await changesAfter(school, undefined, 1);
    const transfer = await httpJson('POST', `${service.baseUrl}/v1/students/${student}/school-transfers`, {
      token: ADMIN_TOKEN,
      body: { schoolId: other.id },
    });
    expect(transfer.status).toBe(200);
    const leftAt = ((await students().findOne({ _id: student })) as unknown as { departedAt: Record<string, Date> }).departedAt[school.id];
    await httpJson('POST', `${service.baseUrl}/v1/operator/erasure-requests`, {
      token: ADMIN_TOKEN,
      body: { studentId: student, reason: 'GDPR Art. 17' },
    });
    await waitFor('the erasure to be done', async () => (await students().findOne({ _id: student }))?.['erasedAt' as never]);
    // The school it left is kept; the time of the move is not: the erasure's own replaces it.
    const erasedDoc = (await students().findOne({ _id: student })) as unknown as { departedAt: Record<string, Date>; erasedAt: Date };
    expect(Object.keys(erasedDoc.departedAt)).toEqual([school.id]);
    expect(erasedDoc.departedAt[school.id].getTime()).toBeGreaterThan(leftAt.getTime());

    const page = await changesAfter(school, start.nextCursor, 1);
    expect(page.items).toEqual([expect.objectContaining({ studentId: student, status: 'erased' })]);
    expect(page.items[0]).not.toHaveProperty('student');
    expect((await changesAfter(other, undefined, 1)).items).toEqual([expect.objectContaining({ studentId: student, status: 'erased' })]);
  });

  it('lists a student who left once to the school they left, whatever changes later at the new school', async () => {
    const school = await createSchool('Left Behind College');
    const other = await createSchool('New Home College');
    const student = await register(school);
    const start = await changesAfter(school, undefined, 1);
    const transfer = await httpJson('POST', `${service.baseUrl}/v1/students/${student}/school-transfers`, {
      token: ADMIN_TOKEN,
      body: { schoolId: other.id },
    });
    expect(transfer.status).toBe(200);
    const moved = await changesAfter(school, start.nextCursor, 1);
    expect(moved.items.map((change) => [change.studentId, change.status])).toEqual([[student, 'moved-away']]);

    // The new school changes the student: its feed lists the change; the old school's does not.
    const patched = await httpJson('PATCH', `${service.baseUrl}/v1/schools/${other.id}/students/${student}`, {
      token: other.apiKey,
      body: { familyName: 'Zhao' },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(200);
    await waitFor('the change in the new school’s feed', async () => {
      const page = await feed(other);
      return page.items.some((change) => change.student?.familyName === 'Zhao') || undefined;
    });
    expect(await feed(school, `?after=${moved.nextCursor}`)).toEqual({ items: [], nextCursor: moved.nextCursor, more: false });
  });

  it('pages by limit, with more set while a page is full, and gives each change once', async () => {
    const school = await createSchool('Paging Feed College');
    const ids = [await register(school), await register(school), await register(school)];
    await changesAfter(school, undefined, 3);

    const seen: string[] = [];
    let cursor: string | undefined;
    const mores: boolean[] = [];
    for (let pages = 0; pages < 4; pages++) {
      const page = await feed(school, `?limit=2${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...page.items.map((change) => change.studentId));
      mores.push(page.more);
      cursor = page.nextCursor;
      if (!page.more) break;
    }
    expect(seen).toEqual(ids);
    expect(mores).toEqual([true, false]);
  });

  it('pages through its students and the ones who left in one order, by time, under one cursor', async () => {
    const school = await createSchool('Mixed Feed College');
    const other = await createSchool('Mixed Feed Destination');
    const stays = await register(school);
    const leaves = await register(school);
    await changesAfter(school, undefined, 2);
    const transfer = await httpJson('POST', `${service.baseUrl}/v1/students/${leaves}/school-transfers`, {
      token: ADMIN_TOKEN,
      body: { schoolId: other.id },
    });
    expect(transfer.status).toBe(200);
    const later = await register(school);
    await changesAfter(school, undefined, 3);

    const seen: string[][] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const page = await feed(school, `?limit=1${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...page.items.map((change) => [change.studentId, change.status]));
      cursor = page.nextCursor;
      if (!page.more) break;
    }
    expect(seen).toEqual([
      [stays, 'present'],
      [leaves, 'moved-away'],
      [later, 'present'],
    ]);
  });

  it('holds back a change until it is a second old by the database clock, so a write made visible late is not skipped', async () => {
    const school = await createSchool('Settling Feed College');
    const id = randomUUID();
    const base = { schoolId: school.id, givenName: 'An', familyName: 'Lu', programme: 'welding', cohort: '2025', externalIds: [] };
    // Stamped later than now: as a write that is not yet a second old.
    await students().insertOne({ _id: id, ...base, registeredAt: new Date(), changedAt: new Date(Date.now() + 60_000) } as never);
    expect((await feed(school)).items).toEqual([]);
    await students().updateOne({ _id: id }, { $set: { changedAt: new Date(Date.now() - 2_000) } });
    expect((await feed(school)).items.map((change) => change.studentId)).toEqual([id]);
  });

  it('lists students stored before change stamps existed once the service starts, after any cursor issued before', async () => {
    const school = await createSchool('Older Feed College');
    const id = randomUUID();
    const registeredAt = new Date(Date.now() - 86_400_000);
    await students().insertOne({
      _id: id,
      schoolId: school.id,
      givenName: 'Old',
      familyName: 'Record',
      programme: 'welding',
      cohort: '2020',
      externalIds: [],
      registeredAt,
    } as never);
    const before = await feed(school);
    expect(before.items).toEqual([]);
    // And one who moved away before departure stamps existed: the school it left sees it once.
    const elsewhere = await createSchool('Older Feed Destination');
    const movedId = randomUUID();
    const movedAt = new Date(Date.now() - 3_600_000);
    await students().insertOne({
      _id: movedId,
      schoolId: elsewhere.id,
      givenName: 'Moved',
      familyName: 'Earlier',
      programme: 'welding',
      cohort: '2020',
      externalIds: [],
      registeredAt,
      changedAt: movedAt,
      schoolTransfers: [{ fromSchoolId: school.id, toSchoolId: elsewhere.id, at: movedAt }],
    } as never);
    await register(school);
    const cursor = (await changesAfter(school, undefined, 1)).nextCursor;

    const restarted = await startTalentPipeline({ MONGO_URI: testMongoUri(service.database) });
    try {
      const page = await waitFor('the stamped student in the feed', async () => {
        const answer = await feed(school, `?after=${cursor}`, restarted.baseUrl);
        return answer.items.length ? answer : undefined;
      });
      expect(page.items).toEqual([expect.objectContaining({ studentId: id, status: 'present' })]);
      expect(Date.parse(page.items[0].changedAt)).toBeGreaterThan(registeredAt.getTime());
      // The move is older than any cursor: a reader from the start sees it, at the time of the move.
      const fromStart = await feed(school, '', restarted.baseUrl);
      expect(fromStart.items).toContainEqual({ studentId: movedId, status: 'moved-away', changedAt: movedAt.toISOString() });
    } finally {
      await restarted.close();
    }
  });

  it.each([
    ['a cursor this API did not issue', '?after=not-a-cursor', 'after'],
    ['a limit over 200', '?limit=201', 'limit'],
    ['an unknown parameter', '?since=2026-01-01', 'since'],
  ])('refuses %s with 400 naming it', async (_case, query, field) => {
    const school = await createSchool('Refusing Feed College');
    const answer = await httpJson('GET', `${service.baseUrl}/v1/schools/${school.id}/student-changes${query}`, { token: school.apiKey });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it("answers another school's key with 403 and shows it nothing", async () => {
    const school = await createSchool('Private Feed College');
    const other = await createSchool('Curious College');
    await register(school);
    const answer = await httpJson('GET', `${service.baseUrl}/v1/schools/${school.id}/student-changes`, { token: other.apiKey });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toHaveProperty('items');
  });
});

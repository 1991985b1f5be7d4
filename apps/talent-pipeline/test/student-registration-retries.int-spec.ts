import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type School = { id: string; apiKey: string };

/**
 * A student registration retried with an Idempotency-Key (a school's student system whose POST
 * timed out): the retry answers the student the first attempt registered, never a second one.
 */
describe('student registrations retried with an Idempotency-Key (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let school: School;
  let other: School;

  const createSchool = async (name: string): Promise<School> =>
    (await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name, country: 'CN' } })).body;
  const body = (extra: Record<string, unknown> = {}) => ({
    givenName: 'Li',
    familyName: 'Wei',
    programme: 'welding',
    cohort: '2025',
    ...extra,
  });
  const registerAt = (of: School, key: string | undefined, extra: Record<string, unknown> = {}) =>
    httpJson('POST', `${service.baseUrl}/v1/schools/${of.id}/students`, {
      token: of.apiKey,
      body: body(extra),
      headers: key === undefined ? undefined : { 'idempotency-key': key },
    });
  const storedWithCohort = (cohort: string) => mongo.db().collection('students').countDocuments({ cohort });

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await MongoClient.connect(testMongoUri(service.database));
    school = await createSchool('Retrying College');
    other = await createSchool('Other Retrying College');
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  it('answers a retry with the student the first attempt registered (200), and registers one student', async () => {
    const extra = { cohort: 'retry-1', externalIds: [{ schemeId: 'student-number', value: 'RT-001' }] };
    const first = await registerAt(school, 'sis-import-0001', extra);
    expect(first.status).toBe(201);
    const stamped = async () => (await mongo.db().collection('students').findOne({ _id: first.body.id }))?.changedAt as Date;
    const changedAt = await stamped();
    const retry = await registerAt(school, 'sis-import-0001', extra);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    // The retry wrote nothing: the school's change feed does not list the student again.
    expect(await stamped()).toEqual(changedAt);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await storedWithCohort('retry-1')).toBe(1);
    // Another key is another registration.
    expect((await registerAt(school, 'sis-import-0002', { cohort: 'retry-1' })).status).toBe(201);
    expect(await storedWithCohort('retry-1')).toBe(2);
  });

  it('registers one student for twins sent at once with one key', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => registerAt(school, 'sis-import-twins', { cohort: 'retry-twins' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await storedWithCohort('retry-twins')).toBe(1);
  });

  it('refuses the key with another request (422 naming Idempotency-Key) and stores nothing', async () => {
    expect((await registerAt(school, 'sis-import-0003', { cohort: 'retry-3' })).status).toBe(201);
    const reused = await registerAt(school, 'sis-import-0003', { cohort: 'retry-3', givenName: 'Mei' });
    expect(reused.status).toBe(422);
    expect(reused.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await storedWithCohort('retry-3')).toBe(1);
  });

  it('answers a retry after a change with the student as they are now', async () => {
    const first = await registerAt(school, 'sis-import-0004', { cohort: 'retry-4' });
    const patched = await httpJson('PATCH', `${service.baseUrl}/v1/schools/${school.id}/students/${first.body.id}`, {
      token: school.apiKey,
      body: { familyName: 'Wang' },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(200);
    const retry = await registerAt(school, 'sis-import-0004', { cohort: 'retry-4' });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: first.body.id, familyName: 'Wang' });
    expect(retry.headers.get('etag')).toBe('"1"');
  });

  it("keeps one school's keys apart from another's", async () => {
    const mine = await registerAt(school, 'sis-import-shared', { cohort: 'retry-5' });
    const theirs = await registerAt(other, 'sis-import-shared', { cohort: 'retry-5' });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.schoolId).toBe(other.id);
  });

  it('answers a retry whose student is being erased with 409 naming Idempotency-Key, and registers no other', async () => {
    const first = await registerAt(school, 'sis-import-0006', { cohort: 'retry-6' });
    await httpJson('POST', `${service.baseUrl}/v1/operator/erasure-requests`, {
      token: ADMIN_TOKEN,
      body: { studentId: first.body.id, reason: 'GDPR Art. 17' },
    });
    await waitFor(
      'the erasure to start',
      async () => (await mongo.db().collection('students').findOne({ _id: first.body.id }))?.['erasureStartedAt' as never],
    );
    const retry = await registerAt(school, 'sis-import-0006', { cohort: 'retry-6' });
    expect(retry.status).toBe(409);
    expect(retry.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await storedWithCohort('retry-6')).toBe(1);
  });

  it('answers a retry whose student moved to another school with 409, and registers no other', async () => {
    const first = await registerAt(school, 'sis-import-0008', { cohort: 'retry-8' });
    const moved = await httpJson('POST', `${service.baseUrl}/v1/students/${first.body.id}/school-transfers`, {
      token: ADMIN_TOKEN,
      body: { schoolId: other.id },
    });
    expect(moved.status).toBe(200);
    const retry = await registerAt(school, 'sis-import-0008', { cohort: 'retry-8' });
    expect(retry.status).toBe(409);
    expect(retry.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await storedWithCohort('retry-8')).toBe(1);
  });

  it('answers a retry before the HR id check: its ids may have gone to another student since', async () => {
    const number = [{ schemeId: 'student-number', value: 'RT-009' }];
    const first = await registerAt(school, 'sis-import-0009', { cohort: 'retry-9', externalIds: number });
    expect(first.status).toBe(201);
    // The operator moves the number to another student (its routes do not check for clashes).
    await httpJson('PATCH', `${service.baseUrl}/v1/students/${first.body.id}`, {
      token: ADMIN_TOKEN,
      body: { externalIds: null },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    const holder = await httpJson('POST', `${service.baseUrl}/v1/students`, {
      token: ADMIN_TOKEN,
      body: body({ schoolId: school.id, cohort: 'retry-9-holder', externalIds: number }),
    });
    expect(holder.status).toBe(201);
    const retry = await registerAt(school, 'sis-import-0009', { cohort: 'retry-9', externalIds: number });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('takes a key on the operator route too, and refuses a malformed key with 400', async () => {
    const register = (key: string) =>
      httpJson('POST', `${service.baseUrl}/v1/students`, {
        token: ADMIN_TOKEN,
        body: body({ schoolId: school.id, cohort: 'retry-7' }),
        headers: { 'idempotency-key': key },
      });
    const first = await register('operator-import-0001');
    expect(first.status).toBe(201);
    const retry = await register('operator-import-0001');
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const malformed = await register('not visible ascii \u00e9');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await storedWithCohort('retry-7')).toBe(1);
  });
});

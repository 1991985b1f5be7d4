import { httpJson, waitFor } from '@app/testing';
import {
  activeSecondment,
  ADMIN_TOKEN,
  EventRecorder,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

/** The creating POSTs of the teacher secondment service under an Idempotency-Key (ADR 0093). */
describe('creating POSTs with an Idempotency-Key (real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let base: string;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let other: Awaited<ReturnType<typeof seedPartnership>>;
  let recorder: EventRecorder;

  const post = (path: string, token: string, body: unknown, key?: string) =>
    httpJson('POST', `${base}${path}`, { token, body, headers: key === undefined ? {} : { 'idempotency-key': key } });

  beforeAll(async () => {
    service = await startTeacherSecondment();
    base = service.baseUrl;
    [partners, other] = await Promise.all([seedPartnership(service), seedPartnership(service)]);
    recorder = new EventRecorder([`${service.prefix}secondment.secondment.v1`]);
    await recorder.start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
  });

  const expectKeyProblem = (answer: { status: number; contentType: string | null; body: any }, status: number) => {
    expect(answer.status).toBe(status);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  };
  const postBody = (schoolId: string, role: string) => ({
    schoolId,
    role,
    tasks: ['line maintenance'],
    mentor: { name: 'M. Mentor' },
    location: 'plant 2',
    period: { start: '2026-09-01', end: '2026-11-30' },
    capacity: 2,
  });
  const teachingBody = (course: string) => ({
    schoolId: partners.schoolId,
    engineerId: 'E-1',
    engineerName: 'Eng Ineer',
    course,
    hours: 12,
    period: { start: '2026-09-01', end: '2026-09-30' },
  });

  async function anActiveSecondment() {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const hostPost = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    return activeSecondment(base, partners, teacher.id, hostPost.id, { start: '2026-09-01', end: '2026-09-30' });
  }

  it('a practice log retried with its key is logged once: the retry answers 201 with the same log, the hours are not doubled', async () => {
    const secondment = await anActiveSecondment();
    const log = { date: '2026-09-02', hours: 8, tasks: ['line maintenance'] };
    const first = await post(`/v1/secondments/${secondment.id}/logs`, partners.schoolKey, log, 'log-2026-09-02');
    expect(first.status).toBe(201);
    const retry = await post(`/v1/secondments/${secondment.id}/logs`, partners.schoolKey, log, 'log-2026-09-02');
    expect(retry.status).toBe(201);
    expect(retry.body.logs).toHaveLength(1);
    expect(retry.body.logs[0].logId).toBe(first.body.logs[0].logId);
    const stored = await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.schoolKey);
    expect(stored.logs.map((l: { hours: number }) => l.hours)).toEqual([8]);
  });

  it('a practice log: the key with another request is a 422, a retry after the secondment ended is still answered, a malformed key is a 400; nothing more is logged', async () => {
    const secondment = await anActiveSecondment();
    const path = `/v1/secondments/${secondment.id}/logs`;
    const log = { date: '2026-09-03', hours: 6, tasks: ['commissioning'] };
    expect((await post(path, partners.schoolKey, log, 'day-3')).status).toBe(201);
    expectKeyProblem(await post(path, partners.schoolKey, { ...log, hours: 7 }, 'day-3'), 422);
    expectKeyProblem(await post(path, partners.schoolKey, log, 'bad key'), 400);
    expectKeyProblem(await post(path, partners.schoolKey, log, 'x'.repeat(201)), 400);
    await ok('POST', `${base}/v1/secondments/${secondment.id}/cancel`, partners.schoolKey, { reason: 'plant closed' });
    // A new log is refused now (409), the retry of the one logged is still answered as the first time.
    expect((await post(path, partners.schoolKey, { ...log, date: '2026-09-04' }, 'day-4')).status).toBe(409);
    const retry = await post(path, partners.schoolKey, log, 'day-3');
    expect(retry.status).toBe(201);
    expect(retry.body.status).toBe('cancelled');
    const stored = await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.schoolKey);
    expect(stored.logs.map((l: { date: string; hours: number }) => [l.date, l.hours])).toEqual([['2026-09-03', 6]]);
  });

  it('a practice log: eight twins sent at once with one key log the day once; the same key from another caller (the operator) is its own log', async () => {
    const secondment = await anActiveSecondment();
    const path = `/v1/secondments/${secondment.id}/logs`;
    const log = { date: '2026-09-05', hours: 4, tasks: ['training'] };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(path, partners.schoolKey, log, 'twins')));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.logs.find((l: { date: string }) => l.date === log.date).logId)).size).toBe(1);
    const byOperator = await post(path, ADMIN_TOKEN, log, 'twins');
    expect(byOperator.status).toBe(201);
    const stored = await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.schoolKey);
    expect(stored.logs.map((l: { loggedBy: string }) => l.loggedBy).sort()).toEqual(['operator', `school:${partners.schoolId}`]);
    // Without a key every POST logs.
    await post(path, partners.schoolKey, { ...log, hours: 1 });
    await post(path, partners.schoolKey, { ...log, hours: 1 });
    expect((await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.schoolKey)).logs).toHaveLength(4);
  });

  it('a deliverable retried with its key is recorded once; the key with another deliverable is a 422', async () => {
    const secondment = await anActiveSecondment();
    const path = `/v1/secondments/${secondment.id}/deliverables`;
    const deliverable = { kind: 'case-study', title: 'Retrofitting line 4', url: 'https://example.org/case' };
    const first = await post(path, partners.schoolKey, deliverable, 'case-1');
    expect(first.status).toBe(201);
    const retry = await post(path, partners.schoolKey, deliverable, 'case-1');
    expect(retry.status).toBe(201);
    expect(retry.body.deliverables.map((d: { deliverableId: string }) => d.deliverableId)).toEqual(
      first.body.deliverables.map((d: { deliverableId: string }) => d.deliverableId),
    );
    expectKeyProblem(await post(path, partners.schoolKey, { ...deliverable, title: 'Another' }, 'case-1'), 422);
    // Without the optional url too.
    const noUrl = { kind: 'course-materials', title: 'Slides' };
    expect((await post(path, partners.schoolKey, noUrl, 'slides')).status).toBe(201);
    expect((await post(path, partners.schoolKey, noUrl, 'slides')).status).toBe(201);
    expectKeyProblem(await post(path, partners.schoolKey, { ...noUrl, url: 'https://example.org/slides' }, 'slides'), 422);
    expect((await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.schoolKey)).deliverables).toHaveLength(2);
  });

  it('a host post retried with its key is published once (twins at once too); another request under the key is a 422; keys are each enterprise its own', async () => {
    const role = `keyed post ${Date.now()}`;
    const body = postBody(partners.schoolId, role);
    const answers = await Promise.all(Array.from({ length: 5 }, () => post('/v1/posts', partners.enterpriseKey, body, 'post-1')));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expectKeyProblem(await post('/v1/posts', partners.enterpriseKey, { ...body, capacity: 3 }, 'post-1'), 422);
    const theirs = await post('/v1/posts', other.enterpriseKey, postBody(other.schoolId, role), 'post-1');
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(answers[0].body.id);
    const mine = (await ok('GET', `${base}/v1/posts`, partners.enterpriseKey)).items.filter((p: { role: string }) => p.role === role);
    expect(mine).toHaveLength(1);
    expect(mine[0].seatsFree).toBe(2);
  });

  it("an engineer's teaching retried with its key is reported once (twins at once too); another request under the key is a 422", async () => {
    const course = `CNC ${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post('/v1/engineer-teaching', partners.enterpriseKey, teachingBody(course), 'taught-1')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expectKeyProblem(await post('/v1/engineer-teaching', partners.enterpriseKey, { ...teachingBody(course), hours: 13 }, 'taught-1'), 422);
    const listed = (await ok('GET', `${base}/v1/engineer-teaching`, partners.enterpriseKey)).items.filter(
      (e: { course: string }) => e.course === course,
    );
    expect(listed).toHaveLength(1);
  });

  it('a secondment request retried with its key is requested once: one seat, one event; the retry after approval answers it as it stands', async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const hostPost = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const body = { teacherId: teacher.id, postId: hostPost.id };
    const first = await post('/v1/secondments', partners.schoolKey, body, 'request-1');
    expect(first.status).toBe(201);
    await ok('POST', `${base}/v1/secondments/${first.body.id}/approvals`, partners.schoolKey, {});
    const retry = await post('/v1/secondments', partners.schoolKey, body, 'request-1');
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: first.body.id, approvals: { school: expect.any(Object) } });
    expectKeyProblem(
      await post('/v1/secondments', partners.schoolKey, { ...body, period: { start: '2026-10-01', end: '2026-10-31' } }, 'request-1'),
      422,
    );
    expect((await ok('GET', `${base}/v1/posts/${hostPost.id}`, partners.enterpriseKey)).seatsFree).toBe(hostPost.seatsFree - 1);
    const mine = await ok('GET', `${base}/v1/secondments?teacherId=${teacher.id}`, partners.schoolKey);
    expect(mine.items).toHaveLength(1);
    const requested = () => recorder.events.filter((e) => e.key === first.body.id && e.type.endsWith('requested.v1'));
    await waitFor('secondment.requested.v1 on Kafka', () => requested().length > 0);
    expect(requested()).toHaveLength(1);
  });

  it('secondment twins sent at once with one key: one secondment and one seat; each twin answers it or says the request is in progress (409 naming the key)', async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const hostPost = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const body = { teacherId: teacher.id, postId: hostPost.id };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post('/v1/secondments', partners.schoolKey, body, 'twins')));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const busy of answers.filter((a) => a.status !== 201)) expectKeyProblem(busy, 409);
    const retry = await post('/v1/secondments', partners.schoolKey, body, 'twins');
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(created[0].body.id);
    expect((await ok('GET', `${base}/v1/secondments?teacherId=${teacher.id}`, partners.schoolKey)).items).toHaveLength(1);
    expect((await ok('GET', `${base}/v1/posts/${hostPost.id}`, partners.enterpriseKey)).seatsFree).toBe(hostPost.seatsFree - 1);
  });

  it('secondment twins with one key and different bodies: one secondment, its booking and one seat kept; the other is a 422 (or 409 in progress) and leaves nothing behind', async () => {
    const [teacher, otherTeacher] = await Promise.all([
      registerTeacher(base, partners.schoolKey),
      registerTeacher(base, partners.schoolKey),
    ]);
    const hostPost = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const september = { start: '2026-09-01', end: '2026-09-30' };
    const october = { start: '2026-10-01', end: '2026-10-31' };
    const bodies = [
      { teacherId: teacher.id, postId: hostPost.id, period: september },
      { teacherId: teacher.id, postId: hostPost.id, period: october },
      { teacherId: otherTeacher.id, postId: hostPost.id, period: september },
    ];
    const answers = await Promise.all(bodies.map((body) => post('/v1/secondments', partners.schoolKey, body, 'mixed-twins')));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect([409, 422]).toContain(refused.status);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    }
    const winner = created[0].body;
    expect((await ok('GET', `${base}/v1/posts/${hostPost.id}`, partners.enterpriseKey)).seatsFree).toBe(hostPost.seatsFree - 1);
    // The winner's teacher stays booked over the winner's period; the teachers the losers booked are free again.
    const overlapping = await post('/v1/secondments', partners.schoolKey, {
      teacherId: winner.teacherId,
      postId: hostPost.id,
      period: winner.period,
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.errors).toEqual([expect.objectContaining({ field: 'period' })]);
    const losersTeacher = bodies.find((b) => b.teacherId !== winner.teacherId)!;
    const loserSecondment = await post('/v1/secondments', partners.schoolKey, losersTeacher);
    expect(loserSecondment.status).toBe(201);
    // The losers' seats were given back without marking the winner's id: its own release still frees its seat.
    await ok('POST', `${base}/v1/secondments/${winner.id}/cancel`, partners.schoolKey, { reason: 'changed plans' });
    await ok('POST', `${base}/v1/secondments/${loserSecondment.body.id}/cancel`, partners.schoolKey, { reason: 'changed plans' });
    expect((await ok('GET', `${base}/v1/posts/${hostPost.id}`, partners.enterpriseKey)).seatsFree).toBe(hostPost.seatsFree);
  });
});

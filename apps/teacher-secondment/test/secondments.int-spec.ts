import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Clock } from '@app/base';
import { httpJson, waitFor } from '@app/testing';
import { SecondmentsService } from '../src/secondments/secondments.service';
import { TeachersRepository } from '../src/teachers/teachers.repository';
import {
  activeSecondment,
  ADMIN_TOKEN,
  EventRecorder,
  logAndCountersign,
  ok,
  POST_PERIOD,
  publishAgreement,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

describe('teachers, host posts and the secondment lifecycle (real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let base: string;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let other: Awaited<ReturnType<typeof seedPartnership>>;
  let recorder: EventRecorder;

  beforeAll(async () => {
    service = await startTeacherSecondment();
    base = service.baseUrl;
    recorder = new EventRecorder([`${service.prefix}secondment.secondment.v1`]);
    [partners, other] = await Promise.all([seedPartnership(service), seedPartnership(service)]);
    await recorder.start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
  });

  it('keys: the operator issues keys only to partners in the registry copy; no key is 401, an unknown key 401', async () => {
    const unknown = await httpJson('POST', `${base}/v1/access/keys`, {
      token: ADMIN_TOKEN,
      body: { role: 'school', partnerId: randomUUID() },
    });
    expect(unknown.status).toBe(422);
    const wrongKind = await httpJson('POST', `${base}/v1/access/keys`, {
      token: ADMIN_TOKEN,
      body: { role: 'school', partnerId: partners.enterpriseId },
    });
    expect(wrongKind.status).toBe(422);
    expect((await httpJson('GET', `${base}/v1/teachers`)).status).toBe(401);
    expect((await httpJson('GET', `${base}/v1/teachers`, { token: 'ts_school_nope' })).status).toBe(401);
    const asSchool = await httpJson('POST', `${base}/v1/access/keys`, {
      token: partners.schoolKey,
      body: { role: 'school', partnerId: partners.schoolId },
    });
    expect(asSchool.status).toBe(403);
  });

  it('teachers: a school registers its own; bad input is a 400 naming the field; another school sees 404', async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    expect(teacher).toMatchObject({ schoolId: partners.schoolId, jurisdiction: 'CN', professionalCourse: true });
    const bad = await httpJson('POST', `${base}/v1/teachers`, {
      token: partners.schoolKey,
      body: { displayName: 'x', subject: 'y', professionalCourse: 'yes', hireDate: '2012-02-30', priorEnterpriseExperienceMonths: -1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'hireDate',
      'priorEnterpriseExperienceMonths',
      'professionalCourse',
    ]);
    expect((await httpJson('GET', `${base}/v1/teachers/${teacher.id}`, { token: other.schoolKey })).status).toBe(404);
    expect((await httpJson('GET', `${base}/v1/teachers/${teacher.id}`, { token: partners.enterpriseKey })).status).toBe(403);
    const list = await ok('GET', `${base}/v1/teachers`, other.schoolKey);
    expect(list.items.map((t: { id: string }) => t.id)).not.toContain(teacher.id);
  });

  it('posts: only under an active agreement of that school and enterprise over the whole period', async () => {
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    expect(post).toMatchObject({ enterpriseId: partners.enterpriseId, agreementId: partners.agreementId, seatsFree: 5, status: 'open' });
    const noAgreement = await httpJson('POST', `${base}/v1/posts`, {
      token: partners.enterpriseKey,
      body: { schoolId: other.schoolId, role: 'r', tasks: ['t'], mentor: { name: 'm' }, location: 'l', period: POST_PERIOD, capacity: 1 },
    });
    expect(noAgreement.status).toBe(422);
    expect(noAgreement.body.errors[0].field).toBe('schoolId');
    expect((await httpJson('GET', `${base}/v1/posts/${post.id}`, { token: other.enterpriseKey })).status).toBe(404);
    expect((await httpJson('GET', `${base}/v1/posts/${post.id}`, { token: partners.schoolKey })).status).toBe(200);
  });

  it('names an invalid field as the other services do: plain dotted path, each unknown key on its own, (body) for the whole (ADR 0086)', async () => {
    const bad = await httpJson('POST', `${base}/v1/posts`, {
      token: partners.enterpriseKey,
      body: {
        schoolId: partners.schoolId,
        role: 'r',
        tasks: ['t'],
        mentor: { name: 'm', phone: '1' },
        location: 'l',
        period: { start: '2026-09-01', end: 'soon' },
        capacity: 1,
        extra: 1,
        bonus: 2,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['bonus', 'extra', 'mentor.phone', 'period.end']);
    expect(bad.body.errors).toContainEqual({ field: 'extra', message: 'property extra should not exist' });
    const notAnObject = await httpJson('POST', `${base}/v1/posts`, { token: partners.enterpriseKey, body: [] });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.errors).toEqual([expect.objectContaining({ field: '(body)' })]);
    const query = await httpJson('GET', `${base}/v1/posts?status=gone&colour=red`, { token: partners.enterpriseKey });
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'status']);
    expect((await ok('GET', `${base}/v1/posts`, partners.enterpriseKey)).items.map((p: { role: string }) => p.role)).not.toContain('r');
  });

  it("posts and requests: an agreement that states its programmes covers secondments only when it lists 'secondments'", async () => {
    const [placementsOnly, listed] = await Promise.all([
      seedPartnership(service, { programmes: ['placements', 'rd'] }),
      seedPartnership(service, { programmes: ['placements', 'secondments'] }),
    ]);
    const postsOf = async (keys: { enterpriseKey: string }) => (await ok('GET', `${base}/v1/posts`, keys.enterpriseKey)).items;

    // A post under an agreement whose programmes lack `secondments`: 422 naming schoolId and programmes, nothing stored.
    const refused = await httpJson('POST', `${base}/v1/posts`, {
      token: placementsOnly.enterpriseKey,
      body: {
        schoolId: placementsOnly.schoolId,
        role: 'r',
        tasks: ['t'],
        mentor: { name: 'm' },
        location: 'l',
        period: POST_PERIOD,
        capacity: 1,
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      title: 'agreement does not cover secondments',
      agreementIds: [placementsOnly.agreementId],
      missingProgramme: 'secondments',
    });
    expect(refused.body.detail).toContain('programmes');
    expect(refused.body.errors).toEqual([{ field: 'schoolId', message: expect.stringContaining("'secondments'") }]);
    expect(await postsOf(placementsOnly)).toEqual([]);

    // Listed: the post is published, and a teacher's request goes through.
    const post = await publishPost(base, listed.enterpriseKey, listed.schoolId);
    expect(post).toMatchObject({ agreementId: listed.agreementId, status: 'open' });
    const teacher = await registerTeacher(base, listed.schoolKey);
    const requested = await ok('POST', `${base}/v1/secondments`, listed.schoolKey, { teacherId: teacher.id, postId: post.id });
    expect(requested.status).toBe('requested');

    // The agreement the post was offered under is suspended; the pair's other active agreement lists only placements:
    // a new request is refused with 422 naming postId and nothing is stored (no secondment, no seat taken).
    await publishAgreement(service, listed, { programmes: ['placements'] });
    await publishAgreement(service, listed, {
      agreementId: listed.agreementId,
      version: 3,
      status: 'suspended',
      programmes: ['placements', 'secondments'],
    });
    const second = await registerTeacher(base, listed.schoolKey);
    const notCovered = await httpJson('POST', `${base}/v1/secondments`, {
      token: listed.schoolKey,
      body: { teacherId: second.id, postId: post.id },
    });
    expect(notCovered.status).toBe(422);
    expect(notCovered.contentType).toContain('application/problem+json');
    expect(notCovered.body.title).toBe('agreement does not cover secondments');
    expect(notCovered.body.errors).toEqual([{ field: 'postId', message: expect.stringContaining("'secondments'") }]);
    const secondments = (await ok('GET', `${base}/v1/secondments`, listed.schoolKey)).items;
    expect(secondments.map((s: { teacherId: string }) => s.teacherId)).toEqual([teacher.id]);
    expect((await ok('GET', `${base}/v1/posts/${post.id}`, listed.enterpriseKey)).seatsFree).toBe(4);
  });

  it('lifecycle: request, approvals in either order with who and when, start, logs countersigned, completion; events published', async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const requested = await ok('POST', `${base}/v1/secondments`, partners.schoolKey, { teacherId: teacher.id, postId: post.id });
    expect(requested).toMatchObject({ status: 'requested', period: POST_PERIOD, mentor: { name: 'Wang Lei' } });

    const teacherKey = (await ok('POST', `${base}/v1/teachers/${teacher.id}/api-keys`, partners.schoolKey)).apiKey;
    const byTeacher = await httpJson('POST', `${base}/v1/secondments/${requested.id}/approvals`, { token: teacherKey, body: {} });
    expect(byTeacher.status).toBe(403);
    expect(
      (await httpJson('POST', `${base}/v1/secondments/${requested.id}/approvals`, { token: other.enterpriseKey, body: {} })).status,
    ).toBe(404);
    expect((await httpJson('POST', `${base}/v1/secondments/${requested.id}/start`, { token: partners.enterpriseKey })).status).toBe(409);

    const half = await ok('POST', `${base}/v1/secondments/${requested.id}/approvals`, partners.enterpriseKey, {});
    expect(half.status).toBe('requested');
    expect(half.approvals.enterprise.by).toBe(`enterprise:${partners.enterpriseId}`);
    const again = await httpJson('POST', `${base}/v1/secondments/${requested.id}/approvals`, { token: partners.enterpriseKey, body: {} });
    expect(again.status).toBe(409);
    const approved = await ok('POST', `${base}/v1/secondments/${requested.id}/approvals`, partners.schoolKey, {});
    expect(approved.status).toBe('approved');
    expect(approved.approvals.school).toEqual({ by: `school:${partners.schoolId}`, at: expect.any(String) });
    await ok('POST', `${base}/v1/secondments/${requested.id}/start`, partners.enterpriseKey);

    const outside = await httpJson('POST', `${base}/v1/secondments/${requested.id}/logs`, {
      token: teacherKey,
      body: { date: '2026-08-31', hours: 8, tasks: ['x'] },
    });
    expect(outside.status).toBe(422);
    expect(outside.body.errors[0].field).toBe('date');
    const absurd = await httpJson('POST', `${base}/v1/secondments/${requested.id}/logs`, {
      token: teacherKey,
      body: { date: '2026-09-02', hours: 25, tasks: ['x'] },
    });
    expect(absurd.status).toBe(400);
    expect(absurd.body.errors[0].field).toBe('hours');
    const negative = await httpJson('POST', `${base}/v1/secondments/${requested.id}/logs`, {
      token: teacherKey,
      body: { date: '2026-09-02', hours: -2, tasks: ['x'] },
    });
    expect(negative.status).toBe(400);
    expect((await ok('GET', `${base}/v1/secondments/${requested.id}`, teacherKey)).logs).toEqual([]);

    await ok('POST', `${base}/v1/secondments/${requested.id}/logs`, teacherKey, {
      date: '2026-09-02',
      hours: 7.5,
      tasks: ['PLC fault finding on line 3'],
      evidence: ['https://evidence.example.com/log/1'],
    });
    await logAndCountersign(base, partners, requested.id, ['2026-09-03']);
    const detail = await ok('GET', `${base}/v1/secondments/${requested.id}`, partners.schoolKey);
    expect(detail.logs).toHaveLength(2);
    expect(detail.countersignedHours).toBe(8);
    const byTeacherSign = await httpJson('POST', `${base}/v1/secondments/${requested.id}/logs/${detail.logs[0].logId}/countersign`, {
      token: teacherKey,
    });
    expect(byTeacherSign.status).toBe(403);

    await ok('POST', `${base}/v1/secondments/${requested.id}/evaluation`, partners.enterpriseKey, {
      score: 4.5,
      competencies: { troubleshooting: 5 },
    });
    await ok('POST', `${base}/v1/secondments/${requested.id}/deliverables`, teacherKey, {
      kind: 'case-study',
      title: 'PLC fault finding on line 3',
    });
    const completed = await ok('POST', `${base}/v1/secondments/${requested.id}/complete`, partners.enterpriseKey);
    expect(completed).toMatchObject({ status: 'completed', endedOn: POST_PERIOD.end });

    const late = await httpJson('POST', `${base}/v1/secondments/${requested.id}/logs`, {
      token: teacherKey,
      body: { date: '2026-09-04', hours: 8, tasks: ['x'] },
    });
    expect(late.status).toBe(409);
    expect(late.contentType).toContain('application/problem+json');
    expect((await ok('GET', `${base}/v1/secondments/${requested.id}`, teacherKey)).logs).toHaveLength(2);

    await waitFor('the lifecycle events', () => recorder.events.filter((e) => e.key === requested.id).length >= 4);
    const mine = recorder.events.filter((e) => e.key === requested.id);
    expect(mine.map((e) => e.type)).toEqual([
      'secondment.requested.v1',
      'secondment.approved.v1',
      'secondment.started.v1',
      'secondment.completed.v1',
    ]);
    expect(mine[3].data).toMatchObject({
      teacherId: teacher.id,
      schoolId: partners.schoolId,
      enterpriseId: partners.enterpriseId,
      postId: post.id,
      hoursLogged: 8,
    });
  });

  it("lifecycle days follow the service's clock: the start day, logs not yet happened, completion before the period", async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const clock = service.app.get(Clock);
    const moveTo = (day: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(`${day}T09:00:00Z`));
    try {
      moveTo('2026-08-31');
      const started = await activeSecondment(base, partners, teacher.id, post.id);
      expect(started).toMatchObject({ status: 'active', startedOn: '2026-08-31' });
      const early = await httpJson('POST', `${base}/v1/secondments/${started.id}/complete`, { token: partners.enterpriseKey });
      expect(early.status).toBe(422);
      expect(early.body.title).toBe('too early');

      moveTo('2026-09-05');
      const future = await httpJson('POST', `${base}/v1/secondments/${started.id}/logs`, {
        token: partners.schoolKey,
        body: { date: '2026-09-07', hours: 8, tasks: ['line maintenance'] },
      });
      expect(future.status).toBe(422);
      expect(future.body).toMatchObject({ title: 'date in the future', errors: [expect.objectContaining({ field: 'date' })] });
      await logAndCountersign(base, partners, started.id, ['2026-09-04']);

      moveTo('2026-09-08');
      await logAndCountersign(base, partners, started.id, ['2026-09-07']);
      const completed = await ok('POST', `${base}/v1/secondments/${started.id}/complete`, partners.enterpriseKey);
      expect(completed).toMatchObject({ status: 'completed', endedOn: '2026-09-08' });
      expect(completed.logs.map((l: { date: string }) => l.date)).toEqual(['2026-09-04', '2026-09-07']);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('capacity: ten concurrent requests for a post with three seats take exactly three', async () => {
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId, { capacity: 3 });
    const teachers = await Promise.all(Array.from({ length: 10 }, () => registerTeacher(base, partners.schoolKey)));
    const results = await Promise.all(
      teachers.map((t) =>
        httpJson('POST', `${base}/v1/secondments`, { token: partners.schoolKey, body: { teacherId: t.id, postId: post.id } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.title === 'post full')).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await ok('GET', `${base}/v1/posts/${post.id}`, partners.enterpriseKey)).toMatchObject({ seatsTaken: 3, seatsFree: 0 });
    const all = await ok('GET', `${base}/v1/secondments`, partners.enterpriseKey);
    expect(all.items.filter((s: { postId: string }) => s.postId === post.id)).toHaveLength(3);

    // A withdrawal gives the seat back.
    const taken = results.find((r) => r.status === 201)!.body;
    await ok('POST', `${base}/v1/secondments/${taken.id}/withdraw`, partners.schoolKey, { reason: 'family reasons' });
    expect(await ok('GET', `${base}/v1/posts/${post.id}`, partners.enterpriseKey)).toMatchObject({ seatsTaken: 2, seatsFree: 1 });
  });

  it('overlap: a teacher cannot hold two secondments over shared days, even when both are requested at once', async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const [a, b] = await Promise.all([
      publishPost(base, partners.enterpriseKey, partners.schoolId),
      publishPost(base, partners.enterpriseKey, partners.schoolId),
    ]);
    const results = await Promise.all(
      [a, b].map((post) =>
        httpJson('POST', `${base}/v1/secondments`, {
          token: partners.schoolKey,
          body: { teacherId: teacher.id, postId: post.id, period: { start: '2026-10-01', end: '2026-10-31' } },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.title).toBe('overlapping secondment');
    const adjacent = await httpJson('POST', `${base}/v1/secondments`, {
      token: partners.schoolKey,
      body: { teacherId: teacher.id, postId: b.id, period: { start: '2026-11-01', end: '2026-11-30' } },
    });
    expect(adjacent.status).toBe(201);
    const outsidePost = await httpJson('POST', `${base}/v1/secondments`, {
      token: partners.schoolKey,
      body: { teacherId: teacher.id, postId: b.id, period: { start: '2026-08-01', end: '2026-08-31' } },
    });
    expect(outsidePost.status).toBe(422);
  });

  it('tenancy: another school, enterprise or teacher gets 404 for a secondment; lists hold only their own', async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const active = await activeSecondment(base, partners, teacher.id, post.id);
    const otherTeacher = await registerTeacher(base, other.schoolKey);
    const otherTeacherKey = (await ok('POST', `${base}/v1/teachers/${otherTeacher.id}/api-keys`, other.schoolKey)).apiKey;
    for (const token of [other.schoolKey, other.enterpriseKey, otherTeacherKey]) {
      expect((await httpJson('GET', `${base}/v1/secondments/${active.id}`, { token })).status).toBe(404);
      expect((await ok('GET', `${base}/v1/secondments`, token)).items.map((s: { id: string }) => s.id)).not.toContain(active.id);
    }
    const foreignRequest = await httpJson('POST', `${base}/v1/secondments`, {
      token: other.schoolKey,
      body: { teacherId: teacher.id, postId: post.id },
    });
    expect(foreignRequest.status).toBe(404);
    const foreignPost = await httpJson('POST', `${base}/v1/secondments`, {
      token: other.schoolKey,
      body: { teacherId: otherTeacher.id, postId: post.id },
    });
    expect(foreignPost.status).toBe(404);
  });

  it('cancel: an active secondment is cancelled with a reason; secondment.cancelled.v1 on Kafka, the seat freed, compliance recomputed', async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId, { capacity: 2 });
    const active = await activeSecondment(base, partners, teacher.id, post.id);
    await logAndCountersign(base, partners, active.id, ['2026-09-07', '2026-09-08']);
    await waitFor(
      'the compliance of the countersigned days',
      async () => (await ok('GET', `${base}/v1/teachers/${teacher.id}`, partners.schoolKey)).compliance?.creditedDays === 2,
    );
    expect((await ok('GET', `${base}/v1/posts/${post.id}`, partners.enterpriseKey)).seatsFree).toBe(1);
    // A stale stored answer: only a recompute after the cancellation puts the true one back.
    const { MongoClient } = await import('mongodb');
    const client = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    try {
      await client
        .db(service.database)
        .collection<{ _id: string }>('teachers')
        .updateOne({ _id: teacher.id }, { $set: { 'compliance.creditedDays': 99 } });

      const cancelled = await ok('POST', `${base}/v1/secondments/${active.id}/cancel`, partners.enterpriseKey, {
        reason: 'plant closed for retooling',
      });
      expect(cancelled).toMatchObject({ id: active.id, status: 'cancelled' });
      expect(
        (await httpJson('POST', `${base}/v1/secondments/${active.id}/cancel`, { token: partners.schoolKey, body: { reason: 'again' } }))
          .status,
      ).toBe(409);

      const event = await waitFor('secondment.cancelled.v1 on Kafka', () =>
        recorder.ofType('secondment.cancelled.v1').find((e) => e.key === active.id),
      );
      expect(event.data).toMatchObject({
        secondmentId: active.id,
        teacherId: teacher.id,
        postId: post.id,
        schoolId: partners.schoolId,
        enterpriseId: partners.enterpriseId,
        hoursLogged: 16,
        reason: 'plant closed for retooling',
      });
      expect((await ok('GET', `${base}/v1/posts/${post.id}`, partners.enterpriseKey)).seatsFree).toBe(2);
      // The countersigned days stay credited: the practice happened.
      const recomputed = await waitFor('the recomputed compliance', async () => {
        const t = await ok('GET', `${base}/v1/teachers/${teacher.id}`, partners.schoolKey);
        return t.compliance?.creditedDays !== 99 && t.compliance;
      });
      expect(recomputed).toMatchObject({ creditedDays: 2, compliant: false });
      const copy = await client
        .db(service.database)
        .collection<{ _id: string; bookings: unknown[] }>('teachers')
        .findOne({ _id: teacher.id });
      expect(copy!.bookings).toEqual([]);
      // The seat and the teacher's period are free again: the teacher can be seconded to the post anew.
      await activeSecondment(base, partners, teacher.id, post.id);
    } finally {
      await client.close();
    }
  });

  it('links are http(s) only: a javascript: or data: evidence link or deliverable url is a 400 naming the field, nothing stored', async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const active = await activeSecondment(base, partners, teacher.id, post.id);
    for (const link of ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>']) {
      const log = await httpJson('POST', `${base}/v1/secondments/${active.id}/logs`, {
        token: partners.schoolKey,
        body: { date: '2026-09-02', hours: 8, tasks: ['x'], evidence: [link] },
      });
      expect(log.status).toBe(400);
      expect(log.body.errors[0].field).toBe('evidence.0');
      const deliverable = await httpJson('POST', `${base}/v1/secondments/${active.id}/deliverables`, {
        token: partners.schoolKey,
        body: { kind: 'case-study', title: 'Line 3', url: link },
      });
      expect(deliverable.status).toBe(400);
      expect(deliverable.body.errors[0].field).toBe('url');
    }
    expect(await ok('GET', `${base}/v1/secondments/${active.id}`, partners.schoolKey)).toMatchObject({ logs: [], deliverables: [] });
  });

  it("completion frees the post's seat: seats count live secondments only", async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId, { capacity: 1 });
    const clock = service.app.get(Clock);
    jest.spyOn(clock, 'now').mockReturnValue(new Date('2026-09-10T09:00:00Z'));
    try {
      const active = await activeSecondment(base, partners, teacher.id, post.id, { start: '2026-09-01', end: '2026-09-30' });
      await ok('POST', `${base}/v1/secondments/${active.id}/complete`, partners.enterpriseKey);
      expect(await ok('GET', `${base}/v1/posts/${post.id}`, partners.enterpriseKey)).toMatchObject({ seatsTaken: 0, seatsFree: 1 });
      // The seat is free for another teacher.
      const next = await registerTeacher(base, partners.schoolKey);
      await ok('POST', `${base}/v1/secondments`, partners.schoolKey, { teacherId: next.id, postId: post.id });
      expect(await ok('GET', `${base}/v1/posts/${post.id}`, partners.enterpriseKey)).toMatchObject({ seatsTaken: 1, seatsFree: 0 });
    } finally {
      jest.restoreAllMocks();
    }
  });

  it("two countersignatures at once: the teacher's practice copy (what compliance reads) keeps both", async () => {
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const active = await activeSecondment(base, partners, teacher.id, post.id);
    await ok('POST', `${base}/v1/secondments/${active.id}/logs`, partners.schoolKey, { date: '2026-09-07', hours: 8, tasks: ['x'] });
    const { logs } = await ok('POST', `${base}/v1/secondments/${active.id}/logs`, partners.schoolKey, {
      date: '2026-09-08',
      hours: 8,
      tasks: ['x'],
    });
    // The first countersignature's copy is held at its write, after it read the teacher and the
    // secondments (its own countersignature only); the second runs whole meanwhile, then the first
    // writes what it computed.
    const store = service.app.get(TeachersRepository).store;
    const update = store.update.bind(store);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let atWrite!: () => void;
    const firstAtWrite = new Promise<void>((resolve) => (atWrite = resolve));
    let practiceWrites = 0;
    jest.spyOn(store, 'update').mockImplementation(async (current, set, events, appliedEvent) => {
      if ('practice' in set && practiceWrites++ === 0) {
        atWrite();
        await released;
      }
      return update(current, set, events, appliedEvent);
    });
    const mongo = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    try {
      const first = ok('POST', `${base}/v1/secondments/${active.id}/logs/${logs[0].logId}/countersign`, partners.enterpriseKey);
      await firstAtWrite;
      await ok('POST', `${base}/v1/secondments/${active.id}/logs/${logs[1].logId}/countersign`, partners.enterpriseKey);
      release();
      await first;
      const copy = await mongo
        .db(service.database)
        .collection<{ _id: string; practice: { hours: { date: string }[] } }>('teachers')
        .findOne({ _id: teacher.id });
      expect(copy!.practice.hours.map((h) => h.date).sort()).toEqual(['2026-09-07', '2026-09-08']);
    } finally {
      jest.restoreAllMocks();
      await mongo.close();
    }
  });

  it("start and a cancellation racing a start copy the secondment's period onto the teacher (what calendar-months rules credit)", async () => {
    const mongo = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
    const periodsOf = async (teacherId: string) =>
      (
        await mongo
          .db(service.database)
          .collection<{ _id: string; practice?: { periods: { start: string; end: string; ref: string }[] } }>('teachers')
          .findOne({ _id: teacherId })
      )?.practice?.periods ?? [];
    jest.spyOn(service.app.get(Clock), 'now').mockReturnValue(new Date('2026-09-10T09:00:00Z'));
    try {
      const teacher = await registerTeacher(base, partners.schoolKey);
      const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
      const started = await activeSecondment(base, partners, teacher.id, post.id);
      expect(await periodsOf(teacher.id)).toEqual([{ ...POST_PERIOD, ref: started.id }]);

      // The cancellation reads the secondment while approved; it is started before the cancellation is written.
      const other = await registerTeacher(base, partners.schoolKey);
      const approved = await ok('POST', `${base}/v1/secondments`, partners.schoolKey, { teacherId: other.id, postId: post.id });
      await ok('POST', `${base}/v1/secondments/${approved.id}/approvals`, partners.schoolKey, {});
      await ok('POST', `${base}/v1/secondments/${approved.id}/approvals`, partners.enterpriseKey, {});
      const secondments = service.app.get(SecondmentsService);
      const get = secondments.get.bind(secondments);
      let reads = 0;
      jest.spyOn(secondments, 'get').mockImplementation(async (principal, id) => {
        const read = await get(principal, id);
        if (reads++ === 0) await ok('POST', `${base}/v1/secondments/${approved.id}/start`, partners.enterpriseKey);
        return read;
      });
      const cancelled = await ok('POST', `${base}/v1/secondments/${approved.id}/cancel`, partners.schoolKey, { reason: 'plant closed' });
      expect(cancelled).toMatchObject({ status: 'cancelled', startedOn: '2026-09-10', endedOn: '2026-09-10' });
      expect(await periodsOf(other.id)).toEqual([{ start: POST_PERIOD.start, end: '2026-09-10', ref: approved.id }]);
    } finally {
      jest.restoreAllMocks();
      await mongo.close();
    }
  });
});

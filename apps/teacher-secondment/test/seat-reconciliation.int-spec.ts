import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { httpJson, waitFor } from '@app/testing';
import { PostsRepository } from '../src/posts/posts.repository';
import { SecondmentsRepository } from '../src/secondments/secondments.repository';
import { TeachersService } from '../src/teachers/teachers.service';
import {
  activeSecondment,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

/** Short in tests: the repair pass runs every second, and a seat or booking younger than this is never corrected. */
const GRACE_MS = 3_000;

/**
 * Seats and bookings a request held before its secondment was saved (a crash in between), or
 * leaked before ADR 0084, are given back by the periodic pass once they are older than the
 * grace; one a request holds right now is not (ADR 0084, addendum 2026-12-07).
 */
describe('seats and bookings held by no secondment are given back (ADR 0084 addendum; real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let mongo: MongoClient;

  beforeAll(async () => {
    service = await startTeacherSecondment({
      COMPLIANCE_SWEEP_MS: '1000',
      COMPLIANCE_SWEEP_ON_START: 'false',
      SEAT_HOLD_GRACE_MS: String(GRACE_MS),
    });
    partners = await seedPartnership(service);
    mongo = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
  });
  afterAll(async () => {
    await service?.close();
    await mongo?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  const seatsOf = async (postId: string) => {
    const post = await ok('GET', `${service.baseUrl}/v1/posts/${postId}`, partners.enterpriseKey);
    return { seatsTaken: post.seatsTaken as number, seatsFree: post.seatsFree as number };
  };
  const db = () => mongo.db(service.database);
  const bookingsOf = async (teacherId: string) =>
    (await db().collection<{ _id: string; bookings: { secondmentId: string }[] }>('teachers').findOne({ _id: teacherId }))!.bookings.map(
      (b) => b.secondmentId,
    );
  const request = (teacherId: string, postId: string) =>
    httpJson('POST', `${service.baseUrl}/v1/secondments`, { token: partners.schoolKey, body: { teacherId, postId } });

  it('(a) a request that crashed after taking the seat and booking the teacher: after the grace both are given back', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 1 });
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    // The store goes away at the secondment's insert: the request's own clean-up fails as well,
    // as it would not run at all after a crash.
    jest.spyOn(service.app.get(SecondmentsRepository), 'insert').mockRejectedValueOnce(new Error('crash before the secondment was saved'));
    jest.spyOn(service.app.get(PostsRepository), 'releaseSeat').mockRejectedValueOnce(new Error('store gone'));
    jest.spyOn(service.app.get(TeachersService), 'releaseBooking').mockRejectedValueOnce(new Error('store gone'));
    expect((await request(teacher.id, post.id)).status).toBe(500);
    jest.restoreAllMocks();
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });
    expect(await bookingsOf(teacher.id)).toHaveLength(1);

    await waitFor('the leaked seat given back', async () => (await seatsOf(post.id)).seatsTaken === 0, { timeoutMs: 30_000 });
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 0, seatsFree: 1 });
    await waitFor('the leaked booking given back', async () => (await bookingsOf(teacher.id)).length === 0, { timeoutMs: 30_000 });
    // The same teacher takes the seat for the same period.
    await ok('POST', `${service.baseUrl}/v1/secondments`, partners.schoolKey, { teacherId: teacher.id, postId: post.id });
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });
  });

  it('(b) seats and a booking leaked before the change (written in Mongo) are recounted against the live secondments', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 2 });
    const holder = await registerTeacher(service.baseUrl, partners.schoolKey);
    const live = await activeSecondment(service.baseUrl, partners, holder.id, post.id);
    const leaker = await registerTeacher(service.baseUrl, partners.schoolKey);
    const ghost = randomUUID();
    // A post and a teacher as an older version left them: the second seat and a booking held by no secondment,
    // none of the fields the recount keeps.
    await db()
      .collection('posts')
      .updateOne({ _id: post.id } as never, {
        $set: { seatsTaken: 2, seatsFree: 0 },
        $unset: { seatsTakenAt: '', seatsCounted: '', seatsReleasedFor: '' },
      });
    await db()
      .collection('teachers')
      .updateOne({ _id: leaker.id } as never, {
        $set: { bookings: [{ secondmentId: ghost, start: '2026-09-01', end: '2026-11-30' }] },
        $unset: { bookingsChecked: '' },
      });
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 2, seatsFree: 0 });

    await waitFor('the leaked seat given back', async () => (await seatsOf(post.id)).seatsTaken === 1, { timeoutMs: 30_000 });
    await waitFor('the leaked booking given back', async () => (await bookingsOf(leaker.id)).length === 0, { timeoutMs: 30_000 });
    // The live secondment keeps its seat and its booking; passes after it change nothing.
    await sleep(2_500);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 1 });
    expect(await bookingsOf(holder.id)).toEqual([live.id]);
    expect((await request(leaker.id, post.id)).status).toBe(201);
    expect((await request((await registerTeacher(service.baseUrl, partners.schoolKey)).id, post.id)).status).toBe(409);
  });

  it('(c) a request that has taken the seat and not yet saved its secondment keeps its seat and booking', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 1 });
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    const repository = service.app.get(SecondmentsRepository);
    const insert = repository.insert.bind(repository);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let atInsert!: () => void;
    const heldAtInsert = new Promise<void>((resolve) => (atInsert = resolve));
    jest.spyOn(repository, 'insert').mockImplementationOnce(async (secondment, events) => {
      atInsert();
      await released;
      return insert(secondment, events);
    });
    const requested = request(teacher.id, post.id);
    await heldAtInsert;
    // Two passes or more run while the request is held (within the grace).
    await sleep(GRACE_MS - 800);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });
    expect(await bookingsOf(teacher.id)).toHaveLength(1);
    release();
    const answer = await requested;
    expect(answer.status).toBe(201);
    // After the grace, the seat is counted as held by the saved secondment.
    await sleep(GRACE_MS + 1_500);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });
    expect(await bookingsOf(teacher.id)).toEqual([answer.body.id]);
  });

  it('(e) an ending whose seat is not given back yet still counts as holding it: the recount and the repair free it once', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 2 });
    const [first, second] = [
      await registerTeacher(service.baseUrl, partners.schoolKey),
      await registerTeacher(service.baseUrl, partners.schoolKey),
    ];
    const ending = await activeSecondment(service.baseUrl, partners, first.id, post.id);
    await activeSecondment(service.baseUrl, partners, second.id, post.id);
    // The seat release fails until restored: the ending stays interrupted across several passes past the grace.
    const releaseSeat = jest.spyOn(service.app.get(PostsRepository), 'releaseSeat').mockRejectedValue(new Error('store gone'));
    const completed = await httpJson('POST', `${service.baseUrl}/v1/secondments/${ending.id}/complete`, { token: partners.enterpriseKey });
    expect(completed.body.status).toBe('completed');
    await sleep(GRACE_MS + 2_500);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 2, seatsFree: 0 });
    releaseSeat.mockRestore();
    await waitFor('the seat given back', async () => (await seatsOf(post.id)).seatsTaken === 1, { timeoutMs: 30_000 });
    await sleep(2_500);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 1 });
  });

  it('(f) a secondment saved although its insert failed to the caller: the recount counts its seat again, and its ending frees it', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 1 });
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    const repository = service.app.get(SecondmentsRepository);
    const insert = repository.insert.bind(repository);
    jest.spyOn(repository, 'insert').mockImplementationOnce(async (secondment, events) => {
      await insert(secondment, events);
      throw new Error('connection lost after the write');
    });
    // The request gives its seat back (keyed by the secondment id) although the secondment was saved.
    expect((await request(teacher.id, post.id)).status).toBe(500);
    jest.restoreAllMocks();
    const [saved] = await db().collection<{ _id: string }>('secondments').find({ postId: post.id }).toArray();
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 0, seatsFree: 1 });

    await waitFor('the seat counted again', async () => (await seatsOf(post.id)).seatsTaken === 1, { timeoutMs: 30_000 });
    // Its release is no longer a repeat: ending it frees the seat.
    await ok('POST', `${service.baseUrl}/v1/secondments/${saved._id}/withdraw`, partners.schoolKey, { reason: 'changed school' });
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 0, seatsFree: 1 });
  });

  it('(d) an ending whose follow-up fails answers the ended secondment; the repair finishes the follow-up', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 1 });
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    const active = await activeSecondment(service.baseUrl, partners, teacher.id, post.id);
    jest.spyOn(service.app.get(PostsRepository), 'releaseSeat').mockRejectedValueOnce(new Error('store gone for a moment'));
    const cancelled = await httpJson('POST', `${service.baseUrl}/v1/secondments/${active.id}/cancel`, {
      token: partners.schoolKey,
      body: { reason: 'plant closed' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: active.id, status: 'cancelled' });
    await waitFor('the seat given back', async () => (await seatsOf(post.id)).seatsTaken === 0, { timeoutMs: 30_000 });
    await waitFor('the booking given back', async () => (await bookingsOf(teacher.id)).length === 0, { timeoutMs: 30_000 });
    await waitFor(
      'the ending finished',
      async () =>
        !(
          await db()
            .collection('secondments')
            .findOne({ _id: active.id } as never)
        )?.releasePending,
    );
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 0, seatsFree: 1 });
  });
});

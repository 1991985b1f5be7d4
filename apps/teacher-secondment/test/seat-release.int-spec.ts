import { MongoClient } from 'mongodb';
import { httpJson, waitFor } from '@app/testing';
import { PostsRepository } from '../src/posts/posts.repository';
import { PostsService } from '../src/posts/posts.service';
import { SecondmentsService } from '../src/secondments/secondments.service';
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

/**
 * Ending a secondment writes the secondment, then gives its post's seat back (and, on a
 * cancellation, the teacher's booking), then copies the teacher's practice. A crash between
 * those writes must not leak the seat: a restart finishes what the crash interrupted, once.
 */
describe('a seat given back after a crash (ADR 0084; real Kafka and Mongo)', () => {
  let service: SecondmentService;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  let mongo: MongoClient;

  beforeAll(async () => {
    service = await startTeacherSecondment();
    partners = await seedPartnership(service);
    mongo = await MongoClient.connect(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018');
  });
  afterAll(async () => {
    await service?.close();
    await mongo?.close();
  });

  const seatsOf = async (postId: string) => {
    const post = await ok('GET', `${service.baseUrl}/v1/posts/${postId}`, partners.enterpriseKey);
    return { seatsTaken: post.seatsTaken as number, seatsFree: post.seatsFree as number };
  };
  const teacherDoc = (teacherId: string) =>
    mongo
      .db(service.database)
      .collection<{ _id: string; bookings: { secondmentId: string }[]; practice?: { completedSecondmentIds: string[] } }>('teachers')
      .findOne({ _id: teacherId });
  /** The process dies after the first writes: the next start (same database, topics and group) is what repairs. */
  const restart = async () => {
    await service.close();
    service = await startTeacherSecondment({}, { replicaOf: service });
  };

  it('a completion whose seat release crashed: the restart gives the seat back and copies the completion onto the teacher', async () => {
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 1 });
    const active = await activeSecondment(service.baseUrl, partners, teacher.id, post.id);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });

    jest.spyOn(service.app.get(PostsRepository), 'releaseSeat').mockRejectedValueOnce(new Error('crash before the seat was given back'));
    const completed = await httpJson('POST', `${service.baseUrl}/v1/secondments/${active.id}/complete`, { token: partners.enterpriseKey });
    jest.restoreAllMocks();
    // The secondment has ended, which is what was asked: answered so (ADR 0084 addendum); the seat is held by nobody.
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ id: active.id, status: 'completed' });
    expect(await ok('GET', `${service.baseUrl}/v1/secondments/${active.id}`, partners.enterpriseKey)).toMatchObject({
      status: 'completed',
    });
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });

    await restart();
    await waitFor('the seat given back', async () => (await seatsOf(post.id)).seatsTaken === 0);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 0, seatsFree: 1 });
    expect((await teacherDoc(teacher.id))!.practice?.completedSecondmentIds).toEqual([active.id]);
    // The seat is another teacher's to take.
    const next = await registerTeacher(service.baseUrl, partners.schoolKey);
    await ok('POST', `${service.baseUrl}/v1/secondments`, partners.schoolKey, { teacherId: next.id, postId: post.id });
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });
  });

  it("a cancellation that crashed after giving the seat back: the restart frees the teacher's booking and no second seat", async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 2 });
    const [first, second] = [
      await registerTeacher(service.baseUrl, partners.schoolKey),
      await registerTeacher(service.baseUrl, partners.schoolKey),
    ];
    const cancelling = await activeSecondment(service.baseUrl, partners, first.id, post.id);
    await activeSecondment(service.baseUrl, partners, second.id, post.id);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 2, seatsFree: 0 });

    const teachers = service.app.get(TeachersService);
    jest.spyOn(teachers, 'releaseBooking').mockRejectedValueOnce(new Error('crash after the seat was given back'));
    const cancelled = await httpJson('POST', `${service.baseUrl}/v1/secondments/${cancelling.id}/cancel`, {
      token: partners.schoolKey,
      body: { reason: 'plant closed' },
    });
    jest.restoreAllMocks();
    expect(cancelled.status).toBe(200);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 1 });
    expect((await teacherDoc(first.id))!.bookings.map((b) => b.secondmentId)).toEqual([cancelling.id]);

    await restart();
    await waitFor('the booking given back', async () => (await teacherDoc(first.id))!.bookings.length === 0);
    // The repair gave the seat back again only in name: the second teacher's seat stays taken.
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 1 });
    // Nothing is left to repair; a release of the same secondment again frees nothing.
    expect(await service.app.get(SecondmentsService).finishInterruptedEndings()).toBe(0);
    await service.app.get(PostsService).releaseSeat(post.id, cancelling.id);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 1 });
  });

  it('a request that finds the post full first gives back the seat of an ending a crash interrupted', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 1 });
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    const requested = await ok('POST', `${service.baseUrl}/v1/secondments`, partners.schoolKey, { teacherId: teacher.id, postId: post.id });
    jest.spyOn(service.app.get(PostsRepository), 'releaseSeat').mockRejectedValueOnce(new Error('crash before the seat was given back'));
    const withdrawn = await httpJson('POST', `${service.baseUrl}/v1/secondments/${requested.id}/withdraw`, {
      token: partners.schoolKey,
      body: { reason: 'changed school' },
    });
    jest.restoreAllMocks();
    expect(withdrawn.status).toBe(200);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });

    // No restart: the next request repairs the post it finds full, then takes the seat.
    const next = await registerTeacher(service.baseUrl, partners.schoolKey);
    await ok('POST', `${service.baseUrl}/v1/secondments`, partners.schoolKey, { teacherId: next.id, postId: post.id });
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });
    expect((await teacherDoc(teacher.id))!.bookings).toEqual([]);
    // Full again, and nothing to repair: 409.
    const third = await registerTeacher(service.baseUrl, partners.schoolKey);
    const full = await httpJson('POST', `${service.baseUrl}/v1/secondments`, {
      token: partners.schoolKey,
      body: { teacherId: third.id, postId: post.id },
    });
    expect(full.status).toBe(409);
  });

  it('a request whose full-post repair fails gives its booking back and answers the failure', async () => {
    const post = await publishPost(service.baseUrl, partners.enterpriseKey, partners.schoolId, { capacity: 1 });
    const first = await registerTeacher(service.baseUrl, partners.schoolKey);
    await ok('POST', `${service.baseUrl}/v1/secondments`, partners.schoolKey, { teacherId: first.id, postId: post.id });
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    jest
      .spyOn(service.app.get(SecondmentsService), 'finishInterruptedEndings')
      .mockRejectedValueOnce(new Error('the database went away during the repair'));
    const failed = await httpJson('POST', `${service.baseUrl}/v1/secondments`, {
      token: partners.schoolKey,
      body: { teacherId: teacher.id, postId: post.id },
    });
    jest.restoreAllMocks();
    expect(failed.status).toBe(500);
    expect((await teacherDoc(teacher.id))!.bookings).toEqual([]);
    expect(await seatsOf(post.id)).toEqual({ seatsTaken: 1, seatsFree: 0 });
  });
});

import { randomUUID } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { httpJson, postOk, testMongoUri, waitForConsumed, WebhookReceiver } from '@app/testing';
import { DisclosureService } from '../src/disclosures/disclosure.service';
import { OwnStoreEraser } from '../src/erasure/own-store-eraser';
import { PlacementsService } from '../src/placements/placements.service';
import { StudentsService } from '../src/students/students.service';
import { ADMIN_TOKEN, seedInternship, startTalentPipeline, subscribeSchool } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/**
 * A student's erasure running while other work about the student is between its check and its
 * write (ADR 0037, addendum of session 34). Each test lets the other work read first, runs the
 * talent pipeline's own-store erasure to its end, and only then lets the work write what it read:
 * the order two replicas can produce, made certain here by running the erasure inside the read.
 */
describe('Erasure races (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let db: Db;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;
  const enterpriseReceiver = new WebhookReceiver();
  let enterpriseUrl: string;
  const admin = { token: ADMIN_TOKEN };

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await MongoClient.connect(testMongoUri(service.database));
    db = mongo.db(service.database);
    receiverUrl = await receiver.start();
    enterpriseUrl = await enterpriseReceiver.start();
  });
  afterAll(async () => {
    await service?.close();
    await mongo?.close();
    await receiver.stop();
    await enterpriseReceiver.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  /**
   * The talent pipeline's own-store erasure of the student, as the erasure topic's handler runs it,
   * up to its last step: the student document keeps its fields and has no `erasedAt` yet, so only
   * the mark the erasure sets first (`erasureStartedAt`) can tell the other work about it.
   */
  const eraseNow = (student: { id: string; schoolId: string }) => {
    jest.spyOn(service.app.get(StudentsService), 'erase').mockResolvedValue(null);
    return service.app.get(OwnStoreEraser).erase({
      requestId: randomUUID(),
      personId: student.id,
      personKind: 'student',
      schoolId: student.schoolId,
      origin: 'operator',
      reason: 'GDPR Art. 17',
      requestedAt: new Date().toISOString(),
    });
  };

  /**
   * The next call of `method` about the student returns what it read before the student's erasure,
   * after the erasure ran to its end: the caller then writes as if nothing had happened.
   */
  function eraseDuringNextRead<T extends object>(
    target: T,
    method: keyof T & string,
    student: { id: string; schoolId: string },
    isAboutStudent: (...args: any[]) => boolean,
  ): { erased: Promise<void> } {
    const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
    let done!: () => void;
    const erased = new Promise<void>((resolve) => (done = resolve));
    let armed = true;
    jest.spyOn(target, method as never).mockImplementation((async (...args: unknown[]) => {
      const answer = await original(...args);
      if (armed && isAboutStudent(...args)) {
        armed = false;
        await eraseNow(student);
        done();
      }
      return answer;
    }) as never);
    return { erased };
  }

  it('an outcome fanned out while the student is erased is neither sent nor kept with its reason', async () => {
    const base = service.baseUrl;
    const seeded = await seedInternship(base, { status: 'accepted', signedBy: ['school', 'enterprise', 'student'] });
    const { student, placement } = seeded;
    await subscribeSchool(base, seeded as never, receiverUrl);
    await postOk(`${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to: 'active' });
    // The start went out before the erasure: only what the fan-out writes after it is in question. Waited for
    // until delivered, so that the next read of erased students about this one is the completion's fan-out (the
    // webhook worker asks too, before it sends).
    const started = { 'event.data.placementId': placement.id, 'event.type': 'talent.placement.started.v1' };
    await waitForConsumed(service, 'the start delivered', async () => {
      const delivery = await db.collection('webhook_deliveries').findOne(started);
      return delivery?.status === 'delivered';
    });
    const students = service.app.get(StudentsService);
    const race = eraseDuringNextRead(students, 'erasingOrErasedAmong', student, (ids: string[]) => ids.includes(student.id));

    const reason = 'Moved away with family, told the mentor in confidence';
    await postOk(`${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to: 'completed', reason });
    await race.erased;
    const completed = { 'event.data.placementId': placement.id, 'event.type': 'talent.placement.completed.v1' };
    await waitForConsumed(
      service,
      'the completion in the feed',
      async () => (await db.collection('outcome_feed').countDocuments(completed)) === 1,
    );

    // The fan-out read "not erased" before the erasure; what it wrote after must not go out, nor keep the reason.
    await waitForConsumed(service, 'the completion delivery settled', async () => {
      const delivery = await db.collection('webhook_deliveries').findOne(completed);
      return delivery !== null && delivery.status !== 'pending';
    });
    const delivery = await db.collection('webhook_deliveries').findOne(completed);
    expect(delivery).toMatchObject({ status: 'cancelled', attempts: [] });
    expect(delivery?.event.data.endOfPlacement).not.toHaveProperty('reason');
    const sentAboutCompletion = receiver.received.filter((r) => JSON.parse(r.body).type === 'talent.placement.completed.v1');
    expect(sentAboutCompletion.filter((r) => JSON.parse(r.body).data.studentId === student.id)).toEqual([]);
    const feedEntry = await db.collection('outcome_feed').findOne(completed);
    expect(feedEntry?.event.data.endOfPlacement).not.toHaveProperty('reason');
  });

  it("an enterprise's outcome whose attempt recorded the disclosure just before the erasure goes out redacted", async () => {
    const base = service.baseUrl;
    const { student, enterprise, placement } = await seedInternship(base, {
      status: 'accepted',
      signedBy: ['school', 'enterprise', 'student'],
    });
    const subscribed = await httpJson('POST', `${base}/v1/enterprises/${enterprise.id}/webhook-subscriptions`, {
      token: enterprise.apiKey,
      body: { url: enterpriseUrl },
    });
    expect(subscribed.status).toBe(201);
    const about = (type: string) => (r: { body: string }) =>
      JSON.parse(r.body).type === type && JSON.parse(r.body).data.placementId === placement.id;
    await postOk(`${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to: 'active' });
    // The start reaches the enterprise with the student (the placement consent is in force): the path works.
    await waitForConsumed(service, 'the start at the enterprise', async () =>
      enterpriseReceiver.received.some(about('talent.placement.started.v1')),
    );
    expect(JSON.parse(enterpriseReceiver.received.find(about('talent.placement.started.v1'))!.body).data.studentId).toBe(student.id);
    const race = eraseDuringNextRead(
      service.app.get(DisclosureService),
      'recordOnce',
      student,
      (entry: { studentId: string; recipient: { kind: string } }) =>
        entry.studentId === student.id && entry.recipient.kind === 'enterprise',
    );

    await postOk(`${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to: 'completed', reason: 'Finished early' });
    await race.erased;
    await waitForConsumed(service, 'the completion at the enterprise', async () =>
      enterpriseReceiver.received.some(about('talent.placement.completed.v1')),
    );

    // The consent was read in force before the erasure; the check after the ledger entry sends it redacted.
    const completed = JSON.parse(enterpriseReceiver.received.find(about('talent.placement.completed.v1'))!.body);
    expect(completed.data).not.toHaveProperty('studentId');
    expect(completed.data.redacted).toBeDefined();
  });

  it('a consent granted while the student is erased is refused and not kept in force', async () => {
    const base = service.baseUrl;
    const { student, enterprise } = await seedInternship(base, { status: 'proposed' });
    const race = eraseDuringNextRead(service.app.get(StudentsService), 'findById', student, (id: string) => id === student.id);

    const granted = await httpJson('POST', `${base}/v1/students/${student.id}/consents`, {
      ...admin,
      body: { enterpriseId: enterprise.id, purpose: 'matching', grantedBy: 'student' },
    });
    await race.erased;

    expect(granted.status).toBe(404);
    const unerased = await db
      .collection('consents')
      .find({ studentId: student.id, erasedAt: { $exists: false } })
      .toArray();
    expect(unerased).toEqual([]);
  });

  it('an attendance note taken while the student is erased is not kept', async () => {
    const base = service.baseUrl;
    const { student, placement } = await seedInternship(base, { status: 'active' });
    const race = eraseDuringNextRead(service.app.get(PlacementsService), 'get', student, (id: string) => id === placement.id);

    const note = 'Felt unwell after the night shift, see the clinic letter';
    const logged = await httpJson('POST', `${base}/v1/placements/${placement.id}/attendance`, {
      ...admin,
      body: { date: '2026-03-03', hours: 0, status: 'excused', note },
    });
    await race.erased;

    expect(logged.status).toBe(201);
    expect(logged.body).not.toHaveProperty('note');
    const stored = await db.collection('placement_attendance').find({ placementId: placement.id }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toHaveProperty('note');
  });
});

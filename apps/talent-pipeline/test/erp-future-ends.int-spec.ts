import { Clock } from '@app/base';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { httpJson, postErpEvents, settledErpInboxRecord, testMongoUri, waitFor } from '@app/testing';
import { PlacementsService } from '../src/placements/placements.service';
import { ScheduledStepsScheduler } from '../src/placements/scheduled-steps.scheduler';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline, produceAsErp } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Service = Awaited<ReturnType<typeof startTalentPipeline>>;
type Seeded = Awaited<ReturnType<typeof seedActiveInternship>>;

/** The service's "today" in these tests (UTC); real days would take weeks. */
const TODAY = '2030-05-06';
const in14Days = '2030-05-20';
const dayAfterIn14Days = '2030-05-21';

/**
 * ERP ends dated in the future (ADR 0076, addendum): the placement stays active and shows the
 * scheduled end; the scheduler applies it on the day after the last day through the same
 * transition and outbox as an end on arrival, so the school's feed gets the same outcome once.
 * Real Kafka and Mongo; the service's Clock is moved instead of waiting days, and the scheduler's
 * passes are run by the test (its own timer is an hour).
 */
describe('ERP ends dated in the future (real Kafka + Mongo)', () => {
  let service: Service;
  let replica: Service | undefined;
  let mongo: MongoClient;
  let today = TODAY;

  const moveClock = (on: Service) => jest.spyOn(on.app.get(Clock), 'now').mockImplementation(() => new Date(`${today}T09:00:00Z`));

  beforeAll(async () => {
    service = await startTalentPipeline({ SCHEDULED_ENDS_POLL_MS: '3600000' });
    moveClock(service);
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await replica?.close();
    await mongo?.close();
    await service?.close();
  });
  beforeEach(() => {
    today = TODAY;
  });

  let clockTick = 0;
  /** An end of a placement; each one a little newer than the one before (the ERP's event time). */
  const endEvent = (data: Record<string, unknown>, time = new Date(Date.parse('2030-05-01T08:00:00Z') + ++clockTick * 60_000)) => ({
    specversion: '1.0',
    id: `end-${randomUUID()}`,
    source: 'urn:erp:test',
    type: 'erp.placement-end.v1',
    time: time.toISOString(),
    data,
  });
  const post = (seeded: Seeded, body: object) =>
    postErpEvents({ baseUrl: service.baseUrl, enterpriseId: seeded.enterprise.id, secret: seeded.enterprise.erpSigningSecret, body });
  const placementOf = async (id: string, on = service) =>
    (await httpJson('GET', `${on.baseUrl}/v1/placements/${id}`, { token: ADMIN_TOKEN })).body;
  const stored = (id: string) => mongo.db().collection<{ _id: string }>('placements').findOne({ _id: id });
  const feedOf = async (seeded: Seeded) =>
    (await httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/placement-outcomes`, { token: seeded.school.apiKey })).body
      .items as { event: { type: string; data: any } }[];
  const scheduled = (seeded: Seeded, eventId: string) =>
    waitFor('the end scheduled on the placement', async () => {
      const placement = await placementOf(seeded.placement.id);
      return placement.scheduledEnd?.eventId === eventId && placement;
    });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));
  const applyDue = (on = service) => on.app.get(ScheduledStepsScheduler).applyDue();
  const inboxOf = (eventId: string) => mongo.db().collection('erp_inbox').findOne({ 'event.id': eventId });

  it('keeps the placement active with the end scheduled; a redelivery has one effect; applied the day after the last day, the school’s feed gets the outcome once', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const end = endEvent({ placementId: seeded.placement.id, outcome: 'completed', endReason: 'Contract ends', lastDay: in14Days });
    expect((await post(seeded, end)).body).toMatchObject({ accepted: 1, duplicates: 0 });

    const waiting = await scheduled(seeded, end.id);
    expect(waiting.status).toBe('active');
    expect(waiting.endOfPlacement).toBeUndefined();
    expect(waiting.scheduledEnd).toEqual({
      outcome: 'completed',
      reason: 'Contract ends',
      lastDay: in14Days,
      dueOn: dayAfterIn14Days,
      eventId: end.id,
      receivedAt: expect.any(String),
    });
    const first = await stored(seeded.placement.id);
    expect(first).toMatchObject({ scheduledEnd: { dueOn: dayAfterIn14Days }, outbox: [] });

    // The same event over HTTP and straight onto the topic: nothing more is written.
    expect((await post(seeded, end)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    await produceAsErp(service, seeded, [end]);
    await settle();
    const afterRedelivery = (await stored(seeded.placement.id)) as any;
    expect(afterRedelivery.version).toBe((first as any).version);
    expect(afterRedelivery.appliedEvents.filter((key: string) => key.endsWith(`|${end.id}`))).toHaveLength(1);
    expect((await feedOf(seeded)).map((item) => item.event.type)).toEqual(['talent.placement.started.v1']);
    // The inbox says it waits, and for which day: not `applied` while the placement is still active.
    expect(await inboxOf(end.id)).toMatchObject({ status: 'scheduled', dueOn: dayAfterIn14Days });

    // On the last day the student still works there: nothing is due.
    today = in14Days;
    await applyDue();
    expect((await placementOf(seeded.placement.id)).status).toBe('active');

    today = dayAfterIn14Days;
    expect(await applyDue()).toBe(1);
    const completed = await placementOf(seeded.placement.id);
    expect(completed.status).toBe('completed');
    expect(completed.scheduledEnd).toBeUndefined();
    expect(completed.history.at(-1)).toMatchObject({ status: 'completed', cause: `erp.placement-end.v1 ${end.id}` });
    expect(completed.endOfPlacement).toMatchObject({ reason: 'Contract ends', lastDay: in14Days });
    expect(await inboxOf(end.id)).toMatchObject({ status: 'applied', dueOn: dayAfterIn14Days });
    const feed = await waitFor('the outcome in the school’s feed', async () => {
      const items = await feedOf(seeded);
      return items.length === 2 && items;
    });
    expect(feed[1].event).toMatchObject({
      type: 'talent.placement.completed.v1',
      data: {
        placementId: seeded.placement.id,
        outcome: 'completed',
        causedBy: { source: 'urn:erp:test', id: end.id, type: 'erp.placement-end.v1' },
        endOfPlacement: { reason: 'Contract ends', lastDay: in14Days },
      },
    });

    // Later passes, and the ERP sending it again after the day, change nothing.
    today = '2030-06-30';
    expect(await applyDue()).toBe(0);
    expect((await post(seeded, end)).body).toMatchObject({ duplicates: 1 });
    await settle();
    expect(await feedOf(seeded)).toHaveLength(2);
    expect((await placementOf(seeded.placement.id)).history.filter((h: any) => h.status === 'completed')).toHaveLength(1);
  });

  it('lets the newest ERP end win: a newer one replaces the schedule, an older one waits for the operator, one dated today applies at once and clears it', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const planned = endEvent({ placementId: seeded.placement.id, outcome: 'completed', lastDay: in14Days });
    await post(seeded, planned);
    await scheduled(seeded, planned.id);

    const earlier = endEvent({ placementId: seeded.placement.id, outcome: 'terminated', endReason: 'Resigned', lastDay: '2030-05-12' });
    await post(seeded, earlier);
    const replaced = await scheduled(seeded, earlier.id);
    expect(replaced.scheduledEnd).toMatchObject({ outcome: 'terminated', reason: 'Resigned', lastDay: '2030-05-12', dueOn: '2030-05-13' });
    // The replaced end never takes effect, and the inbox says so.
    await waitFor(
      'the replaced end superseded, the new one scheduled, in the inbox',
      async () => (await inboxOf(planned.id))?.status === 'superseded' && (await inboxOf(earlier.id))?.status === 'scheduled',
    );
    expect((await inboxOf(earlier.id))?.dueOn).toBe('2030-05-13');

    // Sent before `earlier` (its event time), delivered after: held, the schedule stands.
    const stale = endEvent({ placementId: seeded.placement.id, outcome: 'completed' }, new Date('2030-04-01T08:00:00Z'));
    await post(seeded, stale);
    const held = await waitFor('the older end held for review', async () => {
      const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
        token: ADMIN_TOKEN,
      });
      return queue.body.items.find((i: any) => i.event.id === stale.id);
    });
    expect(held.reason).toContain(`newer end scheduled (event ${earlier.id}`);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'active', scheduledEnd: { eventId: earlier.id } });

    // The replaced end's day passes: nothing. The replacing end's day: terminated, once.
    today = '2030-05-13';
    expect(await applyDue()).toBe(1);
    const terminated = await placementOf(seeded.placement.id);
    expect(terminated).toMatchObject({ status: 'terminated', endOfPlacement: { reason: 'Resigned', lastDay: '2030-05-12' } });
    const feed = await waitFor('the termination in the feed', async () => {
      const items = await feedOf(seeded);
      return items.length === 2 && items;
    });
    expect(feed[1].event.data).toMatchObject({ outcome: 'terminated', causedBy: { id: earlier.id } });
    today = dayAfterIn14Days;
    await applyDue();
    await settle();
    expect((await feedOf(seeded)).map((item) => item.event.type)).toEqual([
      'talent.placement.started.v1',
      'talent.placement.terminated.v1',
    ]);

    // Another placement: scheduled, then an end whose last day is today applies at once.
    today = TODAY;
    const other = await seedActiveInternship(service.baseUrl);
    const future = endEvent({ placementId: other.placement.id, outcome: 'completed', lastDay: in14Days });
    await post(other, future);
    await scheduled(other, future.id);
    const now = endEvent({ placementId: other.placement.id, outcome: 'terminated', endReason: 'Left today', lastDay: TODAY });
    await post(other, now);
    const ended = await waitFor('the end applied at once', async () => {
      const placement = await placementOf(other.placement.id);
      return placement.status === 'terminated' && placement;
    });
    expect(ended.scheduledEnd).toBeUndefined();
    expect(ended.endOfPlacement).toMatchObject({ reason: 'Left today', lastDay: TODAY });
    await waitFor(
      'the overtaken end superseded, the new one applied, in the inbox',
      async () => (await inboxOf(future.id))?.status === 'superseded' && (await inboxOf(now.id))?.status === 'applied',
    );
    expect((await stored(other.placement.id)) as any).toMatchObject({ scheduledEnd: null });
  });

  it('drops the schedule when the placement is ended by hand before the day', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const end = endEvent({ placementId: seeded.placement.id, outcome: 'completed', lastDay: in14Days });
    await post(seeded, end);
    await scheduled(seeded, end.id);

    const manual = await httpJson('POST', `${service.baseUrl}/v1/placements/${seeded.placement.id}/transitions`, {
      token: ADMIN_TOKEN,
      body: { to: 'terminated', reason: 'Safety incident' },
    });
    expect(manual.status).toBe(200);
    expect(manual.body.scheduledEnd).toBeUndefined();
    expect((await stored(seeded.placement.id)) as any).toMatchObject({ status: 'terminated', scheduledEnd: null });
    expect(await inboxOf(end.id)).toMatchObject({ status: 'superseded', dueOn: dayAfterIn14Days });

    today = dayAfterIn14Days;
    await applyDue();
    const after = await placementOf(seeded.placement.id);
    expect(after.status).toBe('terminated');
    expect(after.history.map((h: any) => h.status)).toEqual(['proposed', 'offered', 'accepted', 'active', 'terminated']);
    const feed = await waitFor('the manual end in the feed', async () => {
      const items = await feedOf(seeded);
      return items.length === 2 && items;
    });
    expect(feed[1].event.data).toMatchObject({ outcome: 'terminated', endOfPlacement: { reason: 'Safety incident' } });
    expect(feed[1].event.data.endOfPlacement.lastDay).toBeUndefined();
    await settle();
    expect(await feedOf(seeded)).toHaveLength(2);
  });

  it('an ERP rescinds a scheduled end: the placement stays active and the end never applies; a rescission with nothing to take back waits for review', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const end = endEvent({ placementId: seeded.placement.id, outcome: 'terminated', endReason: 'Resigned', lastDay: in14Days });
    await post(seeded, end);
    await scheduled(seeded, end.id);
    const rescind = (data: Record<string, unknown>) => ({
      ...endEvent({}),
      id: `rescind-${randomUUID()}`,
      type: 'erp.placement-end-rescinded.v1',
      data,
    });

    const rescission = rescind({ placementId: seeded.placement.id, rescindedEventId: end.id });
    expect((await post(seeded, rescission)).body).toMatchObject({ accepted: 1 });
    await waitFor(
      'the end superseded, the rescission applied, in the inbox',
      async () => (await inboxOf(end.id))?.status === 'superseded' && (await inboxOf(rescission.id))?.status === 'applied',
    );
    const kept = await placementOf(seeded.placement.id);
    expect(kept.status).toBe('active');
    expect(kept.scheduledEnd).toBeUndefined();
    const first = (await stored(seeded.placement.id)) as any;
    expect(first).toMatchObject({ scheduledEnd: null, outbox: [] });

    // Sent again over HTTP and straight onto the topic: nothing more is written.
    expect((await post(seeded, rescission)).body).toMatchObject({ duplicates: 1 });
    await produceAsErp(service, seeded, [rescission]);
    await settle();
    expect(((await stored(seeded.placement.id)) as any).version).toBe(first.version);

    // The rescinded end's day passes: the student is still there, and the school heard only the start.
    today = dayAfterIn14Days;
    expect(await applyDue()).toBe(0);
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
    expect((await feedOf(seeded)).map((item) => item.event.type)).toEqual(['talent.placement.started.v1']);

    // Nothing left to take back: held, never dead-lettered; the operator's link is refused with the reason.
    const again = rescind({ placementId: seeded.placement.id });
    await post(seeded, again);
    const held = await waitFor('the rescission held for review', async () => {
      const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
        token: ADMIN_TOKEN,
      });
      return queue.body.items.find((i: any) => i.event.id === again.id);
    });
    expect(held.reason).toBe(`placement ${seeded.placement.id} has no scheduled end to rescind`);
    expect((await settledErpInboxRecord(mongo.db(), again.id)).status).toBe('held-for-review');
    const link = await httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${held.id}/resolve`, {
      token: ADMIN_TOKEN,
      body: { placementId: seeded.placement.id },
    });
    expect(link.status).toBe(409);
    expect(link.body).toMatchObject({ title: 'no scheduled end to rescind', detail: held.reason });

    // Another end than the one scheduled, and an end that took effect already: held, saying why.
    today = TODAY;
    const other = await seedActiveInternship(service.baseUrl);
    const planned = endEvent({ placementId: other.placement.id, outcome: 'completed', lastDay: in14Days });
    await post(other, planned);
    await scheduled(other, planned.id);
    const wrong = rescind({ placementId: other.placement.id, rescindedEventId: 'end-that-was-never-sent' });
    const ended = rescind({ placementId: seeded.placement.id });
    const applied = endEvent({ placementId: seeded.placement.id, outcome: 'completed' });
    await post(other, wrong);
    await post(seeded, applied);
    await waitFor('the end applied', async () => (await placementOf(seeded.placement.id)).status === 'completed');
    await post(seeded, ended);
    const reasons = await waitFor('both held', async () => {
      const items = (
        await Promise.all(
          [other, seeded].map((s) =>
            httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${s.enterprise.id}`, { token: ADMIN_TOKEN }),
          ),
        )
      ).flatMap((answer) => answer.body.items);
      const byId = (id: string) => items.find((i: any) => i.event.id === id)?.reason;
      return byId(wrong.id) && byId(ended.id) && [byId(wrong.id), byId(ended.id)];
    });
    expect(reasons).toEqual([
      `placement ${other.placement.id} has end event ${planned.id} of urn:erp:test scheduled, not end-that-was-never-sent`,
      `placement ${seeded.placement.id} is completed: an end that took effect cannot be rescinded`,
    ]);
    expect(await placementOf(other.placement.id)).toMatchObject({ status: 'active', scheduledEnd: { eventId: planned.id } });
    // Named by the student instead of the placement, without the end's id: the end scheduled is taken back.
    const byStudent = rescind({ person: { ids: [{ value: other.student.id, schemeId: PLATFORM_STUDENT_SCHEME }] } });
    await post(other, byStudent);
    await waitFor('the end rescinded', async () => (await inboxOf(byStudent.id))?.status === 'applied');
    expect((await placementOf(other.placement.id)).scheduledEnd).toBeUndefined();
    expect((await inboxOf(planned.id))?.status).toBe('superseded');

    // A rescission must name a placement or the person; the rescinded event's id, when given, is not empty.
    for (const [data, field] of [
      [{ rescindedEventId: end.id }, 'data.placementId'],
      [{ placementId: seeded.placement.id, rescindedEventId: '' }, 'data.rescindedEventId'],
    ] as const) {
      const answer = await post(seeded, rescind(data));
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: any) => e.field)).toContain(field);
    }
  });

  it('with two replicas, one applies the due ends under the lease; a repeated pass or a racing apply writes nothing twice', async () => {
    replica = await startTalentPipeline({
      SCHEDULED_ENDS_POLL_MS: '3600000',
      MONGO_URI: testMongoUri(service.database),
      KAFKA_TOPIC_PREFIX: service.prefix,
      KAFKA_GROUP_ID: `${service.prefix}talent-pipeline`,
    });
    moveClock(replica);
    // The first replica's pass takes the lease (nothing is due yet).
    expect(await applyDue(service)).toBe(0);
    const seeds: Seeded[] = [];
    for (let i = 0; i < 3; i++) {
      const seeded = await seedActiveInternship(service.baseUrl);
      const end = endEvent({ placementId: seeded.placement.id, outcome: 'completed', lastDay: in14Days });
      await post(seeded, end);
      await scheduled(seeded, end.id);
      seeds.push(seeded);
    }

    today = dayAfterIn14Days;
    // While the first holds the lease, the second's pass applies nothing, though three ends are due.
    expect(await applyDue(replica)).toBe(0);
    for (const seeded of seeds) expect((await placementOf(seeded.placement.id)).status).toBe('active');
    const [byFirst, bySecond] = await Promise.all([applyDue(service), applyDue(replica)]);
    expect([byFirst, bySecond]).toEqual([3, 0]);
    // The lease lapses (as after a crash mid-pass): the other replica's pass finds nothing left.
    await mongo
      .db()
      .collection<{ _id: string }>('leases')
      .updateOne({ _id: 'placements.scheduled-ends' }, { $set: { until: new Date(0) } });
    expect(await applyDue(replica)).toBe(0);
    for (const seeded of seeds) {
      const feed = await waitFor('the outcome in the feed', async () => {
        const items = await feedOf(seeded);
        return items.length === 2 && items;
      });
      expect(feed[1].event.data).toMatchObject({ outcome: 'completed', endOfPlacement: { lastDay: in14Days } });
    }

    // Both replicas apply the same due end at the same moment: the version check lets one write.
    today = TODAY;
    const raced = await seedActiveInternship(service.baseUrl);
    const end = endEvent({ placementId: raced.placement.id, outcome: 'terminated', lastDay: in14Days });
    await post(raced, end);
    await scheduled(raced, end.id);
    today = dayAfterIn14Days;
    const results = await Promise.all([
      service.app.get(PlacementsService).applyDueScheduledStep(raced.placement.id, 'end'),
      replica.app.get(PlacementsService).applyDueScheduledStep(raced.placement.id, 'end'),
    ]);
    expect(results.sort()).toEqual(['applied', 'not-due']);
    await waitFor('the outcome in the feed', async () => (await feedOf(raced)).length === 2);
    await settle();
    expect((await feedOf(raced)).map((item) => item.event.type)).toEqual(['talent.placement.started.v1', 'talent.placement.terminated.v1']);
    expect((await placementOf(raced.placement.id, replica)).history.filter((h: any) => h.status === 'terminated')).toHaveLength(1);
  });

  /** An active placement with an end scheduled after in14Days, then rescinded naming it (applied): its mark left. */
  const scheduledThenRescinded = async () => {
    today = TODAY;
    const seeded = await seedActiveInternship(service.baseUrl);
    const end = endEvent({ placementId: seeded.placement.id, outcome: 'terminated', endReason: 'Resigned', lastDay: in14Days });
    await post(seeded, end);
    await scheduled(seeded, end.id);
    const rescission = {
      ...endEvent({ placementId: seeded.placement.id, rescindedEventId: end.id }),
      type: 'erp.placement-end-rescinded.v1',
    };
    await post(seeded, rescission);
    expect(await settledErpInboxRecord(mongo.db(), rescission.id)).toMatchObject({ status: 'applied' });
    return { seeded, end, rescission };
  };

  it('a rescission leaves its mark: an end not later than it, sent afterwards, is superseded, not scheduled again; a newer end is scheduled', async () => {
    const { seeded, end, rescission } = await scheduledThenRescinded();
    const marked = (await stored(seeded.placement.id)) as any;
    expect(marked).toMatchObject({
      status: 'active',
      scheduledEnd: null,
      rescindedEnd: { eventTime: rescission.time, by: { id: rescission.id }, rescinded: { id: end.id } },
    });

    // The ERP resends the old end under a new id, and another as old as the rescission (due at once): both taken back already.
    const resent = endEvent({ placementId: seeded.placement.id, outcome: 'terminated', lastDay: in14Days }, new Date(end.time));
    const asOld = endEvent({ placementId: seeded.placement.id, outcome: 'completed' }, new Date(rescission.time));
    await post(seeded, resent);
    await post(seeded, asOld);
    for (const event of [resent, asOld]) expect(await settledErpInboxRecord(mongo.db(), event.id)).toMatchObject({ status: 'superseded' });
    expect(((await stored(seeded.placement.id)) as any).version).toBe(marked.version);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'active' });
    expect((await placementOf(seeded.placement.id)).scheduledEnd).toBeUndefined();
    const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
      token: ADMIN_TOKEN,
    });
    expect(queue.body.items).toEqual([]);

    // A genuinely newer end (the ERP's decision after the rescission) is scheduled.
    const newer = endEvent({ placementId: seeded.placement.id, outcome: 'completed', lastDay: in14Days });
    await post(seeded, newer);
    expect(await settledErpInboxRecord(mongo.db(), newer.id)).toMatchObject({ status: 'scheduled', dueOn: dayAfterIn14Days });
    expect(await scheduled(seeded, newer.id)).toMatchObject({
      status: 'active',
      scheduledEnd: { outcome: 'completed', lastDay: in14Days },
    });
  });

  it('an old copy of a rescinded end arriving once the placement ended by a newer end is superseded by the mark, not held for its status', async () => {
    const { seeded, end } = await scheduledThenRescinded();
    // The ERP's newer word: completed today.
    const completed = endEvent({ placementId: seeded.placement.id, outcome: 'completed' });
    await post(seeded, completed);
    expect(await settledErpInboxRecord(mongo.db(), completed.id)).toMatchObject({ status: 'applied' });
    expect((await placementOf(seeded.placement.id)).status).toBe('completed');

    // A late copy of the end taken back: the placement is completed, but the mark decides first.
    const lateCopy = endEvent({ placementId: seeded.placement.id, outcome: 'terminated', lastDay: in14Days }, new Date(end.time));
    await post(seeded, lateCopy);
    expect(await settledErpInboxRecord(mongo.db(), lateCopy.id)).toMatchObject({ status: 'superseded' });
    const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
      token: ADMIN_TOKEN,
    });
    expect(queue.body.items).toEqual([]);
  });
});

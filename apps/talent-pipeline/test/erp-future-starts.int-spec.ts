import { Clock } from '@app/base';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { httpJson, settledErpInboxRecord, testMongoUri, waitFor } from '@app/testing';
import { HELD_STARTS_BACKFILL, HeldHiresBackfill } from '../src/erp-ingest/held-hires-backfill';
import { ScheduledStepsScheduler } from '../src/placements/scheduled-steps.scheduler';
import { ADMIN_TOKEN, erpTestClient, produceAsErp, seedInternship, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Seeded = Awaited<ReturnType<typeof seedInternship>>;

/** The service's "today" in these tests (UTC); the seeded placements are planned from 2026-03-01, without an end. */
const TODAY = '2030-05-06';
const FIRST_DAY = '2030-05-13';
const DAY_BEFORE_FIRST = '2030-05-12';

/**
 * ERP starts dated in the future (ADR 0079, "future-dated starts"): the placement stays accepted
 * with the start scheduled, the inbox says `scheduled` with the day, and the scheduler that applies
 * future-dated ends applies it on the first day through the same transition and outbox as a start
 * on arrival, so the school hears `started` once, on the day. A start outside the placement's
 * period waits for review. Real Kafka and Mongo; the Clock is moved, the scheduler's passes are
 * run by the test (its own timer is an hour).
 */
describe('ERP starts dated in the future (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let today = TODAY;

  beforeAll(async () => {
    service = await startTalentPipeline({ SCHEDULED_ENDS_POLL_MS: '3600000' });
    jest.spyOn(service.app.get(Clock), 'now').mockImplementation(() => new Date(`${today}T09:00:00Z`));
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await mongo?.close();
    await service?.close();
  });
  beforeEach(() => {
    today = TODAY;
  });

  let tick = 0;
  /** A start of a placement; each one a little newer than the one before (the ERP's event time). */
  const start = (data: Record<string, unknown>) => ({
    specversion: '1.0',
    id: `start-${randomUUID()}`,
    source: 'urn:erp:test',
    type: 'erp.placement-start.v1',
    time: new Date(Date.parse('2030-05-01T08:00:00Z') + ++tick * 60_000).toISOString(),
    data,
  });
  const { post, placementOf, feedOf, heldItem, reviewItemOf } = erpTestClient({
    get baseUrl() {
      return service.baseUrl;
    },
  });
  const stored = (id: string) => mongo.db().collection<{ _id: string }>('placements').findOne({ _id: id }) as Promise<any>;
  const inboxOf = (eventId: string) => mongo.db().collection('erp_inbox').findOne({ 'event.id': eventId });
  const queued = (eventId: string) => mongo.db().collection('erp_review_queue').findOne({ 'event.id': eventId });
  /** The review item of the event among the enterprise's resolved ones, as the operator reads it. */
  const resolvedItem = async (seeded: Seeded, eventId: string) =>
    (
      await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}&status=resolved`, {
        token: ADMIN_TOKEN,
      })
    ).body.items.find((i: { event: { id: string } }) => i.event.id === eventId);
  const applyDue = () => service.app.get(ScheduledStepsScheduler).applyDue();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));
  const signedAccepted = () => seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['school', 'enterprise', 'student'] });
  /** A start rescission naming the seeded student (as SuccessFactors names the person, not the placement) and a first day. */
  const startRescissionOfPerson = (seeded: Seeded, firstDay: string) => ({
    ...start({ person: { ids: [{ value: seeded.student.id, schemeId: PLATFORM_STUDENT_SCHEME }] }, firstDay }),
    type: 'erp.placement-start-rescinded.v1',
  });
  /** A second placement of the seeded student at the same enterprise, signed and accepted, created after the first (the newest is looked at first). */
  const secondPlacementOf = async (seeded: Seeded) => {
    const admin = { token: ADMIN_TOKEN };
    const created = await httpJson('POST', `${service.baseUrl}/v1/placements`, {
      ...admin,
      body: {
        studentId: seeded.student.id,
        enterpriseId: seeded.enterprise.id,
        kind: 'internship',
        role: 'Assembly intern',
        startDate: '2026-03-01',
      },
    });
    expect(created.status).toBe(201);
    await signAgreement(service.baseUrl, created.body.id, ['school', 'enterprise', 'student']);
    for (const to of ['offered', 'accepted']) {
      const moved = await httpJson('POST', `${service.baseUrl}/v1/placements/${created.body.id}/transitions`, { ...admin, body: { to } });
      expect(moved.status).toBe(200);
    }
    return { ...seeded, placement: created.body };
  };
  /** A signed, accepted placement with a start scheduled for FIRST_DAY, then rescinded (applied): its mark left. */
  const scheduledThenRescinded = async () => {
    const seeded = await signedAccepted();
    const planned = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, planned);
    await scheduled(seeded, planned.id);
    const rescission = { ...start({ placementId: seeded.placement.id }), type: 'erp.placement-start-rescinded.v1' };
    await post(seeded, rescission);
    expect(await settledErpInboxRecord(mongo.db(), rescission.id)).toMatchObject({ status: 'applied' });
    return { seeded, planned, rescission };
  };
  /** Waits until the start is scheduled on the placement and the inbox says so; returns the placement. */
  const scheduled = (seeded: Seeded, eventId: string) =>
    waitFor('the start scheduled on the placement and in the inbox', async () => {
      const placement = await placementOf(seeded.placement.id);
      return placement.scheduledStart?.eventId === eventId && (await inboxOf(eventId))?.status === 'scheduled' && placement;
    });
  /** erp_scheduled_steps_total{step, result} on the service's /metrics, 0 when absent. */
  const stepsCounted = async (step: 'start' | 'end', result: 'applied' | 'failed') => {
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('erp_scheduled_steps_total{') && l.includes(`step="${step}"`) && l.includes(`result="${result}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('leaves the placement accepted with the start scheduled; a redelivery has one effect; on the first day it becomes active and the school hears `started` once', async () => {
    const seeded = await signedAccepted();
    const event = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    expect((await post(seeded, event)).body).toMatchObject({ accepted: 1 });

    const waiting = await scheduled(seeded, event.id);
    expect(waiting).toMatchObject({ status: 'accepted', startDate: '2026-03-01' });
    expect(waiting.scheduledStart).toEqual({ firstDay: FIRST_DAY, dueOn: FIRST_DAY, eventId: event.id, receivedAt: expect.any(String) });
    expect(await inboxOf(event.id)).toMatchObject({ status: 'scheduled', dueOn: FIRST_DAY });
    const first = await stored(seeded.placement.id);
    expect(first).toMatchObject({ scheduledStart: { dueOn: FIRST_DAY }, outbox: [] });

    // The same event over HTTP and straight onto the topic: nothing more is written, the inbox still says scheduled.
    expect((await post(seeded, event)).body).toMatchObject({ duplicates: 1 });
    await produceAsErp(service, seeded, [event]);
    await settle();
    expect((await stored(seeded.placement.id)).version).toBe(first.version);
    expect((await inboxOf(event.id))?.status).toBe('scheduled');
    expect(await feedOf(seeded)).toEqual([]);

    // The day before: nothing is due.
    today = '2030-05-12';
    expect(await applyDue()).toBe(0);
    expect((await placementOf(seeded.placement.id)).status).toBe('accepted');

    const appliedBefore = await stepsCounted('start', 'applied');
    today = FIRST_DAY;
    expect(await applyDue()).toBe(1);
    expect(await stepsCounted('start', 'applied')).toBe(appliedBefore + 1);
    const active = await placementOf(seeded.placement.id);
    expect(active).toMatchObject({ status: 'active', startDate: FIRST_DAY });
    expect(active.scheduledStart).toBeUndefined();
    expect(active.history.at(-1)).toMatchObject({ status: 'active', cause: `erp.placement-start.v1 ${event.id}` });
    expect(await inboxOf(event.id)).toMatchObject({ status: 'applied', dueOn: FIRST_DAY });
    const feed = await waitFor('the start in the school’s feed', async () => {
      const items = await feedOf(seeded);
      return items.length === 1 && items;
    });
    expect(feed[0].event).toMatchObject({
      type: 'talent.placement.started.v1',
      data: { placementId: seeded.placement.id, outcome: 'started', causedBy: { id: event.id, type: 'erp.placement-start.v1' } },
    });

    // Later passes, and the ERP sending it again, change nothing.
    today = '2030-06-30';
    expect(await applyDue()).toBe(0);
    expect((await post(seeded, event)).body).toMatchObject({ duplicates: 1 });
    await settle();
    expect(await feedOf(seeded)).toHaveLength(1);
    expect((await placementOf(seeded.placement.id)).history.filter((h: any) => h.status === 'active')).toHaveLength(1);
  });

  it('holds an unsigned future start for review as before; the last signature schedules it, not applies it, and resolves the item', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const event = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, event);
    const held = await heldItem(seeded, event.id);
    expect(held.reason).toBe(
      `placement ${seeded.placement.id} cannot be started yet: the placement agreement lacks the signatures of school, student`,
    );
    expect((await settledErpInboxRecord(mongo.db(), event.id)).status).toBe('held-for-review');

    await signAgreement(service.baseUrl, seeded.placement.id, ['school', 'student']);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'accepted', scheduledStart: { eventId: event.id } });
    expect(await inboxOf(event.id)).toMatchObject({ status: 'scheduled', dueOn: FIRST_DAY });
    expect(await resolvedItem(seeded, event.id)).toMatchObject({
      resolution: { placementId: seeded.placement.id, automatic: { on: 'agreement-signed', lastSignature: { party: 'student' } } },
    });
    expect(await feedOf(seeded)).toEqual([]);
    // An operator's link afterwards finds it done.
    const linked = await httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${held.id}/resolve`, {
      token: ADMIN_TOKEN,
      body: { placementId: seeded.placement.id },
    });
    expect(linked.status).toBe(200);
    expect((await inboxOf(event.id))?.status).toBe('scheduled');

    today = FIRST_DAY;
    expect(await applyDue()).toBe(1);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'active', startDate: FIRST_DAY });
    expect((await inboxOf(event.id))?.status).toBe('applied');
  });

  it('two starts held for the signatures: the newest applies on the last signature, the older stays pending with the reason of now', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise', 'school'] });
    const older = start({ placementId: seeded.placement.id, startDate: '2030-05-04' });
    const newer = start({ placementId: seeded.placement.id, startDate: TODAY });
    await post(seeded, [older, newer]);
    await heldItem(seeded, older.id);
    await heldItem(seeded, newer.id);

    await signAgreement(service.baseUrl, seeded.placement.id, ['student']);
    const active = await placementOf(seeded.placement.id);
    expect(active).toMatchObject({ status: 'active', startDate: TODAY });
    expect(active.history.at(-1)).toMatchObject({ status: 'active', cause: `erp.placement-start.v1 ${newer.id}` });
    expect(await resolvedItem(seeded, newer.id)).toMatchObject({ resolution: { automatic: { lastSignature: { party: 'student' } } } });
    expect((await inboxOf(newer.id))?.status).toBe('applied');

    const left = await reviewItemOf(seeded, older.id);
    expect(left).toMatchObject({ status: 'pending', reason: `placement ${seeded.placement.id} is active and cannot be started` });
    expect(left.resolution).toBeUndefined();
    expect(await queued(older.id)).not.toHaveProperty('awaitsSignatures');
    expect((await settledErpInboxRecord(mongo.db(), older.id)).status).toBe('held-for-review');
    const feed = await waitFor('the start in the school’s feed', async () => {
      const items = await feedOf(seeded);
      return items.length === 1 && items;
    });
    expect(feed[0].event.data).toMatchObject({ causedBy: { id: newer.id } });
  });

  it('a last signature whose automatic start a crash lost: the scheduler’s next pass applies the held start; one whose placement moved on stays pending', async () => {
    const signedNow = [
      { party: 'school', signedBy: 'school representative', signedAt: '2030-05-05T10:00:00.000Z' },
      { party: 'enterprise', signedBy: 'enterprise representative', signedAt: '2030-05-05T11:00:00.000Z' },
      { party: 'student', signedBy: 'student representative', signedAt: '2030-05-05T12:00:00.000Z' },
    ];
    const lost = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const moved = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const lostStart = start({ placementId: lost.placement.id, startDate: TODAY });
    const movedStart = start({ placementId: moved.placement.id, startDate: TODAY });
    await post(lost, lostStart);
    await post(moved, movedStart);
    await heldItem(lost, lostStart.id);
    await heldItem(moved, movedStart.id);
    expect(await queued(lostStart.id)).toMatchObject({ awaitsSignatures: { placementId: lost.placement.id } });

    // The signatures' write without what follows it (the process died in between); the other placement was then ended by hand.
    const placements = mongo.db().collection<{ _id: string }>('placements');
    await placements.updateOne({ _id: lost.placement.id }, { $set: { 'agreement.signatures': signedNow } });
    await placements.updateOne({ _id: moved.placement.id }, { $set: { 'agreement.signatures': signedNow, status: 'terminated' } });
    expect((await placementOf(lost.placement.id)).status).toBe('accepted');

    expect(await applyDue()).toBe(0); // no scheduled step was due: the repair is not one
    expect(await placementOf(lost.placement.id)).toMatchObject({ status: 'active', startDate: TODAY });
    expect(await resolvedItem(lost, lostStart.id)).toMatchObject({
      resolution: {
        placementId: lost.placement.id,
        automatic: { on: 'agreement-signed', lastSignature: { party: 'student', signedAt: '2030-05-05T12:00:00.000Z' } },
      },
    });
    expect((await inboxOf(lostStart.id))?.status).toBe('applied');
    await waitFor('the start in the school’s feed', async () => (await feedOf(lost)).length === 1);

    expect(await reviewItemOf(moved, movedStart.id)).toMatchObject({
      status: 'pending',
      reason: `placement ${moved.placement.id} is terminated and cannot be started`,
    });
    expect(await queued(movedStart.id)).not.toHaveProperty('awaitsSignatures');
    expect((await settledErpInboxRecord(mongo.db(), movedStart.id)).status).toBe('held-for-review');
    expect((await placementOf(moved.placement.id)).status).toBe('terminated');
  });

  it('a start held before held starts were marked as waiting for signatures: the backfill marks it, and the last signature applies it', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise', 'school'] });
    const event = start({ placementId: seeded.placement.id, startDate: TODAY });
    await post(seeded, event);
    await heldItem(seeded, event.id);
    // As the item was stored before this change: no mark, and the backfill not yet run.
    await mongo
      .db()
      .collection('erp_review_queue')
      .updateOne({ 'event.id': event.id }, { $unset: { awaitsSignatures: '' } });
    await mongo.db().collection<{ _id: string }>('migrations').deleteOne({ _id: HELD_STARTS_BACKFILL });

    expect(await service.app.get(HeldHiresBackfill).runHeldStarts()).toBe(1);
    expect(await queued(event.id)).toMatchObject({ awaitsSignatures: { placementId: seeded.placement.id } });
    expect(await service.app.get(HeldHiresBackfill).runHeldStarts()).toBe(0); // once

    await signAgreement(service.baseUrl, seeded.placement.id, ['student']);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'active', startDate: TODAY });
    expect(await resolvedItem(seeded, event.id)).toMatchObject({ resolution: { automatic: { lastSignature: { party: 'student' } } } });
  });

  it('settles inbox records a crash left `scheduled` after their step left the placement: applied, or superseded once its day has come', async () => {
    const appliedOne = await signedAccepted();
    const dueFirst = start({ placementId: appliedOne.placement.id, startDate: FIRST_DAY });
    await post(appliedOne, dueFirst);
    await scheduled(appliedOne, dueFirst.id);
    const overtaken = await signedAccepted();
    const later = start({ placementId: overtaken.placement.id, startDate: '2030-05-20' });
    await post(overtaken, later);
    await scheduled(overtaken, later.id);
    const manual = await httpJson('POST', `${service.baseUrl}/v1/placements/${overtaken.placement.id}/transitions`, {
      token: ADMIN_TOKEN,
      body: { to: 'active' },
    });
    expect(manual.status).toBe(200);
    expect((await inboxOf(later.id))?.status).toBe('superseded');

    today = FIRST_DAY;
    expect(await applyDue()).toBeGreaterThanOrEqual(1);
    expect((await placementOf(appliedOne.placement.id)).status).toBe('active');
    expect((await inboxOf(dueFirst.id))?.status).toBe('applied');

    // As if the process had died after each placement's write, before the inbox's update.
    const inbox = mongo.db().collection('erp_inbox');
    await inbox.updateMany({ 'event.id': { $in: [dueFirst.id, later.id] } }, { $set: { status: 'scheduled' } });
    expect(await applyDue()).toBe(0);
    expect(await inboxOf(dueFirst.id)).toMatchObject({ status: 'applied', dueOn: FIRST_DAY });
    // Not yet due: left until its day (the pass reads only records whose day has come).
    expect((await inboxOf(later.id))?.status).toBe('scheduled');

    today = '2030-05-20';
    expect(await applyDue()).toBe(0);
    expect(await inboxOf(later.id)).toMatchObject({ status: 'superseded', dueOn: '2030-05-20' });
    // Nothing else moved: one `started` each, the manual one without an ERP cause. The outcomes
    // reach the feed through the relay and the fan-out, so wait for them before counting.
    await waitFor(
      'both started outcomes in the feed',
      async () => (await feedOf(appliedOne)).length > 0 && (await feedOf(overtaken)).length > 0,
    );
    expect(await feedOf(appliedOne)).toHaveLength(1);
    expect(await feedOf(overtaken)).toHaveLength(1);
  });

  it('holds a start whose first day is before the placement’s period, naming it; not dead-lettered, and a link is refused', async () => {
    const seeded = await signedAccepted();
    const early = start({ placementId: seeded.placement.id, startDate: '2026-02-15' });
    await post(seeded, early);
    const held = await heldItem(seeded, early.id);
    expect(held).toMatchObject({
      status: 'pending',
      reason: `placement ${seeded.placement.id} cannot be started on 2026-02-15: the first day is outside the placement's period (from 2026-03-01)`,
    });
    expect((await settledErpInboxRecord(mongo.db(), early.id)).status).toBe('held-for-review');
    const placement = await placementOf(seeded.placement.id);
    expect(placement).toMatchObject({ status: 'accepted', startDate: '2026-03-01' });
    expect(placement.scheduledStart).toBeUndefined();

    const link = await httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${held.id}/resolve`, {
      token: ADMIN_TOKEN,
      body: { placementId: seeded.placement.id },
    });
    expect(link.status).toBe(409);
    expect(link.body.title).toBe('first day outside the placement period');
    expect(await feedOf(seeded)).toEqual([]);
  });

  it('supersedes a scheduled start when a newer one replaces it or the placement is started by hand; the school hears `started` once', async () => {
    const seeded = await signedAccepted();
    const planned = start({ placementId: seeded.placement.id, startDate: '2030-05-20' });
    await post(seeded, planned);
    await scheduled(seeded, planned.id);
    const moved = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, moved);
    await scheduled(seeded, moved.id);
    expect((await inboxOf(planned.id))?.status).toBe('superseded');

    const manual = await httpJson('POST', `${service.baseUrl}/v1/placements/${seeded.placement.id}/transitions`, {
      token: ADMIN_TOKEN,
      body: { to: 'active' },
    });
    expect(manual.status).toBe(200);
    expect(manual.body.scheduledStart).toBeUndefined();
    expect(await stored(seeded.placement.id)).toMatchObject({ status: 'active', scheduledStart: null });
    expect(await inboxOf(moved.id)).toMatchObject({ status: 'superseded', dueOn: FIRST_DAY });

    today = '2030-05-20';
    expect(await applyDue()).toBe(0);
    await waitFor('the manual start in the feed', async () => (await feedOf(seeded)).length === 1);
    await settle();
    const feed = await feedOf(seeded);
    expect(feed).toHaveLength(1);
    expect(feed[0].event.data).not.toHaveProperty('causedBy');
  });

  it('an ERP rescinds a scheduled start: the placement stays accepted and never starts; a rescission with nothing to take back waits for review', async () => {
    const seeded = await signedAccepted();
    const planned = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, planned);
    await scheduled(seeded, planned.id);
    const rescind = (data: Record<string, unknown>) => ({
      ...start({}),
      id: `rescind-${randomUUID()}`,
      type: 'erp.placement-start-rescinded.v1',
      data,
    });

    const rescission = rescind({ placementId: seeded.placement.id, rescindedEventId: planned.id });
    expect((await post(seeded, rescission)).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await settledErpInboxRecord(mongo.db(), rescission.id)).toMatchObject({ status: 'applied' });
    await waitFor('the start superseded in the inbox', async () => (await inboxOf(planned.id))?.status === 'superseded');
    const kept = await placementOf(seeded.placement.id);
    expect(kept.status).toBe('accepted');
    expect(kept.scheduledStart).toBeUndefined();
    const first = await stored(seeded.placement.id);
    expect(first).toMatchObject({ status: 'accepted', scheduledStart: null, outbox: [] });

    // Sent again over HTTP and straight onto the topic: nothing more is written.
    expect((await post(seeded, rescission)).body).toMatchObject({ duplicates: 1 });
    await produceAsErp(service, seeded, [rescission]);
    await settle();
    expect((await stored(seeded.placement.id)).version).toBe(first.version);

    // The first day passes: the placement does not start, and the school heard nothing.
    today = FIRST_DAY;
    expect(await applyDue()).toBe(0);
    expect((await placementOf(seeded.placement.id)).status).toBe('accepted');
    expect(await feedOf(seeded)).toEqual([]);

    // Nothing scheduled any more on the accepted placement: applied, its mark moved on (a start may still be held or on its way).
    const again = rescind({ placementId: seeded.placement.id });
    await post(seeded, again);
    expect(await settledErpInboxRecord(mongo.db(), again.id)).toMatchObject({ status: 'applied' });
    expect(await stored(seeded.placement.id)).toMatchObject({ rescindedStart: { eventTime: again.time, by: { id: again.id } } });

    // Another start than the one scheduled, and a start that took effect: held, saying why; the operator's link is refused with the reason.
    today = TODAY;
    const other = await signedAccepted();
    const otherStart = start({ placementId: other.placement.id, startDate: FIRST_DAY });
    await post(other, otherStart);
    await scheduled(other, otherStart.id);
    const wrong = rescind({ placementId: other.placement.id, rescindedEventId: 'start-that-was-never-sent' });
    await post(other, wrong);
    const held = await heldItem(other, wrong.id);
    expect(held.reason).toBe(
      `placement ${other.placement.id} has start event ${otherStart.id} of urn:erp:test scheduled, not start-that-was-never-sent`,
    );
    expect((await settledErpInboxRecord(mongo.db(), wrong.id)).status).toBe('held-for-review');
    const link = await httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${held.id}/resolve`, {
      token: ADMIN_TOKEN,
      body: { placementId: other.placement.id },
    });
    expect(link.status).toBe(409);
    expect(link.body).toMatchObject({ title: 'no scheduled start to rescind', detail: held.reason });
    const startedToday = await signedAccepted();
    const now = start({ placementId: startedToday.placement.id, startDate: TODAY });
    await post(startedToday, now);
    await waitFor('started today', async () => (await placementOf(startedToday.placement.id)).status === 'active');
    const late = rescind({ placementId: startedToday.placement.id });
    await post(startedToday, late);
    expect((await heldItem(startedToday, late.id)).reason).toBe(
      `placement ${startedToday.placement.id} is active: a start that took effect cannot be rescinded`,
    );
    expect(await placementOf(other.placement.id)).toMatchObject({ status: 'accepted', scheduledStart: { eventId: otherStart.id } });
    // Named by the student instead of the placement, without the start's id: the start scheduled is taken back.
    const byStudent = rescind({ person: { ids: [{ value: other.student.id, schemeId: PLATFORM_STUDENT_SCHEME }] } });
    await post(other, byStudent);
    expect(await settledErpInboxRecord(mongo.db(), byStudent.id)).toMatchObject({ status: 'applied' });
    expect((await placementOf(other.placement.id)).scheduledStart).toBeUndefined();
    expect((await inboxOf(otherStart.id))?.status).toBe('superseded');

    // A rescission must name a placement or the person; the rescinded event's id, when given, is not empty.
    for (const [data, field] of [
      [{ rescindedEventId: planned.id }, 'data.placementId'],
      [{ placementId: seeded.placement.id, rescindedEventId: '' }, 'data.rescindedEventId'],
    ] as const) {
      const answer = await post(seeded, rescind(data));
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('counts a scheduled start that fails to apply, keeps it, and retries it at the next pass', async () => {
    const seeded = await signedAccepted();
    const event = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, event);
    await scheduled(seeded, event.id);
    // A record the start cannot apply to any more (its signatures lost, as by a bad migration): the transition refuses it.
    await mongo
      .db()
      .collection<{ _id: string }>('placements')
      .updateOne({ _id: seeded.placement.id }, { $set: { 'agreement.signatures': [] } });

    today = FIRST_DAY;
    const failedBefore = await stepsCounted('start', 'failed');
    expect(await applyDue()).toBe(0);
    expect(await stepsCounted('start', 'failed')).toBe(failedBefore + 1);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'accepted', scheduledStart: { eventId: event.id } });
    expect((await inboxOf(event.id))?.status).toBe('scheduled');

    // Retried at the next pass (and counted again); once the record is right again, applied.
    expect(await applyDue()).toBe(0);
    expect(await stepsCounted('start', 'failed')).toBe(failedBefore + 2);
    await signAgreement(service.baseUrl, seeded.placement.id, ['school', 'enterprise', 'student']);
    expect(await applyDue()).toBe(1);
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
    expect((await inboxOf(event.id))?.status).toBe('applied');
  });

  it('a rescission leaves its mark: a start not later than it, sent afterwards, is superseded, not scheduled again; a newer start is scheduled', async () => {
    const { seeded, planned, rescission } = await scheduledThenRescinded();
    const marked = await stored(seeded.placement.id);
    expect(marked).toMatchObject({ scheduledStart: null, rescindedStart: { eventTime: rescission.time, rescinded: { id: planned.id } } });

    // The old start resent under a new id (its own time), and one dated today as old as the rescission: taken back already.
    const resent = { ...start({ placementId: seeded.placement.id, startDate: FIRST_DAY }), time: planned.time };
    const sameTime = { ...start({ placementId: seeded.placement.id, startDate: TODAY }), time: rescission.time };
    await post(seeded, [resent, sameTime]);
    for (const event of [resent, sameTime])
      expect(await settledErpInboxRecord(mongo.db(), event.id)).toMatchObject({ status: 'superseded' });
    expect((await stored(seeded.placement.id)).version).toBe(marked.version);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'accepted' });
    expect(await reviewItemOf(seeded, resent.id)).toBeUndefined();

    // A newer start is scheduled as any.
    const newer = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, newer);
    expect((await scheduled(seeded, newer.id)).status).toBe('accepted');
  });

  it('an old copy of a rescinded start arriving once the placement moved on (active) is superseded by the mark, not held for its status', async () => {
    const { seeded, planned } = await scheduledThenRescinded();
    // The ERP's newer word: the student starts today.
    const today = start({ placementId: seeded.placement.id, startDate: TODAY });
    await post(seeded, today);
    expect(await settledErpInboxRecord(mongo.db(), today.id)).toMatchObject({ status: 'applied' });
    expect((await placementOf(seeded.placement.id)).status).toBe('active');

    // A late copy of the start taken back (its own time, a new id): the placement is active, but the mark decides first.
    const lateCopy = { ...start({ placementId: seeded.placement.id, startDate: FIRST_DAY }), time: planned.time };
    await post(seeded, lateCopy);
    expect(await settledErpInboxRecord(mongo.db(), lateCopy.id)).toMatchObject({ status: 'superseded' });
    expect(await reviewItemOf(seeded, lateCopy.id)).toBeUndefined();
  });

  it('a start the ERP rescinds while it waits for the signatures is resolved as superseded when the rescission arrives, and not started at the last signature', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const planned = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, planned);
    expect((await heldItem(seeded, planned.id)).reason).toContain('cannot be started yet');
    const rescission = {
      ...start({ placementId: seeded.placement.id, rescindedEventId: planned.id }),
      type: 'erp.placement-start-rescinded.v1',
    };
    await post(seeded, rescission);
    // Nothing wrong with it: applied, its mark left naming the held start; not held itself.
    expect(await settledErpInboxRecord(mongo.db(), rescission.id)).toMatchObject({ status: 'applied' });
    expect(await reviewItemOf(seeded, rescission.id)).toBeUndefined();
    expect((await placementOf(seeded.placement.id)).rescindedStart).toEqual({
      at: rescission.time,
      eventId: rescission.id,
      rescindedEventId: planned.id,
    });
    // The held start is resolved by the rescission itself: no operator and no signature needed to clear it.
    const resolved = await waitFor('the held start resolved', () => resolvedItem(seeded, planned.id));
    expect(resolved.resolution).toMatchObject({
      placementId: seeded.placement.id,
      automatic: { on: 'start-rescinded', rescissionEventId: rescission.id },
      superseded: expect.stringContaining(`rescinded by event ${rescission.id}`),
    });
    expect((await inboxOf(planned.id))?.status).toBe('superseded');

    await signAgreement(service.baseUrl, seeded.placement.id, ['school', 'student']);
    const kept = await placementOf(seeded.placement.id);
    expect(kept.status).toBe('accepted');
    expect(kept.scheduledStart).toBeUndefined();
    expect((await resolvedItem(seeded, planned.id))?.resolution).toEqual(resolved.resolution);
    today = FIRST_DAY;
    await applyDue(); // other tests' starts may be due that day: this placement's is not among them
    expect((await placementOf(seeded.placement.id)).status).toBe('accepted');
    expect(await feedOf(seeded)).toEqual([]);
  });

  it('a rescission redelivered after a crash between its write and the review queue resolves the held start it took back then', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const planned = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, planned);
    await heldItem(seeded, planned.id);
    const rescission = {
      ...start({ placementId: seeded.placement.id, rescindedEventId: planned.id }),
      type: 'erp.placement-start-rescinded.v1',
    };
    // The rescission's write on the placement without what follows it (the process died in between): no inbox record, no listener.
    const cause = (e: { source: string; id: string; type: string }) => ({ source: e.source, id: e.id, type: e.type });
    await mongo
      .db()
      .collection<{ _id: string }>('placements')
      .updateOne(
        { _id: seeded.placement.id },
        {
          $set: { rescindedStart: { eventTime: rescission.time, by: cause(rescission), rescinded: cause(planned) } },
          $push: { appliedEvents: `${seeded.enterprise.id}|${rescission.source}|${rescission.id}` } as never,
          $inc: { version: 1 },
        },
      );
    expect((await reviewItemOf(seeded, planned.id))?.status).toBe('pending');

    // Kafka delivers the rescission again: found applied, the review queue is told again.
    await produceAsErp(service, seeded, [rescission]);
    expect(await settledErpInboxRecord(mongo.db(), rescission.id)).toMatchObject({ status: 'applied' });
    const resolved = await waitFor('the held start resolved', () => resolvedItem(seeded, planned.id));
    expect(resolved.resolution).toMatchObject({
      automatic: { on: 'start-rescinded', rescissionEventId: rescission.id },
      superseded: expect.stringContaining(`rescinded by event ${rescission.id}`),
    });
    expect((await inboxOf(planned.id))?.status).toBe('superseded');
  });

  it("a rescission naming a first day, about a person with two accepted placements, takes back the start of that day on the placement that has it, not the other's", async () => {
    const older = await signedAccepted();
    const other = await secondPlacementOf(older);
    const onOlder = start({ placementId: older.placement.id, startDate: FIRST_DAY });
    const onOther = start({ placementId: other.placement.id, startDate: DAY_BEFORE_FIRST });
    await post(older, onOlder);
    await post(other, onOther);
    for (const [seeded, event] of [
      [older, onOlder],
      [other, onOther],
    ] as const)
      await waitFor('the start scheduled', async () => (await placementOf(seeded.placement.id)).scheduledStart?.eventId === event.id);

    // Named by the person, not the placement (SuccessFactors names the person), with the first day of the older placement's start.
    const rescission = startRescissionOfPerson(older, FIRST_DAY);
    await post(older, rescission);
    expect(await settledErpInboxRecord(mongo.db(), rescission.id)).toMatchObject({ status: 'applied' });
    expect(await placementOf(older.placement.id)).toMatchObject({ rescindedStart: { eventId: rescission.id, day: FIRST_DAY } });
    expect((await placementOf(older.placement.id)).scheduledStart).toBeUndefined();
    expect(await placementOf(other.placement.id)).toMatchObject({ scheduledStart: { eventId: onOther.id, firstDay: DAY_BEFORE_FIRST } });
    expect((await placementOf(other.placement.id)).rescindedStart).toBeUndefined();
  });

  it("a rescission naming a first day, about a person whose older placement holds that day's start for signatures and whose newer one has another day's scheduled, marks the older and clears its held start", async () => {
    const older = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const held = start({ placementId: older.placement.id, startDate: FIRST_DAY });
    await post(older, held);
    await heldItem(older, held.id);
    const newer = await secondPlacementOf(older);
    const onNewer = start({ placementId: newer.placement.id, startDate: DAY_BEFORE_FIRST });
    await post(newer, onNewer);
    await waitFor('the newer start scheduled', async () => (await placementOf(newer.placement.id)).scheduledStart?.eventId === onNewer.id);

    const rescission = startRescissionOfPerson(older, FIRST_DAY);
    await post(older, rescission);
    expect(await settledErpInboxRecord(mongo.db(), rescission.id)).toMatchObject({ status: 'applied' });
    expect(await placementOf(older.placement.id)).toMatchObject({ rescindedStart: { eventId: rescission.id, day: FIRST_DAY } });
    const resolved = await waitFor('the held start resolved', () => resolvedItem(older, held.id));
    expect(resolved.resolution).toMatchObject({ automatic: { on: 'start-rescinded', rescissionEventId: rescission.id } });
    expect(await placementOf(newer.placement.id)).toMatchObject({ scheduledStart: { eventId: onNewer.id } });
    expect((await placementOf(newer.placement.id)).rescindedStart).toBeUndefined();
  });

  it('a rescission naming another first day leaves a start held for the signatures waiting; the last signature schedules it', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const planned = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, planned);
    expect((await heldItem(seeded, planned.id)).reason).toContain('cannot be started yet');
    // The deletion of another day's record (a SuccessFactors correction): its mark takes back only that day.
    const otherDay = {
      ...start({ placementId: seeded.placement.id, firstDay: DAY_BEFORE_FIRST }),
      type: 'erp.placement-start-rescinded.v1',
    };
    await post(seeded, otherDay);
    expect(await settledErpInboxRecord(mongo.db(), otherDay.id)).toMatchObject({ status: 'applied' });
    expect((await placementOf(seeded.placement.id)).rescindedStart).toMatchObject({ eventId: otherDay.id, day: DAY_BEFORE_FIRST });
    expect((await heldItem(seeded, planned.id)).status).toBe('pending');

    await signAgreement(service.baseUrl, seeded.placement.id, ['school', 'student']);
    const resolved = await waitFor('the held start linked', () => resolvedItem(seeded, planned.id));
    expect(resolved.resolution).toMatchObject({ automatic: { on: 'agreement-signed' } });
    expect(resolved.resolution.superseded).toBeUndefined();
    expect((await placementOf(seeded.placement.id)).scheduledStart).toMatchObject({ eventId: planned.id, firstDay: FIRST_DAY });
  });

  it('a rescission arriving before its start (webhooks out of order) leaves its mark; the start, older, is superseded when it comes', async () => {
    const seeded = await signedAccepted();
    const planned = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    const rescission = { ...start({ placementId: seeded.placement.id }), type: 'erp.placement-start-rescinded.v1' };
    await post(seeded, rescission);
    expect(await settledErpInboxRecord(mongo.db(), rescission.id)).toMatchObject({ status: 'applied' });
    expect(await stored(seeded.placement.id)).toMatchObject({ rescindedStart: { eventTime: rescission.time, by: { id: rescission.id } } });
    expect((await stored(seeded.placement.id)).rescindedStart.rescinded).toBeUndefined();

    await post(seeded, planned);
    expect(await settledErpInboxRecord(mongo.db(), planned.id)).toMatchObject({ status: 'superseded' });
    expect(await reviewItemOf(seeded, planned.id)).toBeUndefined();
    expect((await placementOf(seeded.placement.id)).scheduledStart).toBeUndefined();
    today = FIRST_DAY;
    await applyDue(); // other tests' starts may be due that day: this placement's is not among them
    expect((await placementOf(seeded.placement.id)).status).toBe('accepted');
    expect(await feedOf(seeded)).toEqual([]);
  });
});

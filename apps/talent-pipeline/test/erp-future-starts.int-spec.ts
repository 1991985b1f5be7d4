import { Clock } from '@app/base';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import { ScheduledStepsScheduler } from '../src/placements/scheduled-steps.scheduler';
import { ADMIN_TOKEN, erpTestClient, produceAsErp, seedInternship, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Seeded = Awaited<ReturnType<typeof seedInternship>>;

/** The service's "today" in these tests (UTC); the seeded placements are planned from 2026-03-01, without an end. */
const TODAY = '2030-05-06';
const FIRST_DAY = '2030-05-13';

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
  const { post, placementOf, feedOf, heldItem } = erpTestClient({
    get baseUrl() {
      return service.baseUrl;
    },
  });
  const stored = (id: string) => mongo.db().collection<{ _id: string }>('placements').findOne({ _id: id }) as Promise<any>;
  const inboxOf = (eventId: string) => mongo.db().collection('erp_inbox').findOne({ 'event.id': eventId });
  const applyDue = () => service.app.get(ScheduledStepsScheduler).applyDue();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));
  const signedAccepted = () => seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['school', 'enterprise', 'student'] });
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

  it('holds an unsigned future start for review as before; linked once signed, it is scheduled, not applied', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const event = start({ placementId: seeded.placement.id, startDate: FIRST_DAY });
    await post(seeded, event);
    const held = await heldItem(seeded, event.id);
    expect(held.reason).toBe(
      `placement ${seeded.placement.id} cannot be started yet: the placement agreement lacks the signatures of school, student`,
    );
    expect((await inboxOf(event.id))?.status).toBe('held-for-review');

    await signAgreement(service.baseUrl, seeded.placement.id, ['school', 'student']);
    const linked = await httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${held.id}/resolve`, {
      token: ADMIN_TOKEN,
      body: { placementId: seeded.placement.id },
    });
    expect(linked.status).toBe(200);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'accepted', scheduledStart: { eventId: event.id } });
    expect(await inboxOf(event.id)).toMatchObject({ status: 'scheduled', dueOn: FIRST_DAY });

    today = FIRST_DAY;
    expect(await applyDue()).toBe(1);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'active', startDate: FIRST_DAY });
    expect((await inboxOf(event.id))?.status).toBe('applied');
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
    expect((await inboxOf(early.id))?.status).toBe('held-for-review');
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
});

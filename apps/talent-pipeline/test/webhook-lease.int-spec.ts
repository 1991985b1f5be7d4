import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { CloudEvent } from '@app/contracts';
import { testMongoUri, uniqueName } from '@app/testing';
import { WebhookDeliveriesRepository } from '../src/webhooks/webhook-deliveries.repository';

jest.setTimeout(30_000);

/**
 * Issue 7, item 14: a worker that stalls past its claim (a long GC pause, a slow receiver beyond
 * the lease) must not record over the worker that claimed the delivery after it, nor send it
 * again once the delivery is someone else's.
 */
describe('webhook delivery lease (real Mongo-compatible server)', () => {
  let mongo: MongoClient;
  let deliveries: WebhookDeliveriesRepository;

  beforeAll(async () => {
    mongo = await new MongoClient(testMongoUri(uniqueName('lease').replace(/-/g, '_'))).connect();
    deliveries = new WebhookDeliveriesRepository(mongo.db());
    await deliveries.onModuleInit();
  });
  afterAll(async () => mongo?.close());

  const anEvent = (): CloudEvent => ({
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:test',
    type: 'talent.placement.hired.v1',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: {},
  });

  it("holds a delivery for the creating process's worker: no search claims it until the hold runs out, then one does", async () => {
    const subscriptionId = randomUUID();
    // Long enough that the checks below run inside the hold on a loaded CI machine (300 ms was not always).
    const holdMs = 3_000;
    const heldAt = Date.now();
    const [held] = await deliveries.enqueueHeld([{ subscriptionId, schoolId: randomUUID(), event: anEvent() }], holdMs);
    expect(held).toMatchObject({ subscriptionId, status: 'pending', attempts: [] });
    expect(held.leaseToken).toEqual(expect.any(String));
    const stored = await mongo
      .db()
      .collection('webhook_deliveries')
      .findOne({ _id: held._id as never });
    // What the worker sends from memory is what was written.
    expect(stored).toEqual(held);
    expect(await deliveries.stillHeld([held])).toEqual(new Set([held._id]));

    const mine = <T extends { subscriptionId: string }>(claimed: T[]) => claimed.filter((d) => d.subscriptionId === subscriptionId);
    expect(mine(await deliveries.claimDue(50, 60_000))).toEqual([]);
    // The creating process died: its hold runs out.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, heldAt + holdMs + 50 - Date.now())));
    const [takenOver] = mine(await deliveries.claimDue(50, 60_000));
    expect(takenOver._id).toBe(held._id);
    expect(takenOver.leaseToken).not.toBe(held.leaseToken);
    // The creating worker, had it only stalled, now learns the delivery is no longer its to send.
    expect(await deliveries.stillHeld([held])).toEqual(new Set());
  });

  it('a held delivery cancelled before it is sent (an erasure, a 410) is no longer held; a duplicate is not held again', async () => {
    const subscriptionId = randomUUID();
    const event = anEvent();
    const [held] = await deliveries.enqueueHeld([{ subscriptionId, schoolId: randomUUID(), event }], 60_000);
    expect(await deliveries.enqueueHeld([{ subscriptionId, schoolId: randomUUID(), event }], 60_000)).toEqual([]);
    await deliveries.cancelPendingOf(subscriptionId);
    expect(await deliveries.stillHeld([held])).toEqual(new Set());
  });

  it('an attempt in flight when its delivery is cancelled (an erasure, the subscription disabled) is recorded, and the delivery stays cancelled, never retried', async () => {
    const subscriptionId = randomUUID();
    const [held] = await deliveries.enqueueHeld([{ subscriptionId, schoolId: randomUUID(), event: anEvent() }], 60_000);
    // The worker's POST is under way (a slow receiver) when the delivery is cancelled.
    await deliveries.cancelPendingOf(subscriptionId);
    const at = new Date();
    const retry = { status: 'pending' as const, nextAttemptAt: new Date(at.getTime() - 1) };
    const timedOut = { id: held._id, leaseToken: held.leaseToken, attempt: { at, error: 'timeout', durationMs: 10_000 }, outcome: retry };
    expect(await deliveries.recordAttempts([timedOut])).toBe(1);
    const stored = await mongo
      .db()
      .collection('webhook_deliveries')
      .findOne({ _id: held._id as never });
    expect(stored).toMatchObject({ status: 'cancelled', attempts: [{ error: 'timeout' }] });
    expect(stored).not.toHaveProperty('leaseToken');
    expect((await deliveries.claimDue(50, 60_000)).filter((d) => d.subscriptionId === subscriptionId)).toEqual([]);
  });

  it('only the current claim records the attempt; a stale claim learns it lost the lease before sending', async () => {
    const subscriptionId = randomUUID();
    // Only the lease matters here: any CloudEvent will do.
    const event = anEvent();
    expect(await deliveries.enqueue(subscriptionId, randomUUID(), event)).toBe(true);

    const [stale] = await deliveries.claimDue(1, 30);
    expect(stale.leaseToken).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 60)); // the first worker stalls past its lease
    const [current] = await deliveries.claimDue(1, 60_000);
    expect(current._id).toBe(stale._id);
    expect(current.leaseToken).not.toBe(stale.leaseToken);

    expect(await deliveries.stillClaimed(stale._id, stale.leaseToken!)).toBe(false);
    expect(await deliveries.stillClaimed(current._id, current.leaseToken!)).toBe(true);
    const at = new Date();
    expect(await deliveries.recordAttempt(stale._id, { at, statusCode: 500, durationMs: 5 }, { status: 'failed' }, stale.leaseToken)).toBe(
      false,
    );
    expect(
      await deliveries.recordAttempt(current._id, { at, statusCode: 204, durationMs: 5 }, { status: 'delivered' }, current.leaseToken),
    ).toBe(true);

    const stored = await mongo
      .db()
      .collection('webhook_deliveries')
      .findOne({ _id: current._id as never });
    expect(stored).toMatchObject({ status: 'delivered', attempts: [{ statusCode: 204 }] });
    expect(stored!.leaseToken).toBeUndefined();
  });
});

import { CommandStartedEvent, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { httpJson, waitFor, WebhookReceiver } from '@app/testing';
import { fillOutcomeFeed, postSeededHire, seedActiveInternship, startTalentPipeline, subscribeSchool } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Service = Awaited<ReturnType<typeof startTalentPipeline>>;

/** How many times the delivery worker has looked for due deliveries (its `distinct` per pass). */
async function duePassQueries(service: Service): Promise<number> {
  const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('mongo_commands_total{') && l.includes('command="distinct"') && l.includes('"webhook_deliveries"'));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * Issue 11: no polling at idle beyond what a change signal cannot replace. Local enqueues wake
 * the delivery worker, so while nothing is due its poll backs off (up to 8 x WEBHOOK_POLL_MS);
 * a retry the worker scheduled is still sent when it falls due, not at the next idle poll.
 */
describe('webhook delivery worker: idle back-off, retries on time (real Kafka + Mongo-compatible server)', () => {
  const services: Service[] = [];
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
  });
  afterAll(async () => {
    for (const service of services) await service.close();
    await receiver.stop();
  });

  it('an idle worker polls less and less often', async () => {
    const service = await startTalentPipeline({ WEBHOOK_POLL_MS: '100' });
    services.push(service);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // past the first doublings
    const before = await duePassQueries(service);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const passes = ((await duePassQueries(service)) - before) / 2; // two `distinct`s per pass (live, replays)
    // Every 100 ms this would be 40 passes; backed off to 800 ms it is about 5.
    expect(passes).toBeGreaterThanOrEqual(3);
    expect(passes).toBeLessThanOrEqual(8);
  });

  it('a failed delivery is retried when its retry falls due, long before the next idle poll', async () => {
    const service = await startTalentPipeline({ WEBHOOK_POLL_MS: '60000', WEBHOOK_RETRY_SCHEDULE: '300ms,300ms' });
    services.push(service);
    const seeded = await seedActiveInternship(service.baseUrl);
    const answeredAt: number[] = [];
    // The seeding's own `started` outcome may still arrive: only the hire is answered 500 once.
    receiver.respondWith = ({ body }) => {
      if (JSON.parse(body).type !== 'talent.placement.hired.v1') return 204;
      answeredAt.push(Date.now());
      return answeredAt.length === 1 ? 500 : 204;
    };
    await subscribeSchool(service.baseUrl, seeded, receiverUrl);
    expect((await postSeededHire(service.baseUrl, seeded)).status).toBe(202);

    await waitFor('the failed delivery retried', () => answeredAt.length >= 2, { timeoutMs: 30_000 });
    const hires = receiver.received.filter((r) => JSON.parse(r.body).type === 'talent.placement.hired.v1');
    expect(hires.map((r) => r.answeredWith)).toEqual([500, 204]);
    expect(hires[1].headers['webhook-id']).toBe(hires[0].headers['webhook-id']);
    // The retry was due 300 ms after the failure; the first poll would have come a minute after the start.
    const gap = answeredAt[1] - answeredAt[0];
    expect(gap).toBeGreaterThanOrEqual(290);
    expect(gap).toBeLessThan(2_500);
  });

  it('sends the deliveries it created and holds, without searching for due ones', async () => {
    // No poll within the test: only wakes from local enqueues run passes.
    const service = await startTalentPipeline({ WEBHOOK_POLL_MS: '60000' });
    services.push(service);
    const first = await seedActiveInternship(service.baseUrl);
    const second = await seedActiveInternship(service.baseUrl, { enterprise: first.enterprise });
    const own = new WebhookReceiver();
    const ownUrl = await own.start();
    const hiresReceived = () => own.received.filter((r) => JSON.parse(r.body).type === 'talent.placement.hired.v1').length;
    const hire = async (seeded: typeof first) => {
      await subscribeSchool(service.baseUrl, seeded, ownUrl);
      expect((await postSeededHire(service.baseUrl, seeded)).status).toBe(202);
    };
    try {
      // The first pass after the start also searches (deliveries a crashed process left).
      await hire(first);
      await waitFor('the first hire delivered', () => hiresReceived() === 1, { timeoutMs: 30_000 });
      // That pass searches after sending (two `distinct`s: live, replays), so maybe after the delivery arrived.
      const searchesBefore = await waitFor('the first pass to search', async () => {
        const searches = await duePassQueries(service);
        return searches >= 2 ? searches : undefined;
      });
      // Nor claims them: a claim is an update that sets a lease token on webhook_deliveries.
      const db = service.app.get<Db>(MONGO_DB);
      const claims: CommandStartedEvent[] = [];
      const onCommand = (event: CommandStartedEvent) => {
        const updates = (event.command.updates ?? []) as { u?: { $set?: { leaseToken?: unknown } } }[];
        if (event.commandName === 'update' && event.command.update === 'webhook_deliveries' && updates.some((u) => u.u?.$set?.leaseToken)) {
          claims.push(event);
        }
      };
      db.client.on('commandStarted', onCommand);
      try {
        await hire(second);
        await waitFor('the second hire delivered', () => hiresReceived() === 2, { timeoutMs: 30_000 });
      } finally {
        db.client.off('commandStarted', onCommand);
      }
      expect(await duePassQueries(service)).toBe(searchesBefore);
      expect(claims).toEqual([]);
      const [delivery] = await db
        .collection('webhook_deliveries')
        .find({ 'event.data.placementId': second.placement.id, 'event.type': 'talent.placement.hired.v1' })
        .toArray();
      expect(delivery).toMatchObject({ status: 'delivered', attempts: [{ statusCode: 204 }] });
      expect(delivery.leaseToken).toBeUndefined();
    } finally {
      await own.stop();
    }
  });

  it("creates a replay's deliveries in one write and records a batch's attempts in one write, not one per delivery", async () => {
    const service = await startTalentPipeline({ WEBHOOK_POLL_MS: '100' });
    services.push(service);
    const db = service.app.get<Db>(MONGO_DB);
    const seeded = await seedActiveInternship(service.baseUrl);
    // 59 hired outcomes straight into the school's feed (as if recorded last year), plus the seeding's `started`.
    await fillOutcomeFeed(db, seeded.school.id, 59, 1000);
    // A receiver of its own: the other tests' services may still deliver to theirs.
    const own = new WebhookReceiver();
    const ownUrl = await own.start();
    const subscription = await subscribeSchool(service.baseUrl, seeded, ownUrl);

    const recordingWrites: CommandStartedEvent[] = [];
    const enqueueWrites: CommandStartedEvent[] = [];
    const onCommand = (event: CommandStartedEvent) => {
      const updates = (event.command.updates ?? []) as {
        upsert?: boolean;
        q?: { _id?: unknown };
        u?: { $push?: { attempts?: unknown } };
      }[];
      if (event.commandName !== 'update' || event.command.update !== 'webhook_deliveries') return;
      if (updates.some((u) => u.u?.$push?.attempts)) recordingWrites.push(event);
      // The replay's (the seeding's own `started` outcome may be fanned out live meanwhile).
      if (updates.some((u) => u.upsert && String(u.q?._id).includes('|replay:'))) enqueueWrites.push(event);
    };
    db.client.on('commandStarted', onCommand);
    try {
      const replay = await httpJson(
        'POST',
        `${service.baseUrl}/v1/schools/${seeded.school.id}/webhook-subscriptions/${subscription.id}/replay`,
        {
          token: seeded.school.apiKey,
          body: { since: '2025-01-01' },
        },
      );
      expect(replay.body).toMatchObject({ matched: 60, enqueued: 60 });
      // The 60 replayed (the seeding's own `started` may also arrive live: a delivery of its own).
      await waitFor(
        'all 60 replayed deliveries delivered and recorded',
        async () =>
          (await db
            .collection('webhook_deliveries')
            .countDocuments({ subscriptionId: subscription.id, replayId: { $exists: true }, status: 'delivered' })) === 60,
        { timeoutMs: 60_000 },
      );
    } finally {
      db.client.off('commandStarted', onCommand);
      await own.stop();
    }
    // Counted for the replay alone: its 59 feed entries (its 60th, the seeding's `started`, may also come live).
    expect(own.received.filter((r) => JSON.parse(r.body).type === 'talent.placement.hired.v1')).toHaveLength(59);
    const replayRecords = recordingWrites.flatMap((event) =>
      (event.command.updates as { q?: { _id?: unknown } }[]).filter((u) => String(u.q?._id).includes('|replay:')),
    );
    expect(replayRecords).toHaveLength(60);
    // The replay's 60 deliveries were created in one write.
    expect(enqueueWrites.map((event) => (event.command.updates as unknown[]).length)).toEqual([60]);
    // Batches of up to 20: at least 3 writes; one per delivery would be 60.
    expect(recordingWrites.length).toBeGreaterThanOrEqual(3);
    expect(recordingWrites.length).toBeLessThanOrEqual(10);
  });
});

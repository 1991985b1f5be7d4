import { IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { erpHireEvent, postErpEvents, httpJson, grantPlacementConsent, waitFor, ReceivedWebhook, WebhookReceiver } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Seeded = Awaited<ReturnType<typeof seedActiveInternship>>;

describe('Outcome subscriptions: filters, key rotation, replay, delivery log, PATCH (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  const admin = { token: ADMIN_TOKEN };
  const subscriptionsUrl = (seeded: Seeded) => `${service.baseUrl}/v1/schools/${seeded.school.id}/webhook-subscriptions`;
  const subscribe = async (seeded: Seeded, body: Record<string, unknown>) => {
    const created = await httpJson('POST', subscriptionsUrl(seeded), { token: seeded.school.apiKey, body: { url: receiverUrl, ...body } });
    expect(created.status).toBe(201);
    return created.body;
  };
  const asSchool = (seeded: Seeded, method: string, path: string, body?: unknown) =>
    httpJson(method, `${subscriptionsUrl(seeded)}${path}`, { token: seeded.school.apiKey, body });
  const hire = async (seeded: Seeded, placementId: string) => {
    const posted = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: seeded.enterprise.id,
      secret: seeded.enterprise.erpSigningSecret,
      body: erpHireEvent({ placementId, position: { title: 'Technician' }, hireDate: '2026-09-01' }),
    });
    expect(posted.status).toBe(202);
  };
  const feedTypes = async (seeded: Seeded) =>
    (
      await httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/placement-outcomes`, { token: seeded.school.apiKey })
    ).body.items.map((i: any) => `${i.event.type}:${i.event.data.placementId}`) as string[];
  const receivedFor = (placementId: string): ReceivedWebhook[] =>
    receiver.received.filter((r) => JSON.parse(r.body).data?.placementId === placementId);
  const verifies = (secret: string, delivery: ReceivedWebhook) => {
    try {
      new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  };

  /** Another student of the same school, with an active placement at the same enterprise. */
  async function activePlacement(seeded: Seeded, programme: string, cohort: string): Promise<string> {
    const student = await httpJson('POST', `${service.baseUrl}/v1/students`, {
      ...admin,
      body: { schoolId: seeded.school.id, givenName: 'Zhang', familyName: 'Min', programme, cohort, externalIds: [] },
    });
    const consent = { baseUrl: service.baseUrl, adminToken: ADMIN_TOKEN, enterpriseId: seeded.enterprise.id, studentId: student.body.id };
    await grantPlacementConsent(consent);
    const placement = await httpJson('POST', `${service.baseUrl}/v1/placements`, {
      ...admin,
      body: { studentId: student.body.id, enterpriseId: seeded.enterprise.id, kind: 'internship', role: 'Intern', startDate: '2026-03-01' },
    });
    const move = (to: string) =>
      httpJson('POST', `${service.baseUrl}/v1/placements/${placement.body.id}/transitions`, { ...admin, body: { to } });
    await move('offered');
    await move('accepted');
    await signAgreement(service.baseUrl, placement.body.id);
    expect((await move('active')).status).toBe(200);
    return placement.body.id;
  }

  beforeAll(async () => {
    service = await startTalentPipeline();
    receiverUrl = await receiver.start();
  });
  afterAll(async () => {
    await service?.close();
    await receiver.stop();
  });

  it('delivers only outcomes whose type, programme and cohort pass the filters', async () => {
    const seeded = await seedActiveInternship(service.baseUrl); // mechatronics, cohort 2025
    const logistics = await activePlacement(seeded, 'logistics', '2025');
    const olderCohort = await activePlacement(seeded, 'mechatronics', '2024');
    const subscription = await subscribe(seeded, {
      eventTypes: ['talent.placement.hired.v1'],
      programmes: ['mechatronics'],
      cohorts: ['2025'],
    });
    expect(subscription).toMatchObject({ programmes: ['mechatronics'], cohorts: ['2025'] });

    for (const placementId of [seeded.placement.id, logistics, olderCohort]) await hire(seeded, placementId);
    // The feed holds all three; deliveries are enqueued in the same step, so the log is final once they are there.
    await waitFor('all three hires in the feed', async () => {
      const types = await feedTypes(seeded);
      return [seeded.placement.id, logistics, olderCohort].every((id) => types.includes(`talent.placement.hired.v1:${id}`));
    });
    const delivered = await waitFor('the matching delivery', () => receivedFor(seeded.placement.id)[0]);
    expect(JSON.parse(delivered.body)).toMatchObject({
      type: 'talent.placement.hired.v1',
      data: { programme: 'mechatronics', cohort: '2025' },
    });
    const log = (await asSchool(seeded, 'GET', `/${subscription.id}/deliveries`)).body;
    expect(log.items.map((d: any) => d.eventType)).toEqual(['talent.placement.hired.v1']);
    expect(receivedFor(logistics)).toEqual([]);
    expect(receivedFor(olderCohort)).toEqual([]);
  });

  it('rotates the signing secret: both secrets verify during the grace period, only the new one after it', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    // Subscribed once the outcome is in the feed, so only the replays below deliver it.
    await waitFor('the started outcome in the feed', async () => (await feedTypes(seeded)).length > 0);
    const subscription = await subscribe(seeded, { eventTypes: ['talent.placement.started.v1'] });
    const oldSecret: string = subscription.secret;

    const rotated = await asSchool(seeded, 'POST', `/${subscription.id}/rotate-secret`, { gracePeriodSeconds: 3 });
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now());

    const since = new Date(Date.now() - 60_000).toISOString();
    await asSchool(seeded, 'POST', `/${subscription.id}/replay`, { since });
    const during = await waitFor('a delivery during the grace period', () => receivedFor(seeded.placement.id)[0]);
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(oldSecret, during)).toBe(true);
    expect(verifies(newSecret, during)).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 3_100));
    await asSchool(seeded, 'POST', `/${subscription.id}/replay`, { since });
    const after = await waitFor('a delivery after the grace period', () => receivedFor(seeded.placement.id)[1]);
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(newSecret, after)).toBe(true);
    expect(verifies(oldSecret, after)).toBe(false);
    expect((await asSchool(seeded, 'GET', '')).body.items[0].previousSecretExpiresAt).toBeUndefined();
  });

  it('replays outcomes recorded since a time, again even when already delivered, once per replayId', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const before = new Date(Date.now() - 60_000).toISOString();
    await hire(seeded, seeded.placement.id);
    await waitFor('started and hired in the feed', async () => (await feedTypes(seeded)).length === 2);
    // Subscribed after the fact: nothing is delivered until a replay.
    const all = await subscribe(seeded, {});
    const hiredOnly = await subscribe(seeded, { eventTypes: ['talent.placement.hired.v1'] });

    const replay = await asSchool(seeded, 'POST', `/${all.id}/replay`, { since: before, replayId: 'incident-1' });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ replayId: 'incident-1', matched: 2, enqueued: 2 });
    await waitFor('both replayed deliveries', () => receivedFor(seeded.placement.id).length === 2);
    const types = receivedFor(seeded.placement.id).map((r) => JSON.parse(r.body).type);
    expect(types.sort()).toEqual(['talent.placement.hired.v1', 'talent.placement.started.v1']);

    expect((await asSchool(seeded, 'POST', `/${all.id}/replay`, { since: before, replayId: 'incident-1' })).body).toMatchObject({
      matched: 2,
      enqueued: 0,
    });
    const fresh = await asSchool(seeded, 'POST', `/${all.id}/replay`, { since: before });
    expect(fresh.body.enqueued).toBe(2);
    await waitFor('the second replay delivered again', () => receivedFor(seeded.placement.id).length === 4);
    // Replays keep the event id as webhook-id, so a receiver can recognise what it already has.
    const ids = receivedFor(seeded.placement.id).map((r: { headers: IncomingHttpHeaders }) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(2);

    expect((await asSchool(seeded, 'POST', `/${hiredOnly.id}/replay`, { since: before })).body).toMatchObject({ matched: 1 });
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await asSchool(seeded, 'POST', `/${all.id}/replay`, { since: future })).body).toMatchObject({ matched: 0, enqueued: 0 });
    const bad = await asSchool(seeded, 'POST', `/${all.id}/replay`, { since: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('since');
  });

  it('pages the delivery log and filters it by status', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    await hire(seeded, seeded.placement.id);
    await waitFor('started and hired in the feed', async () => (await feedTypes(seeded)).length === 2);
    const failing = new WebhookReceiver();
    const failingUrl = await failing.start();
    failing.respondWith = () => 500;
    try {
      const good = await subscribe(seeded, {});
      const bad = await subscribe(seeded, { url: failingUrl });
      const since = new Date(Date.now() - 60_000).toISOString();
      await asSchool(seeded, 'POST', `/${good.id}/replay`, { since });
      await asSchool(seeded, 'POST', `/${bad.id}/replay`, { since });
      const log = (id: string, query: string) => asSchool(seeded, 'GET', `/${id}/deliveries${query}`);

      await waitFor('both good deliveries delivered', async () => (await log(good.id, '?status=delivered')).body.items.length === 2);
      const first = (await log(good.id, '?limit=1')).body;
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await log(good.id, `?limit=1&before=${first.nextCursor}`)).body;
      expect(second.items).toHaveLength(1);
      expect(second.items[0].id).not.toBe(first.items[0].id);
      const third = (await log(good.id, `?limit=1&before=${second.nextCursor}`)).body;
      expect(third.items).toEqual([]);
      expect(third.nextCursor).toBeNull();

      await waitFor('the failing deliveries to give up', async () => (await log(bad.id, '?status=failed')).body.items.length === 2);
      const failed = (await log(bad.id, '?status=failed')).body.items;
      expect(failed[0].attempts.map((a: any) => a.statusCode)).toEqual([500, 500, 500, 500]);
      expect((await log(bad.id, '?status=delivered')).body.items).toEqual([]);
      expect((await log(good.id, '?status=failed')).body.items).toEqual([]);

      expect((await log(good.id, '?status=lost')).body.errors[0].field).toBe('status');
      expect((await log(good.id, '?before=garbage')).body.errors[0].field).toBe('before');
    } finally {
      await failing.stop();
    }
  });

  it('PATCH changes the URL and filters and re-enables a subscription disabled by 410', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const gone = new WebhookReceiver();
    const goneUrl = await gone.start();
    gone.respondWith = () => 410;
    try {
      await waitFor('the started outcome in the feed', async () => (await feedTypes(seeded)).length === 1);
      const subscription = await subscribe(seeded, { url: goneUrl });
      await asSchool(seeded, 'POST', `/${subscription.id}/replay`, { since: new Date(Date.now() - 60_000).toISOString() });
      await waitFor('the subscription to be disabled', async () => (await asSchool(seeded, 'GET', '')).body.items[0].status === 'disabled');
      const refused = await asSchool(seeded, 'POST', `/${subscription.id}/replay`, { since: new Date(0).toISOString() });
      expect(refused.status).toBe(409);

      expect((await asSchool(seeded, 'PATCH', `/${subscription.id}`, { url: 'not a url' })).body.errors[0].field).toBe('url');
      expect((await asSchool(seeded, 'PATCH', `/${subscription.id}`, { status: 'paused' })).body.errors[0].field).toBe('status');
      const patched = await asSchool(seeded, 'PATCH', `/${subscription.id}`, {
        url: receiverUrl,
        status: 'active',
        cohorts: ['2025'],
        eventTypes: ['talent.placement.hired.v1'],
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        url: receiverUrl,
        status: 'active',
        cohorts: ['2025'],
        eventTypes: ['talent.placement.hired.v1'],
      });
      expect(patched.body.disabledReason).toBeUndefined();

      await hire(seeded, seeded.placement.id);
      const delivered = await waitFor('the hire delivered to the new URL', () => receivedFor(seeded.placement.id)[0]);
      expect(JSON.parse(delivered.body).type).toBe('talent.placement.hired.v1');
      expect(gone.received).toHaveLength(1);

      const other = await seedActiveInternship(service.baseUrl);
      const foreign = await httpJson('PATCH', `${subscriptionsUrl(seeded)}/${subscription.id}`, {
        token: other.school.apiKey,
        body: { status: 'disabled' },
      });
      expect(foreign.status).toBe(403);
    } finally {
      await gone.stop();
    }
  });
});

import { FAULT_POINT_NAMES, FaultPointName } from '@app/base';
import {
  activateAgreement,
  e2eTalentPipelineEnv,
  erpHireEvent,
  httpJson,
  postErpEvents,
  ServiceProcess,
  uniqueName,
  waitFor,
  WebhookReceiver,
} from '@app/testing';
import { activePlacement, ADMIN, readFeedHires } from '../chaos/chaos-scenario';

jest.setTimeout(300_000);

/**
 * Every point of the talent pipeline's hire path. Not the consumer transport's: it fires on the
 * first record any consumer handles (here, one of the service's own events before it is ready),
 * so it has a suite of its own (consumer-crash-points.e2e-spec.ts) where nothing else is on the
 * topics; nor the R&D service's own (`rd-…`), which that suite runs against the R&D process.
 */
const OTHER_SUITES: readonly FaultPointName[] = ['consumer.after-handled', 'rd-placement-outcome.after-link'];
const HIRE_PATH_POINTS = FAULT_POINT_NAMES.filter((point) => !OTHER_SUITES.includes(point));

// Below 32768: never handed out as an ephemeral (client) port, so no outgoing connection holds it.
const PORT = 20_000 + Math.floor(Math.random() * 1000);

/**
 * kill -9 of the talent pipeline at each step of an ERP hire, made deterministic by fault points
 * (`FAULT_POINTS`, libs/base/src/testing/fault-points.ts): after the inbox write (before the
 * 202), after the hire is applied (before the inbox and the offset say so), mid relay (after
 * the publish, before the outbox entries are removed), after the outcome's fan-out (before its
 * offset is committed), and after the school answered the webhook (before the attempt is
 * recorded, so the same webhook id is sent again). Each time the ERP retries like a real one,
 * the service is restarted without the fault, and the hire must have exactly one effect: one
 * `hired` entry on the placement, one outcome in the school's feed, one webhook id.
 */
describe('crash points: kill -9 at each step of an ERP hire (processes)', () => {
  // A short webhook timeout makes a short delivery lease: a delivery whose attempt was never
  // recorded (the process died first) is claimed again within seconds, not half a minute.
  const env = { ...e2eTalentPipelineEnv(`${uniqueName('crash')}.`, ADMIN), WEBHOOK_TIMEOUT_MS: '1000' };
  const receiver = new WebhookReceiver();
  let talent: ServiceProcess;
  let school: { id: string; apiKey: string };
  let enterprise: { id: string; erpSigningSecret: string };
  let url: string;

  const start = async (faultPoint?: FaultPointName) => {
    talent = new ServiceProcess('talent-pipeline', PORT, faultPoint ? { ...env, FAULT_POINTS: faultPoint } : env);
    await talent.start();
  };

  beforeAll(async () => {
    url = await receiver.start();
    await start();
    const t = talent.baseUrl;
    school = (await httpJson('POST', `${t}/v1/schools`, { token: ADMIN, body: { name: 'Crash Vocational', country: 'CN' } })).body;
    enterprise = (await httpJson('POST', `${t}/v1/enterprises`, { token: ADMIN, body: { name: 'Crash Cranes', country: 'CN' } })).body;
    await activateAgreement({ baseUrl: t, adminToken: ADMIN, schoolId: school.id, enterpriseId: enterprise.id });
    const subscribed = await httpJson('POST', `${t}/v1/schools/${school.id}/webhook-subscriptions`, {
      token: school.apiKey,
      body: { url, eventTypes: ['talent.placement.hired.v1'] },
    });
    expect(subscribed.status).toBe(201);
  });
  afterAll(async () => {
    await talent?.stop();
    await receiver.stop();
  });

  it.each(HIRE_PATH_POINTS.map((point, n) => [point, n]))('%s: the hire survives with exactly one effect', async (point, n) => {
    const placementId = await activePlacement(talent.baseUrl, school.id, enterprise.id, n as number);
    // The start's outcome fanned out before the stop: an armed process must meet the hire first, not this.
    await waitFor('the start in the school feed', async () => (await feedOutcomes(placementId)).includes('started'), {
      timeoutMs: 60_000,
    });
    // Armed only now: every step before the hire ran on an unarmed process.
    expect(await talent.stop()).toBe(0);
    await start(point as FaultPointName);

    const hire = erpHireEvent(
      { placementId, position: { title: 'Crane operator' }, hireDate: '2026-09-01' },
      `crash-${point}`,
      'urn:erp:crash',
    );
    const post = () =>
      postErpEvents({ baseUrl: talent.baseUrl, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body: hire }).catch(
        () => undefined,
      );
    const first = await post();
    // After the inbox write the process dies before answering; at the later points it answers 202 and dies after.
    if (point === 'erp-ingest.after-inbox-write') expect(first).toBeUndefined();
    else expect(first?.status).toBe(202);
    expect(await talent.exitCode()).toBeNull(); // killed by SIGKILL, no exit code

    await start();
    // The ERP did not see a 202 (or is unsure): it sends the same event again.
    expect((await post())?.body).toMatchObject({ duplicates: 1 });
    const placement = await waitFor(
      'the hire applied after the restart',
      async () => {
        const p = (await httpJson('GET', `${talent.baseUrl}/v1/placements/${placementId}`, { token: ADMIN })).body;
        return p.status === 'hired' ? p : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(placement.history.filter((h: { status: string }) => h.status === 'hired')).toHaveLength(1);
    await waitFor('the webhook for the hire', () => webhookIdsFor(placementId).size === 1, { timeoutMs: 60_000 });
    const feed = await waitFor('the hire in the feed', async () => {
      const hires = (await readFeedHires(talent.baseUrl, school.id, school.apiKey)).filter((h) => h.placementId === placementId);
      return hires.length > 0 ? hires : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(feed).toHaveLength(1);
    expect((await readFeedHires(talent.baseUrl, school.id, school.apiKey)).filter((h) => h.placementId === placementId)).toHaveLength(1);
    expect(webhookIdsFor(placementId).size).toBe(1);
    if (point === 'webhook-worker.after-attempts') {
      // The school answered 2xx but the attempt was never recorded: it gets the webhook again, with the same id.
      await waitFor('the unrecorded delivery sent again', () => receiptsFor(placementId) >= 2, { timeoutMs: 60_000 });
      expect(webhookIdsFor(placementId).size).toBe(1);
    }
  });

  async function feedOutcomes(placementId: string): Promise<string[]> {
    const page = await httpJson('GET', `${talent.baseUrl}/v1/schools/${school.id}/placement-outcomes?limit=500`, { token: school.apiKey });
    return (page.body.items as { event: { data: { placementId: string; outcome: string } } }[])
      .filter((item) => item.event.data.placementId === placementId)
      .map((item) => item.event.data.outcome);
  }

  function receiptsFor(placementId: string): number {
    return receiver.received.filter((r) => r.answeredWith < 300 && JSON.parse(r.body).data.placementId === placementId).length;
  }

  function webhookIdsFor(placementId: string): Set<string> {
    const ids = new Set<string>();
    for (const r of receiver.received) {
      if (r.answeredWith < 300 && JSON.parse(r.body).data.placementId === placementId) ids.add(String(r.headers['webhook-id']));
    }
    return ids;
  }
});

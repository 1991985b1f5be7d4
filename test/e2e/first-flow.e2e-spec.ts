import { Webhook } from 'standardwebhooks';
import {
  e2eServiceEnv,
  e2eTalentPipelineEnv,
  erpHireEvent,
  postErpEvents,
  httpJson,
  allowPlacement,
  ServiceProcess,
  uniqueName,
  waitFor,
  WebhookReceiver,
} from '@app/testing';

jest.setTimeout(240_000);

const ADMIN = 'e2e-admin-token-0123456789';
// Below 32768: never handed out as an ephemeral (client) port; a range of its own per suite.
const PORT_BASE = 21_000 + Math.floor(Math.random() * 330) * 3;

/**
 * The first flow of the platform across three real processes, a real Kafka broker and a real
 * Mongo wire-protocol server: partners replicated to three stores, ERP hire signed per
 * Standard Webhooks, placement hired, outcome delivered to a school's webhook that fails and
 * recovers, the pull feed with cursor, a duplicate ERP event, and a crash of the talent
 * pipeline right after it accepted an event.
 */
describe('first flow across the three services (processes)', () => {
  const prefix = `${uniqueName('e2e')}.`;
  const env = (service: string) => e2eServiceEnv(prefix, service);
  const talentEnv = e2eTalentPipelineEnv(prefix, ADMIN);
  let talent = new ServiceProcess('talent-pipeline', PORT_BASE, talentEnv);
  const secondment = new ServiceProcess('teacher-secondment', PORT_BASE + 1, { ...env('teacher-secondment'), ADMIN_API_TOKEN: ADMIN });
  // A grace period long enough to observe readiness turning 503 while the process drains.
  const rd = new ServiceProcess('rd-collaboration', PORT_BASE + 2, {
    ...env('rd-collaboration'),
    ADMIN_API_TOKEN: ADMIN,
    SHUTDOWN_GRACE_MS: '1500',
  });
  const school = new WebhookReceiver();

  beforeAll(async () => {
    await Promise.all([talent.start(), secondment.start(), rd.start()]);
  });
  afterAll(async () => {
    await Promise.all([talent.stop(), secondment.stop(), rd.stop()]);
    await school.stop();
  });

  it('plays the flow: register, place, ERP hire (once, despite a duplicate), webhook retried until delivered, feed replay', async () => {
    const admin = { token: ADMIN };
    const t = talent.baseUrl;

    // 1. partners, replicated to the other two services' own databases
    const schoolRecord = (await httpJson('POST', `${t}/v1/schools`, { ...admin, body: { name: 'Harbour Vocational', country: 'CN' } }))
      .body;
    const enterprise = (await httpJson('POST', `${t}/v1/enterprises`, { ...admin, body: { name: 'Harbour Cranes', country: 'CN' } })).body;
    expect(enterprise.erpSigningSecret).toMatch(/^whsec_/);
    for (const other of [secondment, rd]) {
      await waitFor(`${other.service} to copy both partners`, async () => {
        const list = (await httpJson('GET', `${other.baseUrl}/v1/partners`, admin)).body.items;
        return list.some((p: any) => p.id === schoolRecord.id) && list.some((p: any) => p.id === enterprise.id);
      });
    }

    // 2. student and internship placement, walked to active
    const student = (
      await httpJson('POST', `${t}/v1/students`, {
        ...admin,
        body: { schoolId: schoolRecord.id, givenName: 'Chen', familyName: 'Jing', programme: 'port-logistics', cohort: '2025' },
      })
    ).body;
    // an active cooperation agreement and the student's consent to be placed there
    await allowPlacement({ baseUrl: t, adminToken: ADMIN, schoolId: schoolRecord.id, enterpriseId: enterprise.id, studentId: student.id });
    const placement = (
      await httpJson('POST', `${t}/v1/placements`, {
        ...admin,
        body: {
          studentId: student.id,
          enterpriseId: enterprise.id,
          kind: 'internship',
          role: 'Crane operator intern',
          startDate: '2026-03-01',
        },
      })
    ).body;
    for (const to of ['offered', 'accepted', 'sign', 'active']) {
      if (to === 'sign') {
        for (const party of ['school', 'enterprise', 'student']) {
          const signature = { party, signedBy: `${party} representative` };
          expect(
            (await httpJson('POST', `${t}/v1/placements/${placement.id}/agreement/signatures`, { ...admin, body: signature })).status,
          ).toBe(201);
        }
        continue;
      }
      expect((await httpJson('POST', `${t}/v1/placements/${placement.id}/transitions`, { ...admin, body: { to } })).status).toBe(200);
    }

    // 3. the school subscribes; its endpoint fails twice, then recovers
    const url = await school.start();
    school.respondWith = ({ index }) => (index < 2 ? 500 : 200);
    const subscription = (
      await httpJson('POST', `${t}/v1/schools/${schoolRecord.id}/webhook-subscriptions`, {
        token: schoolRecord.apiKey,
        body: { url, eventTypes: ['talent.placement.hired.v1'] },
      })
    ).body;

    // 4. the ERP posts the hire, and the same event again
    const hire = erpHireEvent(
      { placementId: placement.id, position: { title: 'Crane operator' }, hireDate: '2026-09-01' },
      'sf-hire-0001',
      'urn:erp:harbour-cranes',
    );
    const erp = { baseUrl: t, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret };
    expect((await postErpEvents({ ...erp, body: hire })).body).toMatchObject({ accepted: 1 });
    expect((await postErpEvents({ ...erp, body: hire })).body).toMatchObject({ accepted: 0, duplicates: 1 });

    // 5. hired; the webhook is retried until delivered, signed per Standard Webhooks
    const delivered = await waitFor('the webhook to be delivered', () => school.received.find((r) => r.answeredWith === 200), {
      timeoutMs: 30_000,
    });
    expect(school.received.slice(0, 2).map((r) => r.answeredWith)).toEqual([500, 500]);
    const payload = new Webhook(subscription.secret).verify(delivered.body, delivered.headers as Record<string, string>) as any;
    expect(payload).toMatchObject({ type: 'talent.placement.hired.v1', data: { placementId: placement.id, outcome: 'hired' } });
    const log = (
      await httpJson('GET', `${t}/v1/schools/${schoolRecord.id}/webhook-subscriptions/${subscription.id}/deliveries`, {
        token: schoolRecord.apiKey,
      })
    ).body;
    expect(log.items).toHaveLength(1);
    expect(log.items[0].attempts.map((a: any) => a.statusCode)).toEqual([500, 500, 200]);

    // 6. the pull feed, replayable by cursor; the duplicate had no second effect
    const feed = (await httpJson('GET', `${t}/v1/schools/${schoolRecord.id}/placement-outcomes`, { token: schoolRecord.apiKey })).body;
    expect(feed.items.map((i: any) => i.event.data.outcome)).toEqual(['started', 'hired']);
    const replay = (
      await httpJson('GET', `${t}/v1/schools/${schoolRecord.id}/placement-outcomes?after=${feed.items[0].cursor}`, {
        token: schoolRecord.apiKey,
      })
    ).body;
    expect(replay.items.map((i: any) => i.event.id)).toEqual([feed.items[1].event.id]);
    const hiredPlacement = (await httpJson('GET', `${t}/v1/placements/${placement.id}`, admin)).body;
    expect(hiredPlacement.history.filter((h: any) => h.status === 'hired')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(school.received.filter((r) => r.answeredWith === 200)).toHaveLength(1);
  });

  it('keeps an accepted ERP event when the talent pipeline crashes right after answering 202', async () => {
    const admin = { token: ADMIN };
    const t = talent.baseUrl;
    const schoolRecord = (await httpJson('POST', `${t}/v1/schools`, { ...admin, body: { name: 'Crash College', country: 'CN' } })).body;
    const enterprise = (await httpJson('POST', `${t}/v1/enterprises`, { ...admin, body: { name: 'Crash Works', country: 'CN' } })).body;
    const student = (
      await httpJson('POST', `${t}/v1/students`, {
        ...admin,
        body: { schoolId: schoolRecord.id, givenName: 'A', familyName: 'B', programme: 'welding', cohort: '2024' },
      })
    ).body;
    // an active cooperation agreement and the student's consent to be placed there
    await allowPlacement({ baseUrl: t, adminToken: ADMIN, schoolId: schoolRecord.id, enterpriseId: enterprise.id, studentId: student.id });
    const placement = (
      await httpJson('POST', `${t}/v1/placements`, {
        ...admin,
        body: { studentId: student.id, enterpriseId: enterprise.id, kind: 'internship', role: 'Welder', startDate: '2026-03-01' },
      })
    ).body;
    for (const to of ['offered', 'accepted', 'active']) {
      if (to === 'active') {
        for (const party of ['school', 'enterprise', 'student'])
          await httpJson('POST', `${t}/v1/placements/${placement.id}/agreement/signatures`, { ...admin, body: { party, signedBy: party } });
      }
      await httpJson('POST', `${t}/v1/placements/${placement.id}/transitions`, { ...admin, body: { to } });
    }

    const hire = erpHireEvent({ placementId: placement.id, position: { title: 'Welder' }, hireDate: '2026-09-01' });
    const accepted = await postErpEvents({ baseUrl: t, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body: hire });
    expect(accepted.status).toBe(202);
    await talent.crash();

    talent = new ServiceProcess('talent-pipeline', PORT_BASE, talentEnv);
    await talent.start();
    const hired = await waitFor(
      'the hire to be applied after the restart',
      async () => {
        const p = (await httpJson('GET', `${talent.baseUrl}/v1/placements/${placement.id}`, admin)).body;
        return p.status === 'hired' ? p : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(hired.history.filter((h: any) => h.status === 'hired')).toHaveLength(1);
  });

  it('on SIGTERM reports not ready while draining, stays live, then exits 0', async () => {
    rd.terminate();
    const draining = await waitFor(
      'readiness to turn 503',
      async () => {
        const ready = await fetch(`${rd.baseUrl}/health/ready`);
        return ready.status === 503 ? ((await ready.json()) as { details: Record<string, unknown> }) : undefined;
      },
      { timeoutMs: 5_000, intervalMs: 50 },
    );
    expect(draining.details.lifecycle).toMatchObject({ status: 'down', state: 'draining' });
    expect((await fetch(`${rd.baseUrl}/health/live`)).status).toBe(200);
    expect(await rd.exitCode()).toBe(0);
  });
});

import { Webhook } from 'standardwebhooks';
import { erpHireEvent, postErpEvents, httpJson, waitFor, WebhookReceiver } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

describe('ERP hire -> placement outcome -> school (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    service = await startTalentPipeline();
    receiverUrl = await receiver.start();
  });
  afterAll(async () => {
    await service?.close();
    await receiver.stop();
  });

  it('hires the placement, feeds the school cursor API and delivers a signed webhook, retrying while the endpoint fails', async () => {
    const { school, enterprise, placement, student } = await seedActiveInternship(service.baseUrl);
    const subscription = await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`, {
      token: school.apiKey,
      body: { url: receiverUrl, eventTypes: ['talent.placement.hired.v1'] },
    });
    expect(subscription.status).toBe(201);
    expect(subscription.body.secret).toMatch(/^whsec_/);
    receiver.respondWith = ({ index }) => (index < 2 ? 503 : 204);

    const hire = erpHireEvent({ placementId: placement.id, position: { title: 'CNC machinist' }, hireDate: '2026-09-01' });
    const posted = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: hire,
      correlationId: 'erp-trace-0042',
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ accepted: 1, duplicates: 0 });

    const hired = await waitFor('placement to become hired', async () => {
      const p = await httpJson('GET', `${service.baseUrl}/v1/placements/${placement.id}`, { token: ADMIN_TOKEN });
      return p.body.status === 'hired' ? p.body : undefined;
    });
    expect(hired.hire).toEqual({ positionTitle: 'CNC machinist', hireDate: '2026-09-01' });

    const delivered = await waitFor('a successful webhook delivery', () => receiver.received.find((r) => r.answeredWith === 204));
    expect(receiver.received.slice(0, 2).map((r) => r.answeredWith)).toEqual([503, 503]);
    const verified = new Webhook(subscription.body.secret).verify(delivered.body, delivered.headers as Record<string, string>) as any;
    expect(verified).toMatchObject({
      type: 'talent.placement.hired.v1',
      data: { placementId: placement.id, studentId: student.id, outcome: 'hired' },
    });
    // Retries reuse the message id, so receivers can dedupe.
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);

    const log = await httpJson(
      'GET',
      `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions/${subscription.body.id}/deliveries`,
      {
        token: school.apiKey,
      },
    );
    await waitFor('the delivery log to show delivered', async () => {
      const l = await httpJson(
        'GET',
        `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions/${subscription.body.id}/deliveries`,
        { token: school.apiKey },
      );
      return l.body.items[0]?.status === 'delivered' ? l : undefined;
    });
    expect(log.status).toBe(200);

    const feed = await httpJson('GET', `${service.baseUrl}/v1/schools/${school.id}/placement-outcomes`, { token: school.apiKey });
    expect(feed.body.items.map((i: any) => i.event.type)).toEqual(['talent.placement.started.v1', 'talent.placement.hired.v1']);
    // The ERP's request id travels with the hire to the outcome the school receives.
    expect(feed.body.items[1].event.correlationid).toBe('erp-trace-0042');
  });

  it('records every attempt and disables the subscription when the endpoint answers 410', async () => {
    const { school, enterprise, placement } = await seedActiveInternship(service.baseUrl);
    const gone = new WebhookReceiver();
    const url = await gone.start();
    gone.respondWith = ({ index }) => (index === 0 ? 500 : 410);
    try {
      const subscription = (
        await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`, { token: school.apiKey, body: { url } })
      ).body;
      const posted = await postErpEvents({
        baseUrl: service.baseUrl,
        enterpriseId: enterprise.id,
        secret: enterprise.erpSigningSecret,
        body: erpHireEvent({ placementId: placement.id, position: { title: 'Fitter' }, hireDate: '2026-09-01' }),
      });
      expect(posted.status).toBe(202);
      const path = `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`;
      const disabled = await waitFor('the subscription to be disabled', async () => {
        const list = await httpJson('GET', path, { token: school.apiKey });
        return list.body.items.find((s: any) => s.id === subscription.id && s.status === 'disabled');
      });
      expect(disabled.disabledReason).toContain('410');
      const log = (await httpJson('GET', `${path}/${subscription.id}/deliveries`, { token: school.apiKey })).body;
      const attempts = log.items.flatMap((d: any) => d.attempts.map((a: any) => a.statusCode));
      expect(attempts).toEqual(expect.arrayContaining([500, 410]));
      expect(log.items.every((d: any) => d.status !== 'pending')).toBe(true);
    } finally {
      await gone.stop();
    }
  });
});

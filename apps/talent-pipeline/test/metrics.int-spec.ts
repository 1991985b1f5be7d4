import { Producer } from 'kafkajs';
import {
  erpHireEvent,
  erpKafkaRecord,
  httpJson,
  waitFor,
  connectedProducer,
  testKafka,
  postErpEvents,
  WebhookReceiver,
} from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/** One sample of the Prometheus text format: `name{labels} value`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('GET /metrics: Prometheus figures of the service (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let producer: Producer;
  const scrape = async () => {
    const response = await fetch(`${service.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  beforeAll(async () => {
    service = await startTalentPipeline();
    producer = await connectedProducer(testKafka('metrics-test'));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
  });

  it('counts HTTP requests by method, matched route (not the raw URL) and status', async () => {
    await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name: 'Metrics College', country: 'CN' } });
    await httpJson('GET', `${service.baseUrl}/v1/schools/00000000-0000-4000-8000-000000000000`, { token: ADMIN_TOKEN });
    const text = await scrape();
    expect(
      sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/v1/schools', status: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/v1/schools/:id', status: '404' })).toBe(1);
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports the consumer, its lag per partition, dead letters by reason and the outbox backlog', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const inboundTopic = `${service.prefix}talent.erp-inbound.v1`;
    // A hire without hireDate can never succeed: dead-lettered with reason "invalid".
    const invalid = {
      ...erpHireEvent({ placementId: seeded.placement.id, position: { title: 'Technician' } }),
      datacontenttype: 'application/json',
    };
    await producer.send({
      topic: inboundTopic,
      messages: [erpKafkaRecord(invalid, seeded.enterprise.id, seeded.enterprise.erpSigningSecret)],
    });

    // The seeding's outcome goes through the relay and its own consumer, which may come after the
    // dead letter: wait for both before reading the figures.
    const text = await waitFor('the dead letter and the seeding outcome to be counted', async () => {
      const scraped = await scrape();
      const deadLettered = sample(scraped, 'consumer_dead_lettered_total', { reason: 'invalid' }) ?? 0;
      const started =
        sample(scraped, 'consumer_handler_duration_seconds_count', { event_type: 'talent.placement.started.v1', outcome: 'ok' }) ?? 0;
      return deadLettered >= 1 && started >= 1 ? scraped : undefined;
    });
    expect(sample(text, 'consumer_up')).toBe(1);
    // Handler outcomes and latency per event type: the invalid hire, and the outcomes the seeding applied.
    expect(
      sample(text, 'consumer_handler_duration_seconds_count', { event_type: 'erp.hire.v1', outcome: 'dead-lettered' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'consumer_handler_duration_seconds_count', { event_type: 'talent.placement.started.v1', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'consumer_handler_duration_seconds_bucket', { event_type: 'talent.placement.started.v1', outcome: 'ok', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'consumer_retrying_partitions')).toBe(0);
    expect(sample(text, 'outbox_backlog', { collection: 'placements' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'outbox_oldest_age_seconds', { collection: 'placements' })).toBeGreaterThanOrEqual(0);
    // Lag is reported for every partition of the consumed topics and drains to zero.
    await waitFor('the inbound topic lag to reach zero', async () => {
      const scraped = await scrape();
      const partitions = [0, 1, 2].map((p) => sample(scraped, 'consumer_lag', { topic: inboundTopic, partition: String(p) }));
      return partitions.every((lag) => lag === 0);
    });
  });

  it('counts webhook deliveries by result, with the receiver latency', async () => {
    const receiver = new WebhookReceiver();
    const url = await receiver.start();
    receiver.respondWith = ({ index }) => (index === 0 ? 503 : 204);
    try {
      const { school, enterprise, placement } = await seedActiveInternship(service.baseUrl);
      const subscribed = await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`, {
        token: school.apiKey,
        body: { url, eventTypes: ['talent.placement.hired.v1'] },
      });
      expect(subscribed.status).toBe(201);
      const before = await scrape();
      const count = (text: string, result: string) => sample(text, 'webhook_delivery_duration_seconds_count', { result }) ?? 0;
      const posted = await postErpEvents({
        baseUrl: service.baseUrl,
        enterpriseId: enterprise.id,
        secret: enterprise.erpSigningSecret,
        body: erpHireEvent({ placementId: placement.id, position: { title: 'Fitter' }, hireDate: '2026-09-01' }),
      });
      expect(posted.status).toBe(202);
      // First attempt answered 503 (retrying), the retry 204 (delivered).
      const text = await waitFor('the delivery to be counted', async () => {
        const scraped = await scrape();
        return count(scraped, 'delivered') > count(before, 'delivered') ? scraped : undefined;
      });
      expect(count(text, 'retrying')).toBe(count(before, 'retrying') + 1);
      expect(sample(text, 'webhook_delivery_duration_seconds_bucket', { result: 'delivered', le: '+Inf' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'webhook_delivery_duration_seconds_sum', { result: 'delivered' })).toBeGreaterThan(0);
    } finally {
      await receiver.stop();
    }
  });
});

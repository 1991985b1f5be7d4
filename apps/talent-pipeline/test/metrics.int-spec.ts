import { Producer } from 'kafkajs';
import { erpHireEvent, erpKafkaRecord, httpJson, waitFor, connectedProducer, testKafka } from '@app/testing';
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

    const text = await waitFor('the dead letter to be counted', async () => {
      const scraped = await scrape();
      return (sample(scraped, 'consumer_dead_lettered_total', { reason: 'invalid' }) ?? 0) >= 1 ? scraped : undefined;
    });
    expect(sample(text, 'consumer_up')).toBe(1);
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
});

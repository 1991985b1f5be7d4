import { Producer } from 'kafkajs';
import { connectedProducer, consumerFuzzSettings, describeConsumerFuzzReport, fuzzConsumedTopics, httpJson, testKafka } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

/**
 * The talent pipeline's consumer, fuzzed on every topic it subscribes to (the ERP inbound topic,
 * placement outcomes, supervisors, R&D placement proposals, erasure requests, disclosures), as the
 * teacher secondment and R&D services' suites do theirs; erp-inbound-fuzz.int-spec.ts goes deeper
 * into the ERP topic (signatures, keys, the review queue). It must get through every record,
 * dead-letter only what is the record's fault, and stay ready.
 *
 * KAFKA_FUZZ_RUNS sets the number of records (default 400 for CI).
 */
const { records: RECORDS, seed: SEED } = consumerFuzzSettings(400);

jest.setTimeout(Math.max(180_000, RECORDS * 150));

describe(`consumer fuzz: every topic the talent pipeline consumes (${RECORDS} records, seed ${SEED}; real Kafka + Mongo)`, () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let producer: Producer;
  const kafka = testKafka('talent-consumer-fuzz');

  beforeAll(async () => {
    service = await startTalentPipeline({ LOG_LEVEL: 'fatal', CONSUMER_RETRY_BASE_MS: '5' });
    producer = await connectedProducer(kafka);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
  });

  it('gets through every record, dead-letters none for a bug of its own, and stays ready', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const ids: Record<string, string> = {
      schoolId: seeded.school.id,
      enterpriseId: seeded.enterprise.id,
      studentId: seeded.student.id,
      placementId: seeded.placement.id,
    };
    const report = await fuzzConsumedTopics({
      kafka,
      producer,
      service: 'talent-pipeline',
      prefix: service.prefix,
      idFor: (field) => ids[field],
      records: RECORDS,
      seed: SEED,
    });
    process.stdout.write(describeConsumerFuzzReport('the talent pipeline', SEED, report));
    expect(report.crashes).toEqual([]);
    expect(report.unfuzzedTopics).toEqual([]);
    const ready = await httpJson('GET', `${service.baseUrl}/health/ready`, { token: ADMIN_TOKEN });
    expect(ready.status).toBe(200);
  });
});

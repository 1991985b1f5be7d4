import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { SchoolRegistered, Topics } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import {
  connectedProducer,
  consumerFuzzSettings,
  describeConsumerFuzzReport,
  fuzzConsumedTopics,
  httpJson,
  testKafka,
  waitForConsumed,
} from '@app/testing';
import { ADMIN_TOKEN, registerTeacher, SecondmentService, seedPartnership, startTeacherSecondment } from './teacher-secondment.harness';

/**
 * The teacher secondment service's consumer, fuzzed on every topic it subscribes to (partners,
 * agreements, R&D participation, erasure requests): it must get through every record, dead-letter
 * only what is the record's fault, and still apply the next good event.
 *
 * KAFKA_FUZZ_RUNS sets the number of records (default 400 for CI).
 */
const { records: RECORDS, seed: SEED } = consumerFuzzSettings(400);

jest.setTimeout(Math.max(180_000, RECORDS * 150));

describe(`consumer fuzz: every topic the teacher secondment service consumes (${RECORDS} records, seed ${SEED}; real Kafka + Mongo)`, () => {
  let service: SecondmentService;
  let producer: Producer;
  const kafka = testKafka('secondment-consumer-fuzz');

  beforeAll(async () => {
    service = await startTeacherSecondment({ LOG_LEVEL: 'fatal', CONSUMER_RETRY_BASE_MS: '5' });
    producer = await connectedProducer(kafka);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
  });

  it('gets through every record, dead-letters none for a bug of its own, and applies the next good event', async () => {
    const pair = await seedPartnership(service);
    const teacher = await registerTeacher(service.baseUrl, pair.schoolKey);
    const ids: Record<string, string> = {
      schoolId: pair.schoolId,
      enterpriseId: pair.enterpriseId,
      agreementId: pair.agreementId,
      teacherId: teacher.id,
      personId: teacher.id,
    };
    const report = await fuzzConsumedTopics({
      kafka,
      producer,
      service: 'teacher-secondment',
      prefix: service.prefix,
      idFor: (field) => ids[field],
      records: RECORDS,
      seed: SEED,
    });
    process.stdout.write(describeConsumerFuzzReport('the teacher secondment service', SEED, report));
    expect(report.crashes).toEqual([]);
    expect(report.unfuzzedTopics).toEqual([]);

    const schoolId = randomUUID();
    const school = newCloudEvent(SchoolRegistered, {
      source: 'urn:school-enterprise:talent-pipeline',
      data: { schoolId, name: 'After the fuzz', country: 'CN', registeredAt: new Date().toISOString() },
    });
    await service.publish([{ id: school.id, topic: Topics.partners, key: schoolId, event: school }]);
    await waitForConsumed(
      service,
      'a good event after the fuzz',
      async () => (await httpJson('GET', `${service.baseUrl}/v1/partners/${schoolId}`, { token: ADMIN_TOKEN })).status === 200,
    );
    expect((await httpJson('GET', `${service.baseUrl}/health/live`)).status).toBe(200);
  });
});

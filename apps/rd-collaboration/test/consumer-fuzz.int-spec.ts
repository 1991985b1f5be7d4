import { randomUUID } from 'node:crypto';
import { ConsentErased, SchoolRegistered } from '@app/contracts';
import { consumerFuzzSettings, describeConsumerFuzzReport, fuzzConsumedTopics, httpJson, waitForConsumed } from '@app/testing';
import { ADMIN_TOKEN, projectBody, RdService, seedPair, selectedProposal, startRdCollaboration } from './rd-collaboration.harness';

/**
 * The R&D collaboration service's consumer, fuzzed on every topic it subscribes to (partners,
 * agreements, placement outcomes, secondments, credentials, engineer teaching, its own projects,
 * erasure requests, consents and teachers' host objections): it must get through every record,
 * dead-letter only what is the record's fault, and still apply the next good event.
 *
 * KAFKA_FUZZ_RUNS sets the number of records (default 400 for CI).
 */
const { records: RECORDS, seed: SEED } = consumerFuzzSettings(400);

jest.setTimeout(Math.max(180_000, RECORDS * 150));

describe(`consumer fuzz: every topic the R&D collaboration service consumes (${RECORDS} records, seed ${SEED}; real Kafka + Mongo)`, () => {
  let rd: RdService;

  beforeAll(async () => {
    rd = await startRdCollaboration({ LOG_LEVEL: 'fatal', CONSUMER_RETRY_BASE_MS: '5' });
  });
  afterAll(async () => rd?.close());

  it('gets through every record, dead-letters none for a bug of its own, and applies the next good event', async () => {
    const pair = await seedPair(rd);
    const { proposal } = await selectedProposal(rd, pair);
    const project = await httpJson('POST', `${rd.baseUrl}/v1/projects`, { token: pair.enterpriseKey, body: projectBody(proposal.id) });
    expect(project.status).toBe(201);
    const ids: Record<string, string> = {
      schoolId: pair.schoolId,
      enterpriseId: pair.enterpriseId,
      agreementId: pair.agreementId,
      projectId: project.body.id,
    };
    const report = await fuzzConsumedTopics({
      kafka: rd.kafka,
      producer: rd.producer,
      service: 'rd-collaboration',
      prefix: rd.prefix,
      idFor: (field) => ids[field],
      // The talent pipeline names the erased consent in the tombstone's subject; the key is its id.
      subjectFor: (contract, key) => (contract.type === ConsentErased.type ? `consents/${key}` : undefined),
      records: RECORDS,
      seed: SEED,
    });
    process.stdout.write(describeConsumerFuzzReport('the R&D collaboration service', SEED, report));
    expect(report.crashes).toEqual([]);
    // A tombstone as the talent pipeline writes it (no value, the consent in the subject) is applied, never refused.
    expect(report.handlerFailures.filter((failure) => failure.type === ConsentErased.type)).toEqual([]);
    expect(report.unfuzzedTopics).toEqual([]);

    const schoolId = randomUUID();
    await rd.produce(
      SchoolRegistered,
      { schoolId, name: 'After the fuzz', country: 'CN', registeredAt: new Date().toISOString() },
      schoolId,
    );
    await waitForConsumed(rd, 'a good event after the fuzz', async () => {
      const issued = await httpJson('POST', `${rd.baseUrl}/v1/access-keys`, {
        token: ADMIN_TOKEN,
        body: { role: 'school', schoolId, label: 'after' },
      });
      return issued.status === 201;
    });
    expect((await httpJson('GET', `${rd.baseUrl}/health/live`)).status).toBe(200);
  });
});

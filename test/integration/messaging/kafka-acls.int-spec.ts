import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import {
  deadLetterTopicOf,
  EnterpriseRegistered,
  PlacementHired,
  schoolConsumerGroupPrefixOf,
  schoolOutcomeTopicOf,
  Topics,
} from '@app/contracts';
import { encodeKafkaRecord, newCloudEvent } from '@app/messaging';
import {
  cleanupPolicyOf,
  createTestTopics,
  httpJson,
  PrivateKafkaBroker,
  startInProcessService,
  testMongoUri,
  topicSettingsOf,
  uniqueName,
  waitFor,
} from '@app/testing';
import { TeacherSecondmentConfigSchema } from '../../../apps/teacher-secondment/src/config/teacher-secondment.config';
import { TeacherSecondmentModule } from '../../../apps/teacher-secondment/src/teacher-secondment.module';
import { aclPlan, applyAclPlan } from '../../../tools/kafka/acl-plan';

jest.setTimeout(240_000);

const USERS: Record<string, string> = {
  admin: 'admin-secret',
  'talent-pipeline': 'tp-secret',
  'teacher-secondment': 'ts-secret',
  'rd-collaboration': 'rd-secret',
  'school-a': 'school-secret',
  'erp-acme': 'erp-secret',
};
const PREFIX = 'acl.';
/**
 * How a refusal shows. A group the principal may not use surfaces in kafkajs as "Failed to find
 * group coordinator" (it swallows FindCoordinator's GROUP_AUTHORIZATION_FAILED); the same call
 * with the principal's own group succeeds, so there it is the refusal.
 */
const DENIED = /AUTHORIZATION_FAILED|Failed to find group coordinator/;
const topic = (name: string) => `${PREFIX}${name}`;
/** The school whose principal (`school-a`) was granted its own outcome topic, and another school. */
const SCHOOL_A = randomUUID();
const SCHOOL_B = randomUUID();

/**
 * The least-privilege ACL plan (tools/kafka/acl-plan.ts) on a broker that authenticates with
 * SASL/PLAIN and authorizes with the StandardAuthorizer: what each principal can and cannot
 * read and write, and a service running under its own principal.
 */
describe('Kafka ACLs: least privilege per principal (private broker with SASL)', () => {
  let broker: PrivateKafkaBroker;
  const client = (user: string) =>
    new Kafka({
      clientId: `${user}-${randomUUID().slice(0, 6)}`,
      brokers: [broker.saslBrokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 100 },
      sasl: { mechanism: 'plain', username: user, password: USERS[user] },
    });

  beforeAll(async () => {
    broker = await PrivateKafkaBroker.start({ saslUsers: USERS });
    const admin = client('admin').admin();
    await admin.connect();
    await applyAclPlan(
      admin,
      aclPlan({
        topicPrefix: PREFIX,
        erpProducers: ['User:erp-acme'],
        schoolReaders: [{ schoolId: SCHOOL_A, principal: 'User:school-a' }],
      }),
    );
    const all = Object.values(Topics).flatMap((t) => [topic(t), deadLetterTopicOf(topic(t))]);
    await createTestTopics(
      admin,
      all.map((t) => ({ topic: t, numPartitions: 1 })),
    );
    await admin.disconnect();
  });
  afterAll(async () => {
    await broker?.dispose();
  });

  /** Produces as `user`; resolves 'ok' or the broker's error type. */
  async function produceAs(user: string, to: string): Promise<string> {
    const producer = client(user).producer({ idempotent: true, maxInFlightRequests: 1 });
    try {
      await producer.connect();
      await producer.send({ topic: to, acks: -1, messages: [{ key: 'k', value: JSON.stringify({ at: Date.now() }) }] });
      return 'ok';
    } catch (error) {
      return errorType(error);
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }

  /** Consumes `from` with `group` as `user` until one record arrives ('ok') or the consumer crashes (its error type). */
  async function consumeAs(user: string, from: string, group: string): Promise<string> {
    const consumer = client(user).consumer({ groupId: group, retry: { retries: 0 } });
    let outcome: string | undefined;
    consumer.on(consumer.events.CRASH, (event) => (outcome ??= errorType(event.payload.error)));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [from], fromBeginning: true });
      await consumer.run({ eachMessage: async () => void (outcome ??= 'ok') });
    } catch (error) {
      outcome ??= errorType(error);
    }
    await waitFor(`${user} reading ${from}`, () => outcome !== undefined, { timeoutMs: 30_000 });
    await consumer.disconnect().catch(() => undefined);
    return outcome!;
  }

  it('a school principal reads nothing: not the outcome topic (every school’s outcomes), not with any group', async () => {
    expect(await produceAs('talent-pipeline', topic(Topics.placementOutcomes))).toBe('ok');
    expect(await consumeAs('school-a', topic(Topics.placementOutcomes), 'school-a')).toMatch(DENIED);
    expect(await consumeAs('school-a', topic(Topics.placementOutcomes), `${PREFIX}rd-collaboration`)).toMatch(DENIED);
    expect(await produceAs('school-a', topic(Topics.erpInbound))).toMatch(DENIED);
  });

  it('the R&D service reads the outcomes it consumes, but cannot forge one, read the ERP inbox or use another group', async () => {
    expect(await consumeAs('rd-collaboration', topic(Topics.placementOutcomes), `${PREFIX}rd-collaboration`)).toBe('ok');
    expect(await produceAs('rd-collaboration', topic(Topics.placementOutcomes))).toMatch(DENIED);
    expect(await produceAs('talent-pipeline', topic(Topics.erpInbound))).toBe('ok');
    expect(await consumeAs('rd-collaboration', topic(Topics.erpInbound), `${PREFIX}rd-collaboration`)).toMatch(DENIED);
    expect(await consumeAs('rd-collaboration', topic(Topics.placementOutcomes), `${PREFIX}talent-pipeline`)).toMatch(DENIED);
    // Dead letters of what it consumes: it writes them and reads them back.
    expect(await produceAs('rd-collaboration', deadLetterTopicOf(topic(Topics.placementOutcomes)))).toBe('ok');
  });

  it('the talent pipeline writes its topics and not the R&D ones; an ERP producer writes only to the inbound topic', async () => {
    expect(await produceAs('talent-pipeline', topic(Topics.partners))).toBe('ok');
    expect(await produceAs('talent-pipeline', topic(Topics.rdProjects))).toMatch(DENIED);
    expect(await produceAs('erp-acme', topic(Topics.erpInbound))).toBe('ok');
    expect(await produceAs('erp-acme', topic(Topics.placementOutcomes))).toMatch(DENIED);
    expect(await consumeAs('erp-acme', topic(Topics.erpInbound), 'erp-acme')).toMatch(DENIED);
  });

  it('R&D placement proposals and their answers: each side writes its own and cannot forge the other’s', async () => {
    expect(await produceAs('rd-collaboration', topic(Topics.rdPlacementProposals))).toBe('ok');
    expect(await consumeAs('talent-pipeline', topic(Topics.rdPlacementProposals), `${PREFIX}talent-pipeline`)).toBe('ok');
    expect(await produceAs('talent-pipeline', topic(Topics.rdPlacementProposals))).toMatch(DENIED);
    expect(await consumeAs('teacher-secondment', topic(Topics.rdPlacementProposals), `${PREFIX}teacher-secondment`)).toMatch(DENIED);
    // The talent pipeline dead-letters the proposals it can never apply.
    expect(await produceAs('talent-pipeline', deadLetterTopicOf(topic(Topics.rdPlacementProposals)))).toBe('ok');
    // Its answers: only it writes them, only the R&D service reads them.
    expect(await produceAs('talent-pipeline', topic(Topics.rdPlacementDecisions))).toBe('ok');
    expect(await consumeAs('rd-collaboration', topic(Topics.rdPlacementDecisions), `${PREFIX}rd-collaboration`)).toBe('ok');
    expect(await produceAs('rd-collaboration', topic(Topics.rdPlacementDecisions))).toMatch(DENIED);
    expect(await consumeAs('teacher-secondment', topic(Topics.rdPlacementDecisions), `${PREFIX}teacher-secondment`)).toMatch(DENIED);
  });

  it('R&D participant checks (ADR 0082): each owner writes its own answers, only the R&D service reads them, and the talent pipeline reads joins', async () => {
    expect(await produceAs('rd-collaboration', topic(Topics.rdParticipation))).toBe('ok');
    expect(await consumeAs('talent-pipeline', topic(Topics.rdParticipation), `${PREFIX}talent-pipeline`)).toBe('ok');
    expect(await produceAs('talent-pipeline', topic(Topics.rdParticipation))).toMatch(DENIED);
    expect(await produceAs('talent-pipeline', topic(Topics.talentRdParticipantChecks))).toBe('ok');
    expect(await produceAs('teacher-secondment', topic(Topics.secondmentRdParticipantChecks))).toBe('ok');
    expect(await produceAs('teacher-secondment', topic(Topics.talentRdParticipantChecks))).toMatch(DENIED);
    expect(await produceAs('rd-collaboration', topic(Topics.secondmentRdParticipantChecks))).toMatch(DENIED);
    expect(await consumeAs('rd-collaboration', topic(Topics.talentRdParticipantChecks), `${PREFIX}rd-collaboration`)).toBe('ok');
    expect(await consumeAs('rd-collaboration', topic(Topics.secondmentRdParticipantChecks), `${PREFIX}rd-collaboration`)).toBe('ok');
    expect(await consumeAs('talent-pipeline', topic(Topics.secondmentRdParticipantChecks), `${PREFIX}talent-pipeline`)).toMatch(DENIED);
  });

  it("teachers' host objections: the secondment service writes them, the R&D service reads them and cannot forge one (ADR 0077)", async () => {
    expect(await produceAs('teacher-secondment', topic(Topics.teacherPrivacy))).toBe('ok');
    expect(await consumeAs('rd-collaboration', topic(Topics.teacherPrivacy), `${PREFIX}rd-collaboration`)).toBe('ok');
    expect(await produceAs('rd-collaboration', topic(Topics.teacherPrivacy))).toMatch(DENIED);
    expect(await produceAs('talent-pipeline', topic(Topics.teacherPrivacy))).toMatch(DENIED);
    expect(await consumeAs('talent-pipeline', topic(Topics.teacherPrivacy), `${PREFIX}talent-pipeline`)).toMatch(DENIED);
  });

  it("a school reads its own outcome topic with its own groups, not another school's; only the talent pipeline creates and writes them (ADR 0075)", async () => {
    const ownTopic = topic(schoolOutcomeTopicOf(SCHOOL_A));
    const otherTopic = topic(schoolOutcomeTopicOf(SCHOOL_B));
    const tp = client('talent-pipeline').admin();
    await tp.connect();
    try {
      await createTestTopics(
        tp,
        [ownTopic, otherTopic].map((t) => ({ topic: t, numPartitions: 1 })),
      );
    } finally {
      await tp.disconnect();
    }
    expect(await produceAs('talent-pipeline', ownTopic)).toBe('ok');
    expect(await produceAs('talent-pipeline', otherTopic)).toBe('ok');
    expect(await produceAs('rd-collaboration', ownTopic)).toMatch(DENIED);
    expect(await produceAs('school-a', ownTopic)).toMatch(DENIED);

    const ownGroup = `${topic(schoolConsumerGroupPrefixOf(SCHOOL_A))}-reader`;
    expect(await consumeAs('school-a', ownTopic, ownGroup)).toBe('ok');
    expect(await consumeAs('school-a', otherTopic, ownGroup)).toMatch(DENIED);
    expect(await consumeAs('school-a', ownTopic, `${topic(schoolConsumerGroupPrefixOf(SCHOOL_B))}-reader`)).toMatch(DENIED);
    // Still nothing of the platform's own topics.
    expect(await consumeAs('school-a', topic(Topics.placementOutcomes), ownGroup)).toMatch(DENIED);
  });

  it('a service runs under its own principal and plan: the secondment service consumes the partner registry and serves it', async () => {
    const service = await startInProcessService({
      configSchema: TeacherSecondmentConfigSchema,
      rootModule: (config) => TeacherSecondmentModule.forRoot(config),
      env: {
        MONGO_URI: testMongoUri(uniqueName('acl_secondment').replace(/-/g, '_')),
        KAFKA_BROKERS: broker.saslBrokers,
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'teacher-secondment',
        KAFKA_SASL_PASSWORD: USERS['teacher-secondment'],
        KAFKA_TOPIC_PREFIX: PREFIX,
        KAFKA_GROUP_ID: `${PREFIX}teacher-secondment`,
        ADMIN_API_TOKEN: 'acl-admin-token-0123456789',
        CREDENTIAL_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
        OUTBOX_POLL_MS: '200',
      },
    });
    try {
      const enterpriseId = randomUUID();
      const event = newCloudEvent(EnterpriseRegistered, {
        source: 'urn:school-enterprise:talent-pipeline',
        data: { enterpriseId, name: 'ACL Works', country: 'CN', registeredAt: new Date().toISOString() },
      });
      const producer = client('talent-pipeline').producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.send({ topic: topic(Topics.partners), acks: -1, messages: [encodeKafkaRecord(event, enterpriseId)] });
      await producer.disconnect();
      await waitFor(
        'the partner copy',
        async () =>
          (await httpJson('GET', `${service.baseUrl}/v1/partners/${enterpriseId}`, { token: 'acl-admin-token-0123456789' })).status === 200,
        {
          timeoutMs: 60_000,
        },
      );
      // Its own topics are writable (an outcome it does not own is not).
      expect(await produceAs('teacher-secondment', topic(Topics.secondments))).toBe('ok');
      expect(PlacementHired.topic).toBe(Topics.placementOutcomes);
      expect(await produceAs('teacher-secondment', topic(Topics.placementOutcomes))).toMatch(DENIED);
      // The topics it produces existed without a lifetime: it bounded theirs and their dead letters' (ADR 0074), which
      // the plan lets it do; a topic naming people that it only consumes is its producer's to bound.
      const admin = client('admin');
      for (const owned of [topic(Topics.secondments), deadLetterTopicOf(topic(Topics.secondments))]) {
        expect((await topicSettingsOf(admin, owned))['retention.ms']).toEqual({ value: String(27 * 86_400_000), onTopic: true });
      }
      expect((await topicSettingsOf(admin, topic(Topics.rdParticipation)))['retention.ms'].onTopic).toBe(false);
      // The compacted topic it owns existed with `delete` (created above): it switched it, as its plan lets it (ADR 0052, 0077).
      expect(await cleanupPolicyOf(admin, topic(Topics.teacherPrivacy))).toBe('compact');
    } finally {
      await service.close();
    }
  });
});

function errorType(error: unknown): string {
  const e = error as { type?: string; message?: string; originalError?: unknown; cause?: unknown };
  if (e.type) return e.type;
  if (e.originalError) return errorType(e.originalError);
  if (e.cause) return errorType(e.cause);
  return /authoriz/i.test(e.message ?? '') ? `AUTHORIZATION_FAILED (${e.message})` : (e.message ?? String(error));
}

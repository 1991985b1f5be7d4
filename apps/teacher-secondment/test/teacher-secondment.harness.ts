import { gunzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { AgreementProgramme, AgreementStatusChanged, EnterpriseRegistered, SchoolRegistered, Topics } from '@app/contracts';
import { EventPublisher, newCloudEvent, OutgoingEvent } from '@app/messaging';
import {
  httpJson,
  InProcessService,
  startInProcessService,
  testKafkaBrokers,
  testMongoUri,
  uniqueName,
  waitForConsumed,
} from '@app/testing';
import { TeacherSecondmentConfigSchema } from '../src/config/teacher-secondment.config';
import { TeacherSecondmentModule } from '../src/teacher-secondment.module';

export const ADMIN_TOKEN = 'secondment-integration-admin-token';
export const KEY_ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
const TALENT_SOURCE = 'urn:school-enterprise:talent-pipeline';

export type SecondmentService = InProcessService & { prefix: string; database: string; publish(events: OutgoingEvent[]): Promise<void> };

/**
 * A teacher secondment service in this process, on its own database, topics and consumer group;
 * or, with `replicaOf`, a second replica of that service: same database, topics and group.
 */
export async function startTeacherSecondment(
  env: Record<string, string> = {},
  options: { replicaOf?: SecondmentService } = {},
): Promise<SecondmentService> {
  const prefix = options.replicaOf?.prefix ?? `${uniqueName('ts')}.`;
  const database = options.replicaOf?.database ?? uniqueName('secondment').replace(/-/g, '_');
  const service = await startInProcessService({
    configSchema: TeacherSecondmentConfigSchema,
    rootModule: (config) => TeacherSecondmentModule.forRoot(config),
    env: {
      MONGO_URI: testMongoUri(database),
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}teacher-secondment`,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      CREDENTIAL_KEY_ENCRYPTION_KEY: KEY_ENCRYPTION_KEY,
      OUTBOX_POLL_MS: '200',
      CONSUMER_RETRY_BASE_MS: '20',
      ...env,
    },
  });
  const publisher = service.app.get(EventPublisher);
  return { ...service, prefix, database, publish: (events) => publisher.publish(events) };
}

/** A school and an enterprise as the talent pipeline publishes them, an active agreement between them, and keys of this service for both. */
export async function seedPartnership(
  service: SecondmentService,
  options: {
    country?: string;
    agreementPeriod?: { from: string; to: string };
    /** Absent: an agreement recorded without programmes (as every event before the field existed). */
    programmes?: AgreementProgramme[];
  } = {},
) {
  const schoolId = randomUUID();
  const enterpriseId = randomUUID();
  const agreementId = randomUUID();
  const country = options.country ?? 'CN';
  const at = new Date().toISOString();
  const school = newCloudEvent(SchoolRegistered, {
    source: TALENT_SOURCE,
    data: { schoolId, name: 'Harbour Vocational', country, registeredAt: at },
  });
  const enterprise = newCloudEvent(EnterpriseRegistered, {
    source: TALENT_SOURCE,
    data: { enterpriseId, name: 'Harbour Cranes', country, registeredAt: at },
  });
  const agreement = newCloudEvent(AgreementStatusChanged, {
    source: TALENT_SOURCE,
    data: {
      agreementId,
      schoolId,
      enterpriseId,
      scope: 'Teacher practice and internships',
      period: options.agreementPeriod ?? { from: '2020-01-01', to: '2099-12-31' },
      placementKinds: ['internship'],
      ...(options.programmes ? { programmes: options.programmes } : {}),
      status: 'active',
      version: 2,
      previousStatus: 'draft',
      changedAt: at,
    },
  });
  await service.publish([
    { id: school.id, topic: Topics.partners, key: schoolId, event: school },
    { id: enterprise.id, topic: Topics.partners, key: enterpriseId, event: enterprise },
    { id: agreement.id, topic: Topics.agreements, key: agreementId, event: agreement },
  ]);
  await waitForConsumed(
    service,
    'the partner copies',
    async () => (await httpJson('GET', `${service.baseUrl}/v1/partners/${enterpriseId}`, { token: ADMIN_TOKEN })).status === 200,
  );
  await waitForConsumed(
    service,
    'the partner copies',
    async () => (await httpJson('GET', `${service.baseUrl}/v1/partners/${schoolId}`, { token: ADMIN_TOKEN })).status === 200,
  );
  await waitForConsumed(
    service,
    'the agreement copy',
    async () => (await httpJson('GET', `${service.baseUrl}/v1/agreements/${agreementId}`, { token: ADMIN_TOKEN })).status === 200,
  );
  const schoolKey = (await ok('POST', `${service.baseUrl}/v1/access/keys`, ADMIN_TOKEN, { role: 'school', partnerId: schoolId }))
    .apiKey as string;
  const enterpriseKey = (
    await ok('POST', `${service.baseUrl}/v1/access/keys`, ADMIN_TOKEN, { role: 'enterprise', partnerId: enterpriseId })
  ).apiKey as string;
  return { schoolId, enterpriseId, agreementId, schoolKey, enterpriseKey };
}

/** Publishes an agreement of the pair as the talent pipeline would (a new one, or a newer version of one) and waits for the copy. */
export async function publishAgreement(
  service: SecondmentService,
  pair: { schoolId: string; enterpriseId: string },
  options: { agreementId?: string; version?: number; status?: 'active' | 'suspended'; programmes?: AgreementProgramme[] } = {},
): Promise<string> {
  const agreementId = options.agreementId ?? randomUUID();
  const version = options.version ?? 2;
  const event = newCloudEvent(AgreementStatusChanged, {
    source: TALENT_SOURCE,
    data: {
      agreementId,
      schoolId: pair.schoolId,
      enterpriseId: pair.enterpriseId,
      scope: 'Teacher practice and internships',
      period: { from: '2020-01-01', to: '2099-12-31' },
      placementKinds: ['internship'],
      ...(options.programmes ? { programmes: options.programmes } : {}),
      status: options.status ?? 'active',
      version,
      previousStatus: version === 2 ? 'draft' : 'active',
      changedAt: new Date().toISOString(),
    },
  });
  await service.publish([{ id: event.id, topic: Topics.agreements, key: agreementId, event }]);
  await waitForConsumed(
    service,
    'the agreement copy',
    async () =>
      (await httpJson('GET', `${service.baseUrl}/v1/agreements/${agreementId}`, { token: ADMIN_TOKEN })).body?.version === version,
  );
  return agreementId;
}

export const POST_PERIOD = { start: '2026-09-01', end: '2026-11-30' };

export async function registerTeacher(baseUrl: string, schoolKey: string, overrides: Record<string, unknown> = {}) {
  return ok('POST', `${baseUrl}/v1/teachers`, schoolKey, {
    displayName: 'Chen Jing',
    subject: 'Mechatronics',
    professionalCourse: true,
    hireDate: '2012-09-01',
    priorEnterpriseExperienceMonths: 0,
    ...overrides,
  });
}

export async function publishPost(baseUrl: string, enterpriseKey: string, schoolId: string, overrides: Record<string, unknown> = {}) {
  return ok('POST', `${baseUrl}/v1/posts`, enterpriseKey, {
    schoolId,
    role: 'Maintenance engineer (secondment)',
    tasks: ['PLC troubleshooting', 'preventive maintenance planning'],
    mentor: { name: 'Wang Lei', contact: 'wang.lei@example.com' },
    location: 'Suzhou plant 2',
    period: POST_PERIOD,
    skills: ['PLC programming'],
    capacity: 5,
    ...overrides,
  });
}

/** A secondment taken from request to active: requested by the school, approved by both. */
export async function activeSecondment(
  baseUrl: string,
  keys: { schoolKey: string; enterpriseKey: string },
  teacherId: string,
  postId: string,
  period?: { start: string; end: string },
) {
  const secondment = await ok('POST', `${baseUrl}/v1/secondments`, keys.schoolKey, { teacherId, postId, ...(period ? { period } : {}) });
  await ok('POST', `${baseUrl}/v1/secondments/${secondment.id}/approvals`, keys.schoolKey, {});
  await ok('POST', `${baseUrl}/v1/secondments/${secondment.id}/approvals`, keys.enterpriseKey, {});
  return ok('POST', `${baseUrl}/v1/secondments/${secondment.id}/start`, keys.enterpriseKey);
}

/** Logs `days` (YYYY-MM-DD, 8 hours each) and has the mentor countersign each. */
export async function logAndCountersign(
  baseUrl: string,
  keys: { schoolKey: string; enterpriseKey: string },
  secondmentId: string,
  days: string[],
  hours = 8,
) {
  for (const date of days) {
    const logged = await ok('POST', `${baseUrl}/v1/secondments/${secondmentId}/logs`, keys.schoolKey, {
      date,
      hours,
      tasks: ['line maintenance'],
    });
    const log = logged.logs.find((l: { date: string; countersignedAt?: string }) => l.date === date && !l.countersignedAt);
    await ok('POST', `${baseUrl}/v1/secondments/${secondmentId}/logs/${log.logId}/countersign`, keys.enterpriseKey);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely, as httpJson does
export async function ok(method: string, url: string, token: string, body?: unknown): Promise<any> {
  const response = await httpJson(method, url, { token, body });
  if (response.status >= 300) throw new Error(`${method} ${url} -> ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Records the CloudEvents types and data that reach the given physical topics. */
export class EventRecorder {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- event data is checked by the assertions
  readonly events: { topic: string; key?: string; type: string; data: any }[] = [];
  private readonly consumer: Consumer;

  constructor(private readonly topics: string[]) {
    const kafka = new Kafka({ clientId: uniqueName('rec'), brokers: testKafkaBrokers().split(','), logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: uniqueName('recorder') });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.events.push({
          topic,
          key: message.key?.toString(),
          type: message.headers?.ce_type?.toString() ?? '',
          data: message.value ? JSON.parse(message.value.toString()) : null,
        });
      },
    });
  }

  ofType(type: string) {
    return this.events.filter((e) => e.type === type);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Whether bit `index` is set in a Bitstring Status List's `encodedList` (multibase base64url of gzip). */
export function bitIsSet(encodedList: string, index: number): boolean {
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/** A small rule for a test jurisdiction: `requiredDays` credited days in 5 years, R&D capped at 1 day; junior needs two days and one completed secondment. */
export const testRule = (
  jurisdiction: { id: string; jurisdiction: string; title: string },
  version: number,
  effectiveFrom: string,
  requiredDays: number,
) => ({
  ...jurisdiction,
  version,
  effectiveFrom,
  professionalCourseTeachersOnly: true,
  requirement: { amount: requiredDays, unit: 'days', windowYears: 5, graceFromHireDate: false },
  counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: null },
  rdHours: { counts: true, capDaysPerWindow: 1 },
  newTeacherPractice: null,
  tiers: [
    {
      tier: 'junior',
      minCreditedDays: 2,
      minYearsTeaching: 0,
      minCompletedSecondments: 1,
      minDeliverables: 0,
      requiredDeliverableKinds: [],
      minMentorScore: null,
    },
  ],
});

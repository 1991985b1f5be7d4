import { randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import {
  AgreementProgramme,
  AgreementStatusChanged,
  CloudEvent,
  EnterpriseRegistered,
  EventContract,
  EventData,
  EventOf,
  SchoolRegistered,
} from '@app/contracts';
import { encodeKafkaRecord, newCloudEvent } from '@app/messaging';
import {
  httpJson,
  InProcessService,
  startInProcessService,
  testKafkaBrokers,
  testMongoUri,
  uniqueName,
  waitForConsumed,
  connectedProducer,
  testKafka,
} from '@app/testing';
import { RdCollaborationConfigSchema } from '../src/config/rd-collaboration.config';
import { RdCollaborationModule } from '../src/rd-collaboration.module';

export const ADMIN_TOKEN = 'integration-admin-token-rd';

export interface RdService extends InProcessService {
  prefix: string;
  database: string;
  kafka: Kafka;
  producer: Producer;
  /** Produces an event as its owning service would (binary-mode CloudEvent on the prefixed topic). */
  produce<C extends EventContract>(contract: C, data: EventData<C>, key: string, source?: string): Promise<EventOf<C>>;
  /** Produces an event whose data its contract may refuse (tests of validation and dead letters). */
  produceInvalid(contract: EventContract, data: unknown, key: string): Promise<CloudEvent>;
  /** Sends an already-built event again (a redelivery, same id). */
  resend(event: CloudEvent, topic: string, key: string): Promise<void>;
}

/**
 * rd-collaboration in this process, on its own database, topics and consumer group; or, with
 * `replicaOf`, a second replica of that service (same database, topics and group), e.g. with
 * other settings.
 */
export async function startRdCollaboration(env: Record<string, string> = {}, options: { replicaOf?: RdService } = {}): Promise<RdService> {
  const prefix = options.replicaOf?.prefix ?? `${uniqueName('rd')}.`;
  const database = options.replicaOf?.database ?? uniqueName('rd').replace(/-/g, '_');
  const service = await startInProcessService({
    configSchema: RdCollaborationConfigSchema,
    rootModule: (config) => RdCollaborationModule.forRoot(config),
    env: {
      MONGO_URI: testMongoUri(database),
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}rd-collaboration`,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOX_POLL_MS: '200',
      CONSUMER_RETRY_BASE_MS: '20',
      ...env,
    },
  });
  const kafka = testKafka(`${prefix}test`);
  const producer = await connectedProducer(kafka);
  const produce = async <C extends EventContract>(contract: C, data: EventData<C>, key: string, source = 'urn:school-enterprise:test') => {
    const event = newCloudEvent(contract, { source, data });
    await producer.send({ topic: `${prefix}${contract.topic}`, messages: [encodeKafkaRecord(event, key)] });
    return event;
  };
  // A contract taken as any contract: its data is `unknown` to the compiler, so anything goes.
  const produceInvalid = (contract: EventContract, data: unknown, key: string) => produce(contract, data, key);
  return {
    ...service,
    prefix,
    database,
    kafka,
    producer,
    produce,
    produceInvalid,
    resend: async (event, topic, key) => {
      await producer.send({ topic: `${prefix}${topic}`, messages: [encodeKafkaRecord(event, key)] });
    },
    close: async () => {
      await producer.disconnect();
      await service.close();
    },
  };
}

const nowIso = () => new Date().toISOString();

/**
 * A school and an enterprise as the talent pipeline publishes them, an ACTIVE agreement between
 * them (R&D in scope unless told otherwise), and an access key for each, once the copies arrived.
 */
export async function seedPair(
  rd: RdService,
  options: { scope?: string; status?: 'active' | 'suspended'; programmes?: AgreementProgramme[] } = {},
) {
  const schoolId = randomUUID();
  const enterpriseId = randomUUID();
  await rd.produce(SchoolRegistered, { schoolId, name: 'Riverside Vocational College', country: 'CN', registeredAt: nowIso() }, schoolId);
  await rd.produce(EnterpriseRegistered, { enterpriseId, name: 'Precision Motors', country: 'CN', registeredAt: nowIso() }, enterpriseId);
  const agreementId = await activateAgreement(rd, schoolId, enterpriseId, options);
  const keyFor = async (body: object) => {
    const issued = await waitForConsumed(rd, 'the partner copy to arrive and a key to be issued', async () => {
      const response = await httpJson('POST', `${rd.baseUrl}/v1/access-keys`, { token: ADMIN_TOKEN, body: { label: 'test', ...body } });
      return response.status === 201 ? response.body : undefined;
    });
    return issued.apiKey as string;
  };
  const schoolKey = await keyFor({ role: 'school', schoolId });
  const enterpriseKey = await keyFor({ role: 'enterprise', enterpriseId });
  await waitForConsumed(rd, 'the agreement copy', async () => {
    const copies = await httpJson('GET', `${rd.baseUrl}/v1/agreements?schoolId=${schoolId}`, { token: ADMIN_TOKEN });
    return (
      copies.status === 200 &&
      (copies.body.items ?? copies.body).some?.((a: { agreementId?: string; id?: string }) => (a.agreementId ?? a.id) === agreementId)
    );
  });
  return { schoolId, enterpriseId, agreementId, schoolKey, enterpriseKey };
}

export async function activateAgreement(
  rd: RdService,
  schoolId: string,
  enterpriseId: string,
  options: {
    scope?: string;
    status?: 'active' | 'suspended';
    agreementId?: string;
    version?: number;
    /** Absent: an agreement recorded without programmes (as every event before the field existed). */
    programmes?: AgreementProgramme[];
  } = {},
): Promise<string> {
  const agreementId = options.agreementId ?? randomUUID();
  await rd.produce(
    AgreementStatusChanged,
    {
      agreementId,
      schoolId,
      enterpriseId,
      scope: options.scope ?? 'Apprenticeships and joint R&D in machining and vision inspection',
      period: { from: '2020-01-01', to: '2035-12-31' },
      placementKinds: ['internship'],
      ...(options.programmes ? { programmes: options.programmes } : {}),
      status: options.status ?? 'active',
      version: options.version ?? 2,
      previousStatus: 'draft',
      changedAt: nowIso(),
    },
    agreementId,
  );
  return agreementId;
}

export async function reviewerKey(rd: RdService, reviewerId: string): Promise<string> {
  const issued = await httpJson('POST', `${rd.baseUrl}/v1/access-keys`, {
    token: ADMIN_TOKEN,
    body: { role: 'reviewer', reviewerId, label: reviewerId },
  });
  if (issued.status !== 201) throw new Error(JSON.stringify(issued.body));
  return issued.body.apiKey;
}

export const challengeBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'product-rd',
  title: 'Vision inspection of machined housings',
  summary: 'Detect surface scratches on aluminium housings at line speed.',
  problem: 'Line speed is 40 parts per minute; current false-reject rate is 6%.',
  constraints: ['No cloud processing', 'Fits the existing conveyor'],
  budgetRange: { currency: 'CNY', minMinor: 10_000_000, maxMinor: 50_000_000 },
  deadline: '2099-12-31',
  confidentiality: 'confidential',
  skillsWanted: ['machine vision', 'PLC integration'],
  rubric: [
    { criterionId: 'fit', name: 'Technical fit', weight: 3 },
    { criterionId: 'team', name: 'Team', weight: 2 },
    { criterionId: 'cost', name: 'Cost', weight: 1 },
  ],
  ...overrides,
});

export const proposalBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Edge camera with classical vision and a small CNN',
  approach: 'Two cameras, polarised light, a CNN trained on 2,000 labelled parts.',
  team: [
    { kind: 'teacher', personId: 'teacher-1', name: 'Zhang Min', role: 'Principal investigator' },
    { kind: 'student', personId: 'student-1', name: 'Li Wei', role: 'Labelling and integration' },
  ],
  plan: [
    { title: 'Prototype', weeks: 8 },
    { title: 'Line trial', weeks: 6 },
  ],
  budget: { currency: 'CNY', amountMinor: 30_000_000 },
  ...overrides,
});

/** A challenge of the pair's enterprise and the pair's school's proposal, moved to selected. */
export async function selectedProposal(rd: Pick<InProcessService, 'baseUrl'>, pair: { schoolKey: string; enterpriseKey: string }) {
  const post = async (path: string, token: string, body: unknown) => {
    const response = await httpJson('POST', `${rd.baseUrl}${path}`, { token, body });
    if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const challenge = await post('/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }));
  const proposal = await post(`/v1/challenges/${challenge.id}/proposals`, pair.schoolKey, proposalBody());
  for (const to of ['qualified', 'shortlisted', 'selected']) await post(`/v1/proposals/${proposal.id}/stage`, pair.enterpriseKey, { to });
  return { challenge, proposal };
}

/**
 * In an R&D service running beside a talent pipeline (tests across services): once it copied the
 * pair's partners and agreement, a school and an enterprise key, and a project between them from a
 * selected proposal.
 */
export async function projectFromTalentPipeline(
  rd: InProcessService,
  adminToken: string,
  pair: { schoolId: string; enterpriseId: string; agreementId: string },
) {
  const keyFor = (body: object) =>
    waitForConsumed(rd, 'the partner copies in the R&D service', async () => {
      const issued = await httpJson('POST', `${rd.baseUrl}/v1/access-keys`, { token: adminToken, body: { label: 'test', ...body } });
      return issued.status === 201 ? (issued.body.apiKey as string) : undefined;
    });
  const keys = {
    school: await keyFor({ role: 'school', schoolId: pair.schoolId }),
    enterprise: await keyFor({ role: 'enterprise', enterpriseId: pair.enterpriseId }),
  };
  await waitForConsumed(rd, 'the agreement copy in the R&D service', async () => {
    const copies = await httpJson('GET', `${rd.baseUrl}/v1/agreements?schoolId=${pair.schoolId}`, { token: adminToken });
    return JSON.stringify(copies.body).includes(pair.agreementId);
  });
  const { proposal } = await selectedProposal(rd, { schoolKey: keys.school, enterpriseKey: keys.enterprise });
  const project = await httpJson('POST', `${rd.baseUrl}/v1/projects`, { token: keys.enterprise, body: projectBody(proposal.id) });
  if (project.status !== 201) throw new Error(`POST /v1/projects -> ${project.status} ${JSON.stringify(project.body)}`);
  return { keys, projectId: project.body.id as string };
}

export const projectBody = (proposalId: string, overrides: Record<string, unknown> = {}) => ({
  proposalId,
  terms: {
    ip: {
      ownership: 'joint',
      licence: 'Enterprise: exclusive royalty-free licence in its field',
      revenueShare: { enterpriseBasisPoints: 7000, schoolBasisPoints: 3000 },
    },
    budget: { currency: 'CNY', amountMinor: 30_000_000 },
    confidentiality: 'confidential',
    period: { start: '2026-04-01', end: '2026-12-31' },
  },
  pledges: [
    {
      side: 'enterprise',
      kind: 'funding',
      form: 'cash',
      amount: { currency: 'CNY', amountMinor: 20_000_000 },
      description: 'Research grant',
    },
    {
      side: 'enterprise',
      kind: 'equipment',
      form: 'in-kind',
      amount: { currency: 'CNY', amountMinor: 5_000_000 },
      description: 'Two industrial cameras',
    },
    {
      side: 'school',
      kind: 'staff-hours',
      form: 'in-kind',
      amount: { currency: 'CNY', amountMinor: 5_000_000 },
      description: '500 teacher hours',
    },
  ],
  ...overrides,
});

/**
 * A placement outcome's data as the talent pipeline publishes it: an internship of a mechatronics
 * student; a hire carries its position.
 */
export function placementOutcomeData<O extends 'started' | 'hired'>(
  placement: { placementId: string; schoolId: string; enterpriseId: string; studentId: string },
  outcome: O,
  occurredAt: string,
) {
  return {
    ...placement,
    programme: 'mechatronics',
    cohort: '2025',
    kind: 'internship' as const,
    role: 'Vision intern',
    outcome,
    occurredAt,
    ...(outcome === 'hired' ? { hire: { positionTitle: 'Vision technician', hireDate: '2026-11-02' } } : {}),
  };
}

/** A secondment's data as the secondment service publishes it (approved or started): a teacher's post at the enterprise, April to September. */
export function secondmentData(
  secondment: { secondmentId: string; teacherId: string; schoolId: string; enterpriseId: string },
  occurredAt = '2026-04-01T08:00:00.000Z',
) {
  return { ...secondment, postId: 'post-1', period: { start: '2026-04-01', end: '2026-09-30' }, hoursLogged: 0, occurredAt };
}

/** A school's request to erase one of its students, as the talent pipeline publishes it. */
export function erasureRequestData(requestId: string, studentId: string, schoolId = 'school-1') {
  return {
    requestId,
    personId: studentId,
    personKind: 'student' as const,
    schoolId,
    origin: 'school' as const,
    reason: 'GDPR Art. 17(1)(a)',
    requestedAt: new Date().toISOString(),
  };
}

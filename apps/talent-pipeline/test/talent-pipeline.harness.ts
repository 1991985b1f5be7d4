import {
  startInProcessService,
  InProcessService,
  testKafkaBrokers,
  testMongoUri,
  uniqueName,
  httpJson,
  allowPlacement,
  erpHireEvent,
  erpKafkaRecord,
  postErpEvents,
  testKafka,
  waitFor,
} from '@app/testing';
import { randomUUID } from 'node:crypto';
import { Db } from 'mongodb';
import { PlacementHired, PlacementOutcomeEvent, Topics } from '@app/contracts';
import { EventPublisher, newCloudEvent } from '@app/messaging';
import { TalentPipelineConfigSchema } from '../src/config/talent-pipeline.config';
import { TalentPipelineModule } from '../src/talent-pipeline.module';

export const ADMIN_TOKEN = 'integration-admin-token';
/** A fixed key (base64 of 32 bytes), so a test can decrypt what the service stored. */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

/** A hire outcome for a school, as the placements relay publishes one (fresh ids each time). */
export function hiredOutcomeFor(schoolId: string): PlacementOutcomeEvent {
  return newCloudEvent(PlacementHired, {
    source: 'urn:school-enterprise:talent-pipeline',
    subject: `placements/${randomUUID()}`,
    data: {
      placementId: randomUUID(),
      schoolId,
      enterpriseId: randomUUID(),
      studentId: randomUUID(),
      programme: 'Mechatronics',
      cohort: '2026',
      kind: 'internship',
      role: 'CNC machinist',
      outcome: 'hired',
      occurredAt: new Date().toISOString(),
      causedBy: { source: 'urn:erp:acme:sap', id: randomUUID(), type: 'erp.hire.v1' },
      hire: { positionTitle: 'CNC machinist', hireDate: '2026-09-01' },
    },
  }) as PlacementOutcomeEvent;
}

/** Publishes outcomes onto talent.placement-outcome.v1 through a service's publisher, keyed by school as in production. */
export function publishOutcomes(service: InProcessService, events: PlacementOutcomeEvent[]): Promise<void> {
  return service.app
    .get(EventPublisher)
    .publish(events.map((event) => ({ id: event.id, topic: Topics.placementOutcomes, key: event.data.schoolId, event })));
}

/** A talent pipeline in this process, on its own database, topics and consumer group. */
export async function startTalentPipeline(
  env: Record<string, string> = {},
): Promise<InProcessService & { prefix: string; database: string }> {
  const prefix = `${uniqueName('tp')}.`;
  const database = uniqueName('talent').replace(/-/g, '_');
  const service = await startInProcessService({
    configSchema: TalentPipelineConfigSchema,
    rootModule: (config) => TalentPipelineModule.forRoot(config),
    env: {
      MONGO_URI: testMongoUri(database),
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}talent-pipeline`,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOX_POLL_MS: '200',
      WEBHOOK_POLL_MS: '100',
      // The tests' webhook receivers listen on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      // Signing secrets encrypted at rest, as in production.
      SECRETS_ENCRYPTION_KEY: TEST_SECRETS_KEY,
      WEBHOOK_RETRY_SCHEDULE: '100ms,200ms,300ms',
      CONSUMER_RETRY_BASE_MS: '20',
      ...env,
    },
  });
  return { ...service, prefix, database };
}

/** Registers a school, an enterprise, their agreement, a consenting student and an active internship placement. */
export function seedActiveInternship(
  baseUrl: string,
  options: {
    studentExternalId?: { value: string; schemeId: string; schemeAgencyId?: string };
    /** An enterprise registered before (its placement is then a second one there); default: a new one. */
    enterprise?: { id: string; apiKey: string; erpSigningSecret: string };
  } = {},
) {
  return seedInternship(baseUrl, { ...options, status: 'active' });
}

/**
 * As seedActiveInternship, but the placement is left `status` (moved there over the API), with
 * its agreement signed by `signedBy` (default: everyone when it is active, nobody otherwise).
 */
export async function seedInternship(
  baseUrl: string,
  options: {
    studentExternalId?: { value: string; schemeId: string; schemeAgencyId?: string };
    enterprise?: { id: string; apiKey: string; erpSigningSecret: string };
    status: 'proposed' | 'offered' | 'accepted' | 'active';
    signedBy?: string[];
  },
) {
  const admin = { token: ADMIN_TOKEN };
  const school = (await httpJson('POST', `${baseUrl}/v1/schools`, { ...admin, body: { name: 'Vocational College', country: 'CN' } })).body;
  const enterprise =
    options.enterprise ??
    (await httpJson('POST', `${baseUrl}/v1/enterprises`, { ...admin, body: { name: 'Precision Motors', country: 'CN' } })).body;
  const student = (
    await httpJson('POST', `${baseUrl}/v1/students`, {
      ...admin,
      body: {
        schoolId: school.id,
        givenName: 'Li',
        familyName: 'Wei',
        programme: 'mechatronics',
        cohort: '2025',
        externalIds: options.studentExternalId ? [options.studentExternalId] : [],
      },
    })
  ).body;
  await allowPlacement({ baseUrl, adminToken: ADMIN_TOKEN, schoolId: school.id, enterpriseId: enterprise.id, studentId: student.id });
  const placement = (
    await httpJson('POST', `${baseUrl}/v1/placements`, {
      ...admin,
      body: { studentId: student.id, enterpriseId: enterprise.id, kind: 'internship', role: 'CNC intern', startDate: '2026-03-01' },
    })
  ).body;
  const path = ['offered', 'accepted', 'active'].slice(0, ['proposed', 'offered', 'accepted', 'active'].indexOf(options.status));
  await signAgreement(baseUrl, placement.id, options.signedBy ?? (options.status === 'active' ? undefined : []));
  for (const to of path) {
    const moved = await httpJson('POST', `${baseUrl}/v1/placements/${placement.id}/transitions`, { ...admin, body: { to } });
    if (moved.status !== 200) throw new Error(`transition to ${to} failed: ${JSON.stringify(moved.body)}`);
  }
  return { school, enterprise, student, placement };
}

type Seeded = Awaited<ReturnType<typeof seedActiveInternship>>;

/** The seeded school subscribes `url` to its outcomes (all event types); returns the subscription. */
export async function subscribeSchool(baseUrl: string, seeded: Seeded, url: string) {
  const subscribed = await httpJson('POST', `${baseUrl}/v1/schools/${seeded.school.id}/webhook-subscriptions`, {
    token: seeded.school.apiKey,
    body: { url },
  });
  if (subscribed.status !== 201) throw new Error(`subscription failed: ${JSON.stringify(subscribed.body)}`);
  return subscribed.body;
}

/**
 * What ERP tests do over a service's API: post signed events as the seeded enterprise (an
 * array as a batch), read a placement as the operator, the school's outcome feed, and the
 * enterprise's review queue.
 */
export function erpTestClient(service: { baseUrl: string }) {
  const placementOf = async (id: string) => (await httpJson('GET', `${service.baseUrl}/v1/placements/${id}`, { token: ADMIN_TOKEN })).body;
  const reviewItemOf = async (seeded: Seeded, eventId: string) => {
    const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
      token: ADMIN_TOKEN,
    });
    return queue.body.items.find((i: { event: { id: string } }) => i.event.id === eventId);
  };
  return {
    post: (seeded: Seeded, body: object) =>
      postErpEvents({
        baseUrl: service.baseUrl,
        enterpriseId: seeded.enterprise.id,
        secret: seeded.enterprise.erpSigningSecret,
        body,
        batch: Array.isArray(body),
      }),
    placementOf,
    /** Waits until the placement is in `status`; returns it. */
    placementIn: (id: string, status: string) =>
      waitFor(`placement ${status}`, async () => {
        const placement = await placementOf(id);
        return placement.status === status && placement;
      }),
    feedOf: async (seeded: Seeded) =>
      (await httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/placement-outcomes`, { token: seeded.school.apiKey })).body
        .items as { event: { type: string; data: Record<string, unknown> } }[],
    reviewItemOf,
    /** Waits until the review queue holds the event; returns its item. */
    heldItem: (seeded: Seeded, eventId: string) => waitFor('the review queue to hold the event', () => reviewItemOf(seeded, eventId)),
  };
}

/** The seeded enterprise's ERP produces these events straight onto the inbound topic, signed, as an ERP that speaks Kafka does. */
export async function produceAsErp(service: { prefix: string }, seeded: Seeded, events: object[]): Promise<void> {
  const producer = testKafka(`${service.prefix}erp`).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: `${service.prefix}${Topics.erpInbound}`,
      messages: events.map((e) => erpKafkaRecord(e, seeded.enterprise.id, seeded.enterprise.erpSigningSecret)),
    });
  } finally {
    await producer.disconnect();
  }
}

/** The enterprise's ERP posts the hire of the seeded placement (signed); returns the response. */
export function postSeededHire(baseUrl: string, seeded: Seeded, position = 'Technician') {
  return postErpEvents({
    baseUrl,
    enterpriseId: seeded.enterprise.id,
    secret: seeded.enterprise.erpSigningSecret,
    body: erpHireEvent({ placementId: seeded.placement.id, position: { title: position }, hireDate: '2026-09-01' }),
  });
}

/** School, enterprise and student (or guardian) sign the placement agreement, as `active` requires. */
export async function signAgreement(baseUrl: string, placementId: string, parties = ['school', 'enterprise', 'student']) {
  for (const party of parties) {
    const signed = await httpJson('POST', `${baseUrl}/v1/placements/${placementId}/agreement/signatures`, {
      token: ADMIN_TOKEN,
      body: { party, signedBy: `${party} representative` },
    });
    if (signed.status !== 201) throw new Error(`${party} signature failed: ${JSON.stringify(signed.body)}`);
  }
}

/**
 * Puts `count` hired outcomes of the school straight into its feed (as if recorded last year),
 * at positions `fromSeq`..., and moves the feed's counter past them.
 */
export async function fillOutcomeFeed(db: Db, schoolId: string, count: number, fromSeq: number): Promise<void> {
  const entries = Array.from({ length: count }, (_, i) => {
    const id = randomUUID();
    const event = {
      specversion: '1.0',
      id,
      source: 'urn:school-enterprise:talent-pipeline',
      type: 'talent.placement.hired.v1',
      time: '2026-01-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      data: { placementId: randomUUID(), schoolId, outcome: 'hired' },
    };
    return { _id: `${event.source}|${id}`, schoolId, seq: fromSeq + i, event, recordedAt: new Date('2026-01-01T00:00:00Z') };
  });
  await db.collection('outcome_feed').insertMany(entries as never[]);
  await db
    .collection('counters')
    .updateOne({ _id: `outcome-feed|${schoolId}` as never }, { $max: { seq: fromSeq + count } }, { upsert: true });
}

/** read_model_answers_total on the service's /metrics for one model and source, 0 when absent (ADR 0060). */
export async function readModelAnswers(baseUrl: string, model: 'matching' | 'reports', source: 'memory' | 'database'): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('read_model_answers_total{') && l.includes(`model="${model}"`) && l.includes(`source="${source}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

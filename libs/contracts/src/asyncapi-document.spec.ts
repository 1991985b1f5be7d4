import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsyncAPIDocumentInterface, DiagnosticSeverity, MessageInterface, Parser, SchemaInterface } from '@asyncapi/parser';
import { z } from 'zod';
import { EventContract } from './event-contract';
import { ALL_EVENT_CONTRACTS } from './event-registry';
import { PRIVACY_EVENT_SAMPLES } from './privacy/privacy.events';
import { RD_EVENT_SAMPLES } from './rd/rd-event-samples';
import { SECONDMENT_EVENT_SAMPLES } from './secondment/secondment-event-samples';
import { COMPACTED_TOPICS, PERSONAL_DATA_TOPICS, Topics, deadLetterTopicOf, schoolOutcomeTopicOf } from './topics';

const DOCUMENT_PATH = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml');

const outcome = (kind: 'started' | 'completed' | 'terminated' | 'hired') => ({
  placementId: 'placement-1',
  schoolId: 'school-1',
  enterpriseId: 'enterprise-1',
  studentId: 'student-1',
  programme: 'mechatronics',
  cohort: '2024',
  kind: 'internship',
  role: 'CNC operator trainee',
  outcome: kind,
  occurredAt: '2026-03-10T07:30:00.000Z',
});

const agreement = (status: string, version: number) => ({
  agreementId: 'agreement-1',
  schoolId: 'school-1',
  enterpriseId: 'enterprise-1',
  scope: 'Apprenticeships in CNC machining',
  period: { from: '2026-03-01', to: '2028-02-29' },
  placementKinds: ['internship', 'apprenticeship'],
  status,
  version,
});

/** A valid `data` per contract type. A contract added without a sample fails below. */
const SAMPLE_DATA: Record<string, unknown> = {
  'talent.school.registered.v1': {
    schoolId: 'school-1',
    name: 'Riverside Vocational College',
    country: 'CN',
    registeredAt: '2026-03-02T09:15:00Z',
  },
  'talent.enterprise.registered.v1': {
    enterpriseId: 'enterprise-1',
    name: 'Precision Motors',
    country: 'CN',
    registeredAt: '2026-03-02T09:20:00Z',
  },
  'talent.placement.started.v1': outcome('started'),
  'talent.placement.completed.v1': outcome('completed'),
  'talent.placement.terminated.v1': outcome('terminated'),
  'talent.placement.hired.v1': {
    ...outcome('hired'),
    causedBy: { source: 'urn:erp:precision-motors:sap', id: 'hire-1', type: 'erp.hire.v1' },
    hire: { positionTitle: 'CNC machinist', hireDate: '2026-09-01' },
  },
  'erp.hire.v1': { placementId: 'placement-1', position: { title: 'CNC machinist' }, hireDate: '2026-09-01' },
  'erp.placement-end.v1': { placementId: 'placement-1', outcome: 'terminated', endReason: 'Ended by mutual agreement' },
  'erp.placement-end-rescinded.v1': { placementId: 'placement-1', rescindedEventId: 'end-2026-0001' },
  'erp.placement-start-rescinded.v1': { placementId: 'placement-1', rescindedEventId: 'start-2026-0001' },
  'erp.offer.v1': { placementId: 'placement-1', status: 'accepted', offeredAt: '2026-02-10', respondedAt: '2026-02-12' },
  'erp.placement-start.v1': { placementId: 'placement-1', startDate: '2026-03-02' },
  'erp.requisition.v1': {
    requisitionId: 'REQ-2026-0042',
    position: { title: 'CNC operator trainee', id: { value: 'POS-881', schemeId: 'position-id', schemeAgencyId: 'precision-motors-sap' } },
    skills: [{ label: 'CNC programming', escoUri: 'http://data.europa.eu/esco/skill/cnc-programming' }],
    headcount: 2,
    kind: 'internship',
    period: { from: '2026-03-01', to: '2026-08-31' },
    location: 'Suzhou',
  },
  'talent.requisition.opened.v1': {
    requisitionId: 'requisition-1',
    enterpriseId: 'enterprise-1',
    role: 'CNC operator trainee',
    skills: [{ label: 'CNC programming' }],
    headcount: 2,
    kind: 'internship',
    period: { from: '2026-03-01', to: '2026-08-31' },
    location: 'Suzhou',
    status: 'open',
    occurredAt: '2026-02-01T08:00:00.000Z',
  },
  'talent.requisition.updated.v1': {
    requisitionId: 'requisition-1',
    enterpriseId: 'enterprise-1',
    role: 'CNC operator trainee',
    skills: [],
    headcount: 3,
    kind: 'internship',
    period: { from: '2026-03-01', to: '2026-08-31' },
    location: 'Suzhou',
    status: 'open',
    erp: { requisitionId: 'REQ-2026-0042', positionId: { value: 'POS-881', schemeId: 'position-id' } },
    occurredAt: '2026-02-02T08:00:00.000Z',
  },
  'talent.requisition.status-changed.v1': {
    requisitionId: 'requisition-1',
    enterpriseId: 'enterprise-1',
    from: 'open',
    to: 'filled',
    occurredAt: '2026-03-01T08:00:00.000Z',
  },
  'talent.agreement.drafted.v1': { ...agreement('draft', 1), createdAt: '2026-03-03T10:00:00Z' },
  'talent.agreement.status-changed.v1': {
    ...agreement('active', 2),
    programmes: ['placements', 'secondments', 'rd'],
    previousStatus: 'draft',
    changedAt: '2026-03-04T10:00:00Z',
  },
  ...RD_EVENT_SAMPLES,
  ...SECONDMENT_EVENT_SAMPLES,
  ...PRIVACY_EVENT_SAMPLES,
};

/** Wrappers that do not change the shape a producer writes: optional, nullable, default, pipe, … */
function unwrapZod(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = (current as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    if (def.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return current;
    }
  }
}

/** A schema and, recursively, the members of its `allOf`: together they describe one object. */
function withAllOf(schema: SchemaInterface): SchemaInterface[] {
  return [schema, ...(schema.allOf() ?? []).flatMap(withAllOf)];
}

function sortedJson(values: readonly unknown[]): string {
  return JSON.stringify([...values].map(String).sort());
}

/**
 * Compares a zod object schema with the AsyncAPI schemas that describe the same object (a
 * property can be described in several `allOf` members): the same properties, the same
 * required ones, the same enum values, recursively through nested objects and arrays.
 */
function shapeProblems(path: string, zodObject: z.ZodObject, schemas: SchemaInterface[]): string[] {
  const parts = schemas.flatMap(withAllOf);
  const documented = new Map<string, SchemaInterface[]>();
  for (const part of parts) {
    for (const [key, property] of Object.entries(part.properties() ?? {})) documented.set(key, [...(documented.get(key) ?? []), property]);
  }
  const shape = zodObject.shape as Record<string, z.ZodType>;
  const required = Object.entries(shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
  const documentedRequired = new Set(parts.flatMap((part) => part.required() ?? []));
  const problems: string[] = [];
  if (sortedJson([...documented.keys()]) !== sortedJson(Object.keys(shape))) {
    problems.push(`${path}: properties ${sortedJson([...documented.keys()])}, zod has ${sortedJson(Object.keys(shape))}`);
  }
  if (sortedJson([...documentedRequired]) !== sortedJson(required)) {
    problems.push(`${path}: required ${sortedJson([...documentedRequired])}, zod requires ${sortedJson(required)}`);
  }
  for (const [key, field] of Object.entries(shape)) {
    const candidates = documented.get(key);
    if (candidates) problems.push(...fieldProblems(`${path}.${key}`, field, candidates));
  }
  return problems;
}

function fieldProblems(path: string, field: z.ZodType, schemas: SchemaInterface[]): string[] {
  const inner = unwrapZod(field);
  if (inner instanceof z.ZodObject) return shapeProblems(path, inner, schemas);
  if (inner instanceof z.ZodArray) {
    const items = schemas
      .flatMap(withAllOf)
      .flatMap((schema) => schema.items() ?? [])
      .flat();
    if (items.length === 0) return [`${path}: an array without documented items`];
    return fieldProblems(`${path}[]`, inner.element as z.ZodType, items);
  }
  if (inner instanceof z.ZodEnum || inner instanceof z.ZodLiteral) {
    const expected = inner instanceof z.ZodEnum ? Object.values(inner.enum) : [...inner.values];
    const documentedAs = (schema: SchemaInterface) =>
      (schema.enum() !== undefined && sortedJson(schema.enum()!) === sortedJson(expected)) ||
      (expected.length === 1 && schema.const() === expected[0]);
    return schemas.flatMap(withAllOf).some(documentedAs) ? [] : [`${path}: not documented as ${sortedJson(expected)}`];
  }
  return [];
}

describe('docs/asyncapi.yaml', () => {
  let document: AsyncAPIDocumentInterface;

  beforeAll(async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(readFileSync(DOCUMENT_PATH, 'utf8'));
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(parsed).toBeDefined();
    document = parsed!;
  });

  const channelAt = (address: string) =>
    document
      .channels()
      .all()
      .find((channel) => channel.address() === address);
  const messageOf = (contract: EventContract): MessageInterface | undefined =>
    channelAt(contract.topic)
      ?.messages()
      .all()
      .find((message) => message.name() === contract.type);

  it('is an AsyncAPI 3.0.0 document', () => {
    expect(document.version()).toBe('3.0.0');
  });

  it.each(Object.values(Topics))('has channels for topic %s and its dead-letter topic', (topic) => {
    expect(channelAt(topic)).toBeDefined();
    expect(channelAt(deadLetterTopicOf(topic))).toBeDefined();
    expect(channelAt(deadLetterTopicOf(topic))!.messages().length).toBeGreaterThan(0);
  });

  it.each(Object.values(Topics))('documents the lifetime of %s and its dead-letter topic as provisioned (ADR 0074)', (topic) => {
    // KAFKA_PERSONAL_DATA_MAX_AGE_DAYS' default (28) less the day a segment stays open.
    const bounded = { 'cleanup.policy': ['delete'], 'retention.ms': 27 * 86_400_000 };
    const configurationOf = (address: string) =>
      (channelAt(address)!.bindings().get('kafka')?.value() as { topicConfiguration?: unknown }).topicConfiguration;
    const personal = PERSONAL_DATA_TOPICS.includes(topic);
    const compacted = COMPACTED_TOPICS.includes(topic);
    expect(configurationOf(topic)).toEqual(compacted ? { 'cleanup.policy': ['compact'] } : personal ? bounded : undefined);
    expect(configurationOf(deadLetterTopicOf(topic))).toEqual(personal ? bounded : undefined);
  });

  it("documents each school's own outcome topic with the outcome messages and the lifetime of a topic naming people", () => {
    const channel = channelAt(schoolOutcomeTopicOf('{schoolId}'))!;
    expect(
      channel
        .messages()
        .all()
        .map((message) => message.name())
        .sort(),
    ).toEqual(
      ALL_EVENT_CONTRACTS.filter((contract) => contract.topic === Topics.placementOutcomes)
        .map((contract) => contract.type)
        .sort(),
    );
    expect(channel.bindings().get('kafka')?.value()).toMatchObject({
      partitions: 1,
      topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': 27 * 86_400_000 },
    });
  });

  it('has no channel for a topic the contracts do not know', () => {
    // Each school's own outcome topic is one channel with the school id as its parameter (ADR 0075).
    const known = [...Object.values(Topics).flatMap((topic) => [topic, deadLetterTopicOf(topic)]), schoolOutcomeTopicOf('{schoolId}')];
    const unknown = document
      .channels()
      .all()
      .map((channel) => channel.address())
      .filter((address) => !known.includes(address ?? ''));
    expect(unknown).toEqual([]);
  });

  it.each(Object.values(Topics))('has on channel %s exactly the event types whose contract names that topic', (topic) => {
    const documented = channelAt(topic)!
      .messages()
      .all()
      .map((message) => message.name())
      .sort();
    expect(documented).toEqual(
      ALL_EVENT_CONTRACTS.filter((contract) => contract.topic === topic)
        .map((contract) => contract.type)
        .sort(),
    );
  });

  it('documents dead letters with every dlt-* header the transport writes', () => {
    for (const topic of Object.values(Topics)) {
      for (const message of channelAt(deadLetterTopicOf(topic))!.messages().all()) {
        expect([...(message.headers()?.required() ?? [])].sort()).toEqual(
          [
            'dlt-attempts',
            'dlt-consumer-group',
            'dlt-error',
            'dlt-failed-at',
            'dlt-original-offset',
            'dlt-original-partition',
            'dlt-original-topic',
            'dlt-reason',
          ].sort(),
        );
        expect(message.headers()!.properties()!['dlt-reason'].enum()).toEqual(['malformed', 'invalid', 'no-handler', 'handler-failed']);
      }
    }
  });

  describe.each(ALL_EVENT_CONTRACTS.map((contract) => [contract.type, contract] as const))('%s', (_type, contract) => {
    it('has a message named after its type on the channel of its topic', () => {
      expect(channelAt(contract.topic)).toBeDefined();
      expect(messageOf(contract)).toBeDefined();
    });

    it('pins ce_type to its type and describes the record key', () => {
      const message = messageOf(contract)!;
      expect(message.headers()?.properties()?.ce_type?.const()).toBe(contract.type);
      expect(message.bindings().get('kafka')?.value().key).toBeDefined();
    });

    it('is sent by at least one operation on the channel of its topic', () => {
      const senders = document
        .operations()
        .all()
        .filter((operation) => operation.action() === 'send')
        .filter((operation) =>
          operation
            .channels()
            .all()
            .some((channel) => channel.address() === contract.topic),
        )
        .filter((operation) =>
          operation
            .messages()
            .all()
            .some((message) => message.name() === contract.type),
        );
      expect(senders.map((operation) => operation.id())).not.toEqual([]);
    });

    it('documents the properties, required fields and enums of the data as the zod schema has them, nested ones too', () => {
      const contractObject = unwrapZod(contract.schema as z.ZodType);
      // A tombstone contract: the record has no value.
      if (contractObject instanceof z.ZodNull) {
        expect(messageOf(contract)!.payload()!.type()).toBe('null');
        return;
      }
      expect(contractObject).toBeInstanceOf(z.ZodObject);
      expect(shapeProblems('data', contractObject as z.ZodObject, [messageOf(contract)!.payload()!])).toEqual([]);
    });

    it('has a valid sample data object', () => {
      const sample = SAMPLE_DATA[contract.type];
      expect(sample).toBeDefined();
      expect((contract.schema as z.ZodType).safeParse(sample).error?.issues ?? []).toEqual([]);
    });

    it('has examples, if any, whose payload passes the zod schema', () => {
      for (const example of messageOf(contract)!.examples().all()) {
        expect((contract.schema as z.ZodType).safeParse(example.payload()).error?.issues ?? []).toEqual([]);
        expect(example.headers()?.ce_type).toBe(contract.type);
      }
    });
  });
});

import { z } from 'zod';
import { CloudEvent } from './cloud-event';
import { defineEventContract } from './event-contract';
import { ALL_EVENT_CONTRACTS, EventRegistry, EventValidationError, UnknownEventTypeError } from './event-registry';
import { AgreementDrafted } from './agreement/agreement-drafted.event';
import { AgreementStatusChanged } from './agreement/agreement-status-changed.event';
import { ErpHire } from './erp/erp-hire.event';
import { EnterpriseRegistered } from './partner/enterprise-registered.event';
import { SchoolRegistered } from './partner/school-registered.event';
import { PlacementCompleted } from './placement/placement-completed.event';
import { PlacementHired } from './placement/placement-hired.event';
import { PlacementStarted } from './placement/placement-started.event';
import { PlacementTerminated } from './placement/placement-terminated.event';
import { PRIVACY_EVENT_SAMPLES } from './privacy/privacy.events';
import { RD_EVENT_SAMPLES } from './rd/rd-event-samples';
import { SECONDMENT_EVENT_SAMPLES } from './secondment/secondment-event-samples';

function envelope<T>(type: string, data: T): CloudEvent<string, T> {
  return {
    specversion: '1.0',
    id: 'evt-1',
    source: 'urn:test',
    type,
    time: '2026-09-01T08:00:00Z',
    datacontenttype: 'application/json',
    data,
  };
}

const placementOutcome = (outcome: string) => ({
  placementId: 'pl-1',
  schoolId: 'sch-1',
  enterpriseId: 'ent-1',
  studentId: 'stu-1',
  programme: 'Mechatronics',
  cohort: '2026',
  kind: 'internship',
  role: 'CNC machinist',
  outcome,
  occurredAt: '2026-09-01T08:00:00Z',
});

const agreementState = (status: string) => ({
  agreementId: 'agr-1',
  schoolId: 'sch-1',
  enterpriseId: 'ent-1',
  scope: 'Dual apprenticeships in mechatronics',
  period: { from: '2026-01-01', to: '2028-12-31' },
  placementKinds: ['internship', 'apprenticeship'],
  status,
  version: 1,
});

const requisitionSnapshot = {
  requisitionId: 'req-1',
  enterpriseId: 'ent-1',
  role: 'CNC machinist',
  skills: [{ label: 'CNC programming', escoUri: 'http://data.europa.eu/esco/skill/cnc' }],
  headcount: 2,
  kind: 'internship',
  period: { from: '2026-03-01', to: '2026-08-31' },
  location: 'Suzhou',
  status: 'open',
  occurredAt: '2026-09-01T08:00:00Z',
};

/** One valid `data` per contract; the table below must cover every registered contract. */
const VALID_DATA: Record<string, unknown> = {
  [SchoolRegistered.type]: { schoolId: 'sch-1', name: 'Berufsschule Nord', country: 'DE', registeredAt: '2026-01-01T00:00:00Z' },
  [EnterpriseRegistered.type]: {
    enterpriseId: 'ent-1',
    name: 'Precision Motors',
    country: 'DE',
    industry: 'manufacturing',
    registeredAt: '2026-01-01T00:00:00Z',
  },
  [PlacementStarted.type]: placementOutcome('started'),
  [PlacementCompleted.type]: placementOutcome('completed'),
  [PlacementTerminated.type]: placementOutcome('terminated'),
  [PlacementHired.type]: {
    ...placementOutcome('hired'),
    causedBy: { source: 'urn:erp:x', id: 'hire-1', type: 'erp.hire.v1' },
    hire: { positionTitle: 'CNC machinist', hireDate: '2026-09-01' },
  },
  [ErpHire.type]: { placementId: 'pl-1', position: { title: 'CNC machinist' }, hireDate: '2026-09-01' },
  'erp.placement-end.v1': { placementId: 'placement-1', outcome: 'terminated', endReason: 'Ended by mutual agreement' },
  'erp.placement-end-rescinded.v1': { placementId: 'placement-1', rescindedEventId: 'end-2026-0001' },
  'erp.placement-start-rescinded.v1': { placementId: 'placement-1', rescindedEventId: 'start-2026-0001' },
  'erp.offer.v1': { placementId: 'placement-1', status: 'accepted', offeredAt: '2026-02-10', respondedAt: '2026-02-12' },
  'erp.placement-start.v1': { placementId: 'placement-1', startDate: '2026-03-02' },
  'erp.requisition.v1': {
    requisitionId: 'REQ-1',
    position: { title: 'CNC machinist', id: { value: 'POS-1', schemeId: 'position-id' } },
    skills: [{ label: 'CNC programming' }],
    headcount: 1,
    kind: 'job',
    period: { from: '2026-09-01', to: '2027-08-31' },
    location: 'Suzhou',
  },
  'talent.requisition.opened.v1': requisitionSnapshot,
  'talent.requisition.updated.v1': { ...requisitionSnapshot, headcount: 3 },
  'talent.requisition.status-changed.v1': {
    requisitionId: 'req-1',
    enterpriseId: 'ent-1',
    from: 'open',
    to: 'closed',
    occurredAt: '2026-09-01T08:00:00Z',
  },
  [AgreementDrafted.type]: { ...agreementState('draft'), createdAt: '2026-01-01T00:00:00Z' },
  // An agreement that states its programmes; the drafted sample above is one recorded without.
  [AgreementStatusChanged.type]: {
    ...agreementState('active'),
    programmes: ['placements', 'secondments'],
    version: 2,
    previousStatus: 'draft',
    reason: 'signed by both partners',
    changedAt: '2026-01-02T00:00:00Z',
  },
  ...RD_EVENT_SAMPLES,
  ...SECONDMENT_EVENT_SAMPLES,
  ...PRIVACY_EVENT_SAMPLES,
};

describe('EventRegistry', () => {
  const registry = new EventRegistry();

  it('has a valid sample for every contract in ALL_EVENT_CONTRACTS', () => {
    expect(Object.keys(VALID_DATA).sort()).toEqual(ALL_EVENT_CONTRACTS.map((c) => c.type).sort());
  });

  describe.each(ALL_EVENT_CONTRACTS.map((c) => [c.type, c] as const))('%s', (type, contract) => {
    it('parses a valid event and keeps its envelope', () => {
      const event = envelope(type, VALID_DATA[type]);
      expect(registry.has(type)).toBe(true);
      expect(registry.parse(event)).toEqual(event);
    });

    it('rejects data that is not an object', () => {
      expect(() => registry.parse(envelope(type, 'nope'))).toThrow(EventValidationError);
    });

    it('strips fields the contract does not know (a tombstone contract takes no data at all)', () => {
      if (VALID_DATA[type] === null) {
        expect(() => registry.parse(envelope(type, { unexpected: 1 }))).toThrow(EventValidationError);
        return;
      }
      const parsed = registry.parse(envelope(type, { ...(VALID_DATA[type] as object), unexpected: 1 }));
      expect(parsed.data).not.toHaveProperty('unexpected');
      expect(contract.schema.safeParse(parsed.data).success).toBe(true);
    });
  });

  it('lists every invalid field as a data.<field> path in the error', () => {
    const data = { ...(VALID_DATA[SchoolRegistered.type] as object), country: 'DEU', registeredAt: 'yesterday' };
    let caught: unknown;
    try {
      registry.parse(envelope(SchoolRegistered.type, data));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventValidationError);
    const error = caught as EventValidationError;
    expect(error.eventType).toBe(SchoolRegistered.type);
    expect(error.issues.map((i) => i.path).sort()).toEqual(['data.country', 'data.registeredAt']);
    expect(error.message).toContain('data.country');
    expect(error.message).toContain('data.registeredAt');
  });

  it('names nested fields with dotted paths, e.g. data.position.title', () => {
    const data = { placementId: 'pl-1', position: { title: '' }, hireDate: '2026-09-01' };
    expect(() => registry.parse(envelope(ErpHire.type, data))).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'data.position.title' })] }),
    );
  });

  it('throws UnknownEventTypeError for a type no contract declares', () => {
    expect(registry.has('no.such.type.v1')).toBe(false);
    expect(() => registry.parse(envelope('no.such.type.v1', {}))).toThrow(UnknownEventTypeError);
    expect(() => registry.parse(envelope('no.such.type.v1', {}))).toThrow('no.such.type.v1');
  });

  describe('ErpHire: either placementId or person.ids', () => {
    const base = { position: { title: 'CNC machinist' }, hireDate: '2026-09-01' };

    it('accepts a hire naming only the placement', () => {
      expect(registry.parse(envelope(ErpHire.type, { ...base, placementId: 'pl-1' })).data).toEqual({ ...base, placementId: 'pl-1' });
    });

    it('accepts a hire naming only the person', () => {
      const person = { ids: [{ value: 'stu-1', schemeId: 'school-enterprise-platform:student' }] };
      expect(registry.parse(envelope(ErpHire.type, { ...base, person })).data).toEqual({ ...base, person });
    });

    it('rejects a hire naming neither, at data.placementId', () => {
      expect(() => registry.parse(envelope(ErpHire.type, base))).toThrow(
        expect.objectContaining({
          issues: [{ path: 'data.placementId', message: 'either placementId or person.ids is required' }],
        }),
      );
    });

    it('rejects a person with an empty ids list', () => {
      expect(() => registry.parse(envelope(ErpHire.type, { ...base, person: { ids: [] } }))).toThrow(
        expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ path: 'data.person.ids' })]) }),
      );
    });

    it('rejects a hireDate that is not an ISO date', () => {
      expect(() => registry.parse(envelope(ErpHire.type, { ...base, placementId: 'pl-1', hireDate: '01.09.2026' }))).toThrow(
        expect.objectContaining({ issues: [expect.objectContaining({ path: 'data.hireDate' })] }),
      );
    });
  });

  describe('upcasting', () => {
    const V2 = defineEventContract({
      type: 'test.thing.v2',
      topic: 'test.thing.v2',
      description: 'test-only v2',
      schema: z.object({ fullName: z.string().min(1), count: z.number().int() }),
      upcastFrom: {
        'test.thing.v1': (old) => {
          const v1 = old as { first: string; last: string; count: number };
          return { fullName: `${v1.first} ${v1.last}`.trim(), count: v1.count };
        },
      },
    });
    const local = new EventRegistry([V2]);

    it('knows both the current and the upcastable type', () => {
      expect(local.has('test.thing.v2')).toBe(true);
      expect(local.has('test.thing.v1')).toBe(true);
      expect(local.has('test.thing.v3')).toBe(false);
    });

    it('returns a v1 event as v2 with upcast, validated data and the v2 dataschema', () => {
      const v1 = { ...envelope('test.thing.v1', { first: 'Ada', last: 'Lovelace', count: 3 }), subject: 's-1' };
      expect(local.parse(v1)).toEqual({
        ...v1,
        type: 'test.thing.v2',
        dataschema: 'urn:school-enterprise:schema:test.thing.v2',
        data: { fullName: 'Ada Lovelace', count: 3 },
      });
    });

    it('validates the upcast data against the v2 schema and reports the v2 type', () => {
      const v1 = envelope('test.thing.v1', { first: '', last: '', count: 1.5 });
      expect(() => local.parse(v1)).toThrow(
        expect.objectContaining({
          eventType: 'test.thing.v2',
          issues: expect.arrayContaining([
            expect.objectContaining({ path: 'data.fullName' }),
            expect.objectContaining({ path: 'data.count' }),
          ]),
        }),
      );
    });

    it('leaves a current-version event untouched by the upcaster', () => {
      const v2 = envelope('test.thing.v2', { fullName: 'Ada', count: 1 });
      expect(local.parse(v2)).toEqual(v2);
    });
  });
});

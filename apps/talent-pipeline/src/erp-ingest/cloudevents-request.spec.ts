import { EventRegistry } from '@app/contracts';
import { BATCH_CONTENT_TYPE, parseCloudEventsBody, SINGLE_CONTENT_TYPE } from './cloudevents-request';

const registry = new EventRegistry();
const ALLOWED = ['erp.hire.v1'];

const hire = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'hire-2026-0001',
  source: 'urn:erp:precision-motors:sap',
  type: 'erp.hire.v1',
  time: '2026-09-01T08:00:00Z',
  data: { placementId: 'pl-1', position: { title: 'CNC machinist' }, hireDate: '2026-09-01', ...data },
  ...overrides,
});

const fieldsOf = (result: { errors: { field: string }[] }) => result.errors.map((e) => e.field);

describe('parseCloudEventsBody', () => {
  describe('single event (application/cloudevents+json)', () => {
    it('returns the validated event with the envelope filled in', () => {
      const result = parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire(), registry, ALLOWED);
      expect(result.errors).toEqual([]);
      expect(result.events).toEqual([{ ...hire(), datacontenttype: 'application/json' }]);
    });

    it('stamps the receive time when the event has no time', () => {
      const { time: _omit, ...untimed } = hire();
      const before = Date.now();
      const [event] = parseCloudEventsBody(SINGLE_CONTENT_TYPE, untimed, registry, ALLOWED).events;
      expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(event.time)).toBeLessThanOrEqual(Date.now());
    });

    it('accepts a time with a UTC offset', () => {
      expect(parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire({ time: '2026-09-01T10:00:00+02:00' }), registry, ALLOWED).errors).toEqual([]);
    });

    it('names an invalid data field as data.<field>', () => {
      const result = parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire({}, { hireDate: 'next monday' }), registry, ALLOWED);
      expect(result.events).toEqual([]);
      expect(fieldsOf(result)).toEqual(['data.hireDate']);
    });

    it('names the ErpHire rule when neither placementId nor person is given', () => {
      const result = parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire({}, { placementId: undefined }), registry, ALLOWED);
      expect(result.errors).toEqual([{ field: 'data.placementId', message: 'either placementId or person.ids is required' }]);
    });

    it('names specversion when it is not 1.0', () => {
      expect(fieldsOf(parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire({ specversion: '0.3' }), registry, ALLOWED))).toEqual(['specversion']);
    });

    it('names each missing or invalid envelope attribute', () => {
      const result = parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire({ id: '', source: undefined, time: 'today' }), registry, ALLOWED);
      expect(fieldsOf(result).sort()).toEqual(['id', 'source', 'time']);
    });

    it('rejects a datacontenttype other than application/json', () => {
      expect(fieldsOf(parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire({ datacontenttype: 'text/xml' }), registry, ALLOWED))).toEqual([
        'datacontenttype',
      ]);
    });

    it('names type for a registered type that this endpoint does not accept', () => {
      const result = parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire({ type: 'talent.school.registered.v1' }), registry, ALLOWED);
      expect(result.errors).toEqual([{ field: 'type', message: 'unsupported event type; expected one of erp.hire.v1' }]);
    });

    it('names type for an allowed type the registry does not know', () => {
      const result = parseCloudEventsBody(SINGLE_CONTENT_TYPE, hire({ type: 'erp.fire.v1' }), registry, [...ALLOWED, 'erp.fire.v1']);
      expect(result.events).toEqual([]);
      expect(fieldsOf(result)).toEqual(['type']);
    });

    it('names the whole event when the body is not an object', () => {
      expect(fieldsOf(parseCloudEventsBody(SINGLE_CONTENT_TYPE, 'hello', registry, ALLOWED))).toEqual(['(event)']);
    });
  });

  describe('batch (application/cloudevents-batch+json)', () => {
    it('returns every valid event in order', () => {
      const body = [hire({ id: 'a' }), hire({ id: 'b' })];
      const result = parseCloudEventsBody(BATCH_CONTENT_TYPE, body, registry, ALLOWED);
      expect(result.errors).toEqual([]);
      expect(result.events.map((e) => e.id)).toEqual(['a', 'b']);
    });

    it('prefixes errors with the index of the offending event', () => {
      const body = [hire({ id: 'a' }), hire({ id: 'b' }, { hireDate: '2026-13-45' }), hire({ id: 'c', specversion: '2.0' })];
      const result = parseCloudEventsBody(BATCH_CONTENT_TYPE, body, registry, ALLOWED);
      expect(fieldsOf(result)).toEqual(['[1].data.hireDate', '[2].specversion']);
      expect(result.events.map((e) => e.id)).toEqual(['a']);
    });

    it('prefixes unsupported types with the index', () => {
      const result = parseCloudEventsBody(BATCH_CONTENT_TYPE, [hire(), hire({ type: 'x.y.v1' })], registry, ALLOWED);
      expect(fieldsOf(result)).toEqual(['[1].type']);
    });

    it('rejects a body that is not an array', () => {
      expect(parseCloudEventsBody(BATCH_CONTENT_TYPE, hire(), registry, ALLOWED)).toEqual({
        events: [],
        errors: [{ field: '(body)', message: 'a batch must be a JSON array' }],
      });
    });

    it('rejects an empty batch', () => {
      expect(parseCloudEventsBody(BATCH_CONTENT_TYPE, [], registry, ALLOWED)).toEqual({
        events: [],
        errors: [{ field: '(body)', message: 'a batch must hold at least one event' }],
      });
    });

    it('names a non-object entry by its index', () => {
      expect(fieldsOf(parseCloudEventsBody(BATCH_CONTENT_TYPE, [hire(), 42], registry, ALLOWED))).toEqual(['[1].(event)']);
    });
  });
});

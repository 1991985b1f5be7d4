import { IHeaders } from 'kafkajs';
import { CloudEvent } from '@app/contracts';
import { decodeKafkaRecord, encodeKafkaRecord, MalformedRecordError } from './kafka-record-codec';

const fullEvent: CloudEvent = {
  specversion: '1.0',
  id: 'evt-42',
  source: 'urn:school-enterprise:talent-pipeline',
  type: 'talent.placement.started.v1',
  subject: 'pl-1',
  time: '2026-09-01T08:00:00.000Z',
  datacontenttype: 'application/json',
  dataschema: 'urn:school-enterprise:schema:talent.placement.started.v1',
  correlationid: 'corr-7',
  data: { placementId: 'pl-1', nested: { list: [1, 2, 3] }, text: 'Zürich ✓' },
};

/** kafkajs hands consumers header values as Buffers, not strings. */
function asDelivered(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))]));
}

function validRecord(overrides: IHeaders = {}, value: Buffer | null = Buffer.from('{"a":1}')) {
  return {
    headers: asDelivered({
      ce_specversion: '1.0',
      ce_id: 'evt-1',
      ce_source: 'urn:test',
      ce_type: 'test.v1',
      ce_time: '2026-09-01T08:00:00.000Z',
      'content-type': 'application/json',
      ...overrides,
    }),
    value,
  };
}

describe('encodeKafkaRecord (CloudEvents Kafka binary mode)', () => {
  it('puts every attribute in a ce_* header, the content type in content-type, data in the value and the key as given', () => {
    const record = encodeKafkaRecord(fullEvent, 'school-1');
    expect(record.key).toBe('school-1');
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: 'evt-42',
      ce_source: 'urn:school-enterprise:talent-pipeline',
      ce_type: 'talent.placement.started.v1',
      ce_time: '2026-09-01T08:00:00.000Z',
      ce_subject: 'pl-1',
      ce_dataschema: 'urn:school-enterprise:schema:talent.placement.started.v1',
      ce_correlationid: 'corr-7',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(record.value))).toEqual(fullEvent.data);
  });

  it('omits headers for optional attributes the event does not carry', () => {
    const { subject: _s, dataschema: _d, correlationid: _c, ...minimal } = fullEvent;
    const headers = encodeKafkaRecord(minimal as CloudEvent, 'k').headers ?? {};
    expect(headers).not.toHaveProperty('ce_subject');
    expect(headers).not.toHaveProperty('ce_dataschema');
    expect(headers).not.toHaveProperty('ce_correlationid');
  });

  it('does not wrap data in a structured-mode envelope', () => {
    const value = JSON.parse(String(encodeKafkaRecord(fullEvent, 'k').value));
    expect(value).not.toHaveProperty('specversion');
    expect(value).not.toHaveProperty('data');
  });
});

describe('decodeKafkaRecord', () => {
  it('refuses a value whose JSON escapes a lone surrogate (it has no UTF-8 form and would be stored altered), naming where', () => {
    expect(() => decodeKafkaRecord(validRecord({}, Buffer.from('{"requisitionId":"\\ud800","tags":["ok","\\udc00x"]}')))).toThrow(
      new MalformedRecordError('record value holds text that is not well-formed Unicode (a lone UTF-16 surrogate) at data.requisitionId'),
    );
    expect(() => decodeKafkaRecord(validRecord({}, Buffer.from('{"tags":["ok","\\udc00x"]}')))).toThrow(/at data\.tags\.1$/);
    expect(() => decodeKafkaRecord(validRecord({}, Buffer.from('{"\\ud800":1}')))).toThrow(MalformedRecordError);
  });

  it('accepts an escaped surrogate pair, which is one well-formed code point', () => {
    expect(decodeKafkaRecord(validRecord({}, Buffer.from('{"icon":"\\ud83d\\ude00"}'))).data).toEqual({ icon: '😀' });
  });

  it('round-trips an encoded event when headers and value arrive as Buffers', () => {
    const record = encodeKafkaRecord(fullEvent, 'school-1');
    const decoded = decodeKafkaRecord({ headers: asDelivered(record.headers), value: Buffer.from(String(record.value)) });
    expect(decoded).toEqual(fullEvent);
  });

  it('round-trips an event without optional attributes, leaving them undefined', () => {
    const { subject: _s, dataschema: _d, correlationid: _c, ...minimal } = fullEvent;
    const record = encodeKafkaRecord(minimal as CloudEvent, 'k');
    const decoded = decodeKafkaRecord({ headers: asDelivered(record.headers), value: Buffer.from(String(record.value)) });
    expect(decoded).toMatchObject(minimal);
    expect(decoded.subject).toBeUndefined();
    expect(decoded.dataschema).toBeUndefined();
    expect(decoded.correlationid).toBeUndefined();
  });

  it('reads the first value of a repeated header', () => {
    const record = validRecord();
    record.headers.ce_id = [Buffer.from('first'), Buffer.from('second')];
    expect(decodeKafkaRecord(record).id).toBe('first');
  });

  it('accepts a content-type with parameters such as charset', () => {
    expect(decodeKafkaRecord(validRecord({ 'content-type': 'application/json; charset=utf-8' })).data).toEqual({ a: 1 });
  });

  it('treats a null value (tombstone) as null data', () => {
    expect(decodeKafkaRecord(validRecord({}, null)).data).toBeNull();
  });

  it('encodes null data as a record without a value (a tombstone on a compacted topic), headers kept', () => {
    const record = encodeKafkaRecord({ ...fullEvent, data: null }, 'consent-1');
    expect(record.value).toBeNull();
    expect(record.key).toBe('consent-1');
    expect(record.headers).toMatchObject({ ce_id: fullEvent.id, ce_type: fullEvent.type });
    expect(decodeKafkaRecord({ headers: record.headers!, value: null })).toMatchObject({ id: fullEvent.id, data: null });
  });

  it.each(['ce_id', 'ce_source', 'ce_type', 'ce_specversion'])('rejects a record without %s, naming the header', (name) => {
    const record = validRecord();
    delete record.headers[name];
    expect(() => decodeKafkaRecord(record)).toThrow(MalformedRecordError);
    expect(() => decodeKafkaRecord(record)).toThrow(name);
  });

  // kafkajs decodes a header sent without a value (length -1) as null, which its types do not admit.
  it('rejects a record whose required header has no value (null), as malformed', () => {
    const record = validRecord();
    record.headers.ce_id = null as never;
    expect(() => decodeKafkaRecord(record)).toThrow(new MalformedRecordError('missing header ce_id'));
  });

  it('reads an optional header that has no value (null) as absent', () => {
    const record = validRecord();
    record.headers.ce_subject = null as never;
    record.headers.ce_time = [null, Buffer.from('2026-09-01T08:00:00.000Z')] as never;
    const decoded = decodeKafkaRecord(record);
    expect(decoded.subject).toBeUndefined();
    expect(decoded.time).toEqual(expect.any(String));
  });

  it('rejects a record with an empty ce_id', () => {
    expect(() => decodeKafkaRecord(validRecord({ ce_id: '' }))).toThrow(MalformedRecordError);
  });

  it('rejects a specversion other than 1.0', () => {
    expect(() => decodeKafkaRecord(validRecord({ ce_specversion: '0.3' }))).toThrow(new MalformedRecordError('ce_specversion must be 1.0'));
  });

  it('rejects a value that is not JSON', () => {
    expect(() => decodeKafkaRecord(validRecord({}, Buffer.from('{not json')))).toThrow(
      new MalformedRecordError('record value is not valid JSON'),
    );
  });

  it('rejects a non-JSON content-type', () => {
    expect(() => decodeKafkaRecord(validRecord({ 'content-type': 'application/avro' }))).toThrow(MalformedRecordError);
    expect(() => decodeKafkaRecord(validRecord({ 'content-type': 'application/avro' }))).toThrow('application/avro');
  });

  it('rejects a record without any headers', () => {
    expect(() => decodeKafkaRecord({ headers: undefined, value: Buffer.from('{}') })).toThrow(MalformedRecordError);
  });
});

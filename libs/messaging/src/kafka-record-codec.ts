import { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { illFormedTextPath } from '@app/base';
import { CloudEvent } from '@app/contracts';

/**
 * CloudEvents Kafka protocol binding, binary mode: attributes travel as `ce_*` headers, the
 * record value is the `data` JSON, the record key is the aggregate id. An event whose `data` is
 * null becomes a record without a value: a tombstone on a compacted topic.
 */
export function encodeKafkaRecord(event: CloudEvent, key: string): Message {
  const headers: IHeaders = {
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_time: event.time,
    'content-type': event.datacontenttype,
  };
  if (event.subject) headers.ce_subject = event.subject;
  if (event.dataschema) headers.ce_dataschema = event.dataschema;
  if (event.correlationid) headers.ce_correlationid = event.correlationid;
  return { key, value: event.data === null ? null : JSON.stringify(event.data), headers };
}

export class MalformedRecordError extends Error {}

/**
 * A header value as text (the first value that has one, when repeated: what `withoutValuelessHeaders`
 * keeps first, so a replayed record reads as its original did), or undefined when absent. A header sent
 * without a value (length -1, which Java and librdkafka producers can write) arrives from kafkajs
 * as null, outside its types: it reads as absent, so such a record is judged like any other
 * instead of throwing a TypeError that would crash the consumer on it for ever.
 */
export function headerText(raw: IHeaders[string] | null): string | undefined {
  const value = Array.isArray(raw) ? (raw as (Buffer | string | null)[]).find((one) => one != null) : raw;
  return value == null ? undefined : value.toString();
}

/**
 * The headers without those that have no value (null, see `headerText`), values kept as they are:
 * kafkajs' producer cannot write a null header (it throws a TypeError), so a dead letter or a
 * replay keeping one could never be sent.
 */
export function withoutValuelessHeaders(headers: IHeaders | undefined): IHeaders {
  const kept: IHeaders = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter((value) => value != null);
    if (values.length > 0) kept[name] = Array.isArray(raw) ? values : values[0];
  }
  return kept;
}

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

export function decodeKafkaRecord(message: Pick<KafkaMessage, 'headers' | 'value'>): CloudEvent {
  const header = (name: string): string | undefined => headerText(message.headers?.[name]);
  const required = (name: string): string => {
    const value = header(name);
    if (!value) throw new MalformedRecordError(`missing header ${name}`);
    return value;
  };
  if (required('ce_specversion') !== '1.0') throw new MalformedRecordError('ce_specversion must be 1.0');
  const contentType = header('content-type') ?? 'application/json';
  if (contentType.split(';')[0].trim() !== 'application/json') {
    throw new MalformedRecordError(`unsupported content-type ${contentType}`);
  }
  let data: unknown;
  const text = message.value === null ? null : message.value.toString();
  try {
    data = text === null ? null : JSON.parse(text);
  } catch {
    throw new MalformedRecordError('record value is not valid JSON');
  }
  // Only a \uD800-\uDFFF escape can give a lone surrogate (UTF-8 bytes cannot): walk the data only then.
  const illFormedAt = text !== null && SURROGATE_ESCAPE.test(text) ? illFormedTextPath(data, 'data') : undefined;
  if (illFormedAt) {
    throw new MalformedRecordError(`record value holds text that is not well-formed Unicode (a lone UTF-16 surrogate) at ${illFormedAt}`);
  }
  return {
    specversion: '1.0',
    id: required('ce_id'),
    source: required('ce_source'),
    type: required('ce_type'),
    time: header('ce_time') ?? new Date().toISOString(),
    subject: header('ce_subject'),
    dataschema: header('ce_dataschema'),
    correlationid: header('ce_correlationid'),
    datacontenttype: 'application/json',
    data,
  };
}

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

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

export function decodeKafkaRecord(message: Pick<KafkaMessage, 'headers' | 'value'>): CloudEvent {
  const header = (name: string): string | undefined => {
    const raw = message.headers?.[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return value === undefined ? undefined : value.toString();
  };
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

import { z } from 'zod';
import { CloudEvent, EventRegistry, EventValidationError, UnknownEventTypeError } from '@app/contracts';
import { FieldError } from '@app/base';

export const SINGLE_CONTENT_TYPE = 'application/cloudevents+json';
export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';

const EnvelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(256),
  source: z.string().min(1).max(1024),
  type: z.string().min(1).max(128),
  subject: z.string().max(1024).optional(),
  time: z.iso.datetime({ offset: true }).optional(),
  datacontenttype: z.literal('application/json').optional(),
  dataschema: z.string().max(2048).optional(),
  /** CloudEvents extension an ERP may send to trace its own request through the platform. */
  correlationid: z.string().min(1).max(128).optional(),
  data: z.unknown(),
});

export type ParsedCloudEvents = { events: CloudEvent[]; errors: FieldError[] };

/**
 * Reads a CloudEvents structured-mode body, single or batch, and validates every event's
 * envelope and `data` against the registered contracts. Errors name the event and field:
 * `data.hireDate` for a single event, `[2].data.hireDate` in a batch.
 */
export function parseCloudEventsBody(
  contentType: string,
  body: unknown,
  registry: EventRegistry,
  allowedTypes: readonly string[],
): ParsedCloudEvents {
  const isBatch = contentType === BATCH_CONTENT_TYPE;
  if (isBatch && !Array.isArray(body)) return { events: [], errors: [{ field: '(body)', message: 'a batch must be a JSON array' }] };
  if (isBatch && (body as unknown[]).length === 0)
    return { events: [], errors: [{ field: '(body)', message: 'a batch must hold at least one event' }] };
  const items: unknown[] = isBatch ? (body as unknown[]) : [body];
  const events: CloudEvent[] = [];
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    const prefix = isBatch ? `[${index}].` : '';
    const envelope = EnvelopeSchema.safeParse(item);
    if (!envelope.success) {
      errors.push(...envelope.error.issues.map((i) => ({ field: prefix + (i.path.join('.') || '(event)'), message: i.message })));
      return;
    }
    const raw = envelope.data;
    if (!allowedTypes.includes(raw.type)) {
      errors.push({ field: `${prefix}type`, message: `unsupported event type; expected one of ${allowedTypes.join(', ')}` });
      return;
    }
    try {
      const event = registry.parse({
        ...raw,
        specversion: '1.0',
        time: raw.time ?? new Date().toISOString(),
        datacontenttype: 'application/json',
      } as CloudEvent);
      events.push(event);
    } catch (error) {
      if (error instanceof EventValidationError) errors.push(...error.issues.map((i) => ({ field: prefix + i.path, message: i.message })));
      else if (error instanceof UnknownEventTypeError) errors.push({ field: `${prefix}type`, message: error.message });
      else throw error;
    }
  });
  return { events, errors };
}

/** Room for what a record carries besides the event: key, ce_* and tracing headers, framing. */
const RECORD_OVERHEAD_BYTES = 1024;

/**
 * Events that would not fit in one Kafka record once forwarded, as field errors (`[1]` in a
 * batch). The structured JSON of an event is an upper bound of its binary-mode record: the
 * same attributes as headers and `data` as the value. Refused before anything is stored, so
 * an event is never acknowledged that the broker would then refuse for ever.
 */
export function eventsTooLargeForARecord(events: CloudEvent[], maxRecordBytes: number, isBatch: boolean): FieldError[] {
  return events.flatMap((event, index) => {
    const bytes = Buffer.byteLength(JSON.stringify(event)) + RECORD_OVERHEAD_BYTES;
    if (bytes <= maxRecordBytes) return [];
    return [
      {
        field: isBatch ? `[${index}]` : '(event)',
        message: `encodes to about ${bytes} bytes as a Kafka record; the limit is ${maxRecordBytes} bytes`,
      },
    ];
  });
}

import { Context, ROOT_CONTEXT, TextMapGetter, Tracer, context, propagation, trace } from '@opentelemetry/api';
import { IHeaders } from 'kafkajs';
import { headerText } from './kafka-record-codec';

/**
 * W3C trace context as it is stored beside work that continues later (an outbox entry, a
 * webhook delivery): the `traceparent` and `tracestate` the propagator wrote.
 */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** The instrumentation scope of the spans the backbone makes itself. */
export const BACKBONE_TRACER = 'school-enterprise-backbone';

/**
 * The backbone's tracer. Until a service starts tracing (libs/platform `startTracing`), the
 * OpenTelemetry API answers with its no-op tracer and propagator: spans cost a shared
 * non-recording object and nothing is written to records or documents.
 */
export function backboneTracer(): Tracer {
  return trace.getTracer(BACKBONE_TRACER);
}

/** The context to continue later, or undefined when there is none (tracing off, or no span active). */
export function captureTraceContext(from: Context = context.active()): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  if (!carrier.traceparent) return undefined;
  return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : { traceparent: carrier.traceparent };
}

/** Record headers carrying the context (empty when tracing is off). */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier = captureTraceContext(from);
  return carrier ? { ...carrier } : {};
}

/** The context stored with a piece of work, or the root context when none was stored. */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

const kafkaHeaderGetter: TextMapGetter<IHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headerText(headers[key]),
};

/** The context a producer wrote into a record's headers (W3C `traceparent`/`tracestate`), or the root context. */
export function contextFromRecordHeaders(headers: IHeaders | undefined): Context {
  return headers ? propagation.extract(ROOT_CONTEXT, headers, kafkaHeaderGetter) : ROOT_CONTEXT;
}

/** Adds the active trace context to events about to be stored in an outbox (unchanged when tracing is off). */
export function withTraceContext<E extends { traceContext?: TraceCarrier }>(events: E[]): E[] {
  if (events.length === 0) return events;
  const carrier = captureTraceContext();
  if (!carrier) return events;
  return events.map((event) => (event.traceContext ? event : { ...event, traceContext: carrier }));
}

/**
 * Attribute names of the backbone's spans: OpenTelemetry's messaging conventions where one
 * exists, CloudEvents' for the event, and ours for the outcome of a handled record.
 */
export const SpanAttributes = {
  messagingSystem: 'messaging.system',
  messagingOperationType: 'messaging.operation.type',
  messagingOperationName: 'messaging.operation.name',
  destination: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
  offset: 'messaging.kafka.offset',
  messageKey: 'messaging.kafka.message.key',
  consumerGroup: 'messaging.consumer.group.name',
  messageId: 'messaging.message.id',
  eventType: 'cloudevents.event_type',
  eventId: 'cloudevents.event_id',
  eventSource: 'cloudevents.event_source',
  outcome: 'messaging.handler.outcome',
  attempts: 'messaging.handler.attempts',
} as const;

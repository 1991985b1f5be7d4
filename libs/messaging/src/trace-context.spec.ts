import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import {
  backboneTracer,
  captureTraceContext,
  contextFromCarrier,
  contextFromRecordHeaders,
  TraceCarrier,
  traceHeaders,
  withTraceContext,
} from './trace-context';

const event: { id: string; traceContext?: TraceCarrier } = { id: 'e1' };

describe('trace context helpers with tracing off (no SDK registered)', () => {
  it('capture nothing, write no headers and leave events as they are', () => {
    backboneTracer().startActiveSpan('anything', (span) => {
      expect(span.isRecording()).toBe(false);
      expect(captureTraceContext()).toBeUndefined();
      expect(traceHeaders()).toEqual({});
      const events = [event];
      expect(withTraceContext(events)).toBe(events);
      span.end();
    });
  });
});

describe('trace context helpers with tracing on', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('store the active span as traceparent and continue it from a stored carrier or from record headers', () => {
    backboneTracer().startActiveSpan('queue', (span) => {
      const carrier = captureTraceContext()!;
      const { traceId, spanId } = span.spanContext();
      expect(carrier).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
      expect(traceHeaders()).toEqual({ traceparent: carrier.traceparent });

      const [stamped] = withTraceContext([event]);
      expect(stamped).toEqual({ ...event, traceContext: carrier });
      // An event that already carries a context (queued elsewhere) keeps it.
      const earlier = { ...event, traceContext: { traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` } };
      expect(withTraceContext([earlier])[0]).toBe(earlier);

      expect(trace.getSpanContext(contextFromCarrier(carrier))).toMatchObject({ traceId, spanId, isRemote: true });
      const fromHeaders = contextFromRecordHeaders({ traceparent: Buffer.from(carrier.traceparent), ce_id: Buffer.from('x') });
      expect(trace.getSpanContext(fromHeaders)).toMatchObject({ traceId, spanId });
      span.end();
    });
  });

  it('fall back to the root context when nothing was stored', () => {
    expect(contextFromCarrier(undefined)).toBe(ROOT_CONTEXT);
    expect(trace.getSpanContext(contextFromRecordHeaders({ ce_id: 'x' }))).toBeUndefined();
    expect(contextFromRecordHeaders(undefined)).toBe(ROOT_CONTEXT);
  });

  it('fall back to the root context when the traceparent header has no value (kafkajs delivers null)', () => {
    expect(trace.getSpanContext(contextFromRecordHeaders({ traceparent: null as never, tracestate: [null] as never }))).toBeUndefined();
  });
});

import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing, tracingWanted } from './start-tracing';

describe('tracingWanted', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_ENABLED: 'true' as const }, true],
    [{ OTEL_TRACES_ENABLED: 'false' as const, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
  ])('%j -> %s', (settings, wanted) => {
    expect(tracingWanted({ SERVICE_NAME: 'svc', ...settings })).toBe(wanted);
  });
});

describe('startTracing', () => {
  it('changes nothing when not wanted: the API stays no-op', async () => {
    const tracing = startTracing({ SERVICE_NAME: 'svc' });
    expect(tracing.enabled).toBe(false);
    const span = trace.getTracer('t').startSpan('s');
    expect(span.isRecording()).toBe(false);
    span.end();
    await tracing.shutdown();
  });

  it('records spans with the service name while on, and is no-op again after shutdown', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ SERVICE_NAME: 'svc', OTEL_SERVICE_NAME: 'svc-traces' }, { exporter });
    expect(tracing.enabled).toBe(true);
    trace.getTracer('t').startSpan('recorded').end();
    await tracing.flush();
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('recorded');
    expect(span.resource.attributes['service.name']).toBe('svc-traces');

    await tracing.shutdown();
    expect(trace.getTracer('t').startSpan('after').isRecording()).toBe(false);
  });
});

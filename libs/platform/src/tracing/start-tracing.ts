import { IncomingMessage } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { InstrumentationBase, registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  SpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** The variables that decide tracing (validated with the rest of the config in BaseConfigSchema). */
export interface TracingSettings {
  SERVICE_NAME: string;
  OTEL_TRACES_ENABLED?: 'true' | 'false';
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_SERVICE_NAME?: string;
  OTEL_TRACES_SAMPLER_ARG?: number;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Exports the spans ended so far (tests, and shutdown). */
  flush(): Promise<void>;
  /** Flushes, then removes the provider, propagator, context manager and HTTP patch. */
  shutdown(): Promise<void>;
}

const DISABLED: Tracing = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };

/** Off unless an OTLP endpoint or OTEL_TRACES_ENABLED=true says otherwise; OTEL_TRACES_ENABLED=false wins. */
export function tracingWanted(settings: TracingSettings): boolean {
  if (settings.OTEL_TRACES_ENABLED === 'false') return false;
  if (settings.OTEL_TRACES_ENABLED === 'true') return true;
  return Boolean(settings.OTEL_EXPORTER_OTLP_ENDPOINT || settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Probes and scrapes would be most of the traces and tell nothing. */
function isProbeOrScrape(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  return url.startsWith('/health') || url.startsWith('/metrics');
}

/**
 * Turns OpenTelemetry tracing on for this process (docs/decisions/0043), or leaves the API's
 * no-op tracer in place when it is not wanted: then nothing else happens here, and the
 * backbone's spans cost a shared non-recording object each.
 *
 * When on: a tracer provider (parent-based ratio sampler, batch export by OTLP/HTTP, or the
 * given exporter in tests), AsyncLocalStorage context, the W3C trace-context and baggage
 * propagators, and the `http` instrumentation for server spans. Runs before Nest creates the
 * HTTP server: see patchLoadedCoreModules for why that is early enough.
 */
export function startTracing(settings: TracingSettings, options: { exporter?: SpanExporter } = {}): Tracing {
  if (!options.exporter && !tracingWanted(settings)) return DISABLED;
  const exporter =
    options.exporter ??
    new OTLPTraceExporter(settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? { url: settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT } : {});
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.OTEL_SERVICE_NAME ?? settings.SERVICE_NAME }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.OTEL_TRACES_SAMPLER_ARG ?? 1) }),
    // Tests read spans as soon as they end; a service batches them off the hot path.
    spanProcessors: [options.exporter ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(provider);
  const http = new HttpInstrumentation({ ignoreIncomingRequestHook: isProbeOrScrape });
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [http] });
  patchLoadedCoreModules(http);

  let stopped = false;
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      if (stopped) return;
      stopped = true;
      unregister();
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/**
 * The instrumentation patches `http`/`https` in place (`Server.prototype.emit`, `request`,
 * `get`), and require-in-the-middle applies that patch when the module is next required. By
 * the time runService starts tracing, express has loaded `http` already; asking for the
 * module again applies the patch, and servers created afterwards (Nest's) get spans. Where
 * require is not Node's own (Jest's module registry), the hook never fires: then the
 * definition's patch is applied here directly, and unregistering removes it as usual.
 */
function patchLoadedCoreModules(instrumentation: InstrumentationBase): void {
  for (const definition of instrumentation.getModuleDefinitions()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- asking again is what applies the patch
    const loaded: unknown = require(definition.name);
    if (definition.moduleExports || typeof definition.patch !== 'function') continue;
    definition.moduleExports = loaded;
    definition.patch(loaded);
  }
}

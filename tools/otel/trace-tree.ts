/**
 * Reads OTLP/HTTP JSON trace exports (what @opentelemetry/exporter-trace-otlp-http sends) and
 * renders one trace as an indented tree: the demo's trace sink prints the ERP hire's trace
 * with it.
 */

export interface SinkSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  service: string;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, string | number | boolean>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        startTimeUnixNano: string | number;
        endTimeUnixNano: string | number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function valueOf(value: OtlpValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.boolValue !== undefined) return value.boolValue;
  return value.doubleValue ?? '';
}

function attributesOf(list: OtlpAttribute[] = []): Record<string, string | number | boolean> {
  return Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));
}

export function spansOfExport(body: OtlpExport): SinkSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '?');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: KINDS[span.kind ?? 0] ?? String(span.kind),
        service,
        startNs: BigInt(span.startTimeUnixNano),
        endNs: BigInt(span.endTimeUnixNano),
        attributes: attributesOf(span.attributes),
      })),
    );
  });
}

/** Attributes worth a glance in a terminal; the rest stay in the collector. */
const SHOWN = [
  'http.route',
  'http.response.status_code',
  'messaging.destination.partition.id',
  'messaging.kafka.offset',
  'cloudevents.event_type',
  'messaging.handler.outcome',
  'webhook.result',
];

/** The trace as lines: `service kind name (ms) key=value …`, children indented under parents. */
export function renderTrace(spans: SinkSpan[]): string[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | undefined, SinkSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const level = [...(children.get(parent) ?? [])].sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
    for (const span of level) {
      const ms = (Number(span.endNs - span.startNs) / 1e6).toFixed(1);
      const shown = SHOWN.filter((key) => span.attributes[key] !== undefined).map((key) => `${key}=${span.attributes[key]}`);
      lines.push(`${'  '.repeat(depth)}${span.service} ${span.kind} "${span.name}" ${ms} ms${shown.length ? ` ${shown.join(' ')}` : ''}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

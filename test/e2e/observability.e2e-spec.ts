import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Topics } from '@app/contracts';
import {
  activateAgreement,
  erpHireEvent,
  httpJson,
  postErpEvents,
  ServiceProcess,
  e2eServiceEnv,
  e2eTalentPipelineEnv,
  uniqueName,
  waitFor,
  WebhookReceiver,
} from '@app/testing';
import { SinkSpan, spansOfExport } from '../../tools/otel/trace-tree';
import { ADMIN, activePlacement } from '../chaos/chaos-scenario';

jest.setTimeout(240_000);

// Below 32768: never handed out as an ephemeral (client) port; a range of its own per suite.
const PORT_BASE = 22_000 + Math.floor(Math.random() * 500) * 2;

/** One sample of the Prometheus text format: `name{labels} value`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

/**
 * Issue 10's "done means" on real processes: an ERP hire through the talent pipeline and on to
 * the R&D service, seen in each process's GET /metrics and as one OpenTelemetry trace that the
 * two processes export over OTLP/HTTP to a collector (here a sink in the test), linked by the
 * W3C context in the Kafka record headers.
 */
describe('metrics and traces of the running services (processes, OTLP export)', () => {
  const prefix = `${uniqueName('obs')}.`;
  const spans: SinkSpan[] = [];
  let sink: Server;
  let talent: ServiceProcess;
  let rd: ServiceProcess;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    sink = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') spans.push(...spansOfExport(JSON.parse(Buffer.concat(chunks).toString())));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    talent = new ServiceProcess('talent-pipeline', PORT_BASE, { ...e2eTalentPipelineEnv(prefix, ADMIN), ...otel });
    rd = new ServiceProcess('rd-collaboration', PORT_BASE + 1, {
      ...e2eServiceEnv(prefix, 'rd-collaboration'),
      ADMIN_API_TOKEN: ADMIN,
      ...otel,
    });
    await Promise.all([talent.start(), rd.start()]);
  });

  afterAll(async () => {
    await Promise.allSettled([talent?.stop(), rd?.stop(), receiver.stop()]);
    await new Promise((resolve) => sink?.close(resolve));
  });

  it("an ERP hire shows in both services' /metrics and as one trace across them, from the HTTP request to the webhook and the R&D consumer", async () => {
    const t = talent.baseUrl;
    const admin = { token: ADMIN };
    const school = (await httpJson('POST', `${t}/v1/schools`, { ...admin, body: { name: 'Metrics Vocational', country: 'CN' } })).body;
    const enterprise = (await httpJson('POST', `${t}/v1/enterprises`, { ...admin, body: { name: 'Traced Motors', country: 'CN' } })).body;
    await activateAgreement({ baseUrl: t, adminToken: ADMIN, schoolId: school.id, enterpriseId: enterprise.id });
    const placementId = await activePlacement(t, school.id, enterprise.id, 1);
    const url = await receiver.start();
    expect(
      (
        await httpJson('POST', `${t}/v1/schools/${school.id}/webhook-subscriptions`, {
          token: school.apiKey,
          body: { url, eventTypes: ['talent.placement.hired.v1'] },
        })
      ).status,
    ).toBe(201);

    const posted = await postErpEvents({
      baseUrl: t,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: erpHireEvent({ placementId, position: { title: 'Test rig operator' }, hireDate: '2026-09-01' }),
    });
    expect(posted.status).toBe(202);
    const webhook = await waitFor('the hire at the school webhook', () => receiver.received.find((r) => r.answeredWith < 300));

    // Metrics: the talent pipeline counted the request, the handled hire, the delivery, its
    // backlog and lag; the R&D service counted the outcome it consumed.
    const talentMetrics = await waitFor('the talent pipeline to count the delivery', async () => {
      const text = await (await fetch(`${t}/metrics`)).text();
      return (sample(text, 'webhook_delivery_duration_seconds_count', { result: 'delivered' }) ?? 0) >= 1 ? text : undefined;
    });
    expect(sample(talentMetrics, 'http_request_duration_seconds_count', { method: 'POST', route: '/v1/erp/events', status: '202' })).toBe(
      1,
    );
    expect(sample(talentMetrics, 'consumer_handler_duration_seconds_count', { event_type: 'erp.hire.v1', outcome: 'ok' })).toBe(1);
    expect(sample(talentMetrics, 'consumer_up')).toBe(1);
    expect(sample(talentMetrics, 'consumer_lag', { topic: `${prefix}${Topics.erpInbound}` })).toBe(0);
    expect(sample(talentMetrics, 'outbox_backlog', { collection: 'placements' })).toBe(0);
    expect(sample(talentMetrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    const rdMetrics = await waitFor('the R&D service to count the hired outcome', async () => {
      const text = await (await fetch(`${rd.baseUrl}/metrics`)).text();
      return (sample(text, 'consumer_handler_duration_seconds_count', { event_type: 'talent.placement.hired.v1', outcome: 'ok' }) ?? 0) >= 1
        ? text
        : undefined;
    });
    expect(sample(rdMetrics, 'consumer_up')).toBe(1);

    // Traces: the webhook's traceparent names the trace; both processes exported spans of it.
    const traceId = String(webhook.headers.traceparent).split('-')[1];
    const outcomes = `${prefix}${Topics.placementOutcomes}`;
    // Spans arrive in batches: wait until nothing in the trace points at a parent not yet seen.
    const rootsOf = (inTrace: SinkSpan[]) => inTrace.filter((s) => !s.parentSpanId || !inTrace.some((p) => p.spanId === s.parentSpanId));
    const trace = await waitFor('the trace from both services at the collector', () => {
      const inTrace = spans.filter((s) => s.traceId === traceId);
      const rdConsumed = inTrace.some((s) => s.service === 'rd-collaboration' && s.name === `process ${outcomes}`);
      return rdConsumed && inTrace.some((s) => s.name === 'webhook deliver') && rootsOf(inTrace).length === 1 ? inTrace : undefined;
    });
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    expect(rootsOf(trace).map((s) => `${s.service} ${s.name}`)).toEqual(['talent-pipeline POST /v1/erp/events']);
    const chain = (span: SinkSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return [...(parent ? chain(parent) : []), `${span.service} ${span.name}`];
    };
    const rdSpan = trace.find((s) => s.service === 'rd-collaboration' && s.name === `process ${outcomes}`)!;
    expect(chain(rdSpan)).toEqual([
      'talent-pipeline POST /v1/erp/events',
      `talent-pipeline publish ${prefix}${Topics.erpInbound}`,
      `talent-pipeline process ${prefix}${Topics.erpInbound}`,
      `talent-pipeline publish ${outcomes}`,
      `rd-collaboration process ${outcomes}`,
    ]);
    const delivery = trace.find((s) => s.name === 'webhook deliver')!;
    expect(chain(delivery).slice(-2)).toEqual([`talent-pipeline process ${outcomes}`, 'talent-pipeline webhook deliver']);
    expect(webhook.headers.traceparent).toBe(`00-${traceId}-${delivery.spanId}-01`);
  });

  it('counts and logs the requests refused before routing (a form body, malformed JSON), each with its correlation id', async () => {
    const refused = async (correlationId: string, contentType: string, body: string) => {
      const response = await fetch(`${talent.baseUrl}/v1/schools`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': contentType, 'x-correlation-id': correlationId },
        body,
      });
      expect(response.headers.get('x-correlation-id')).toBe(correlationId);
      return response.status;
    };
    const before = await (await fetch(`${talent.baseUrl}/metrics`)).text();
    const count = (text: string, status: string) =>
      sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: 'before-routing', status }) ?? 0;

    // Ids of this run only: the log file is appended to across runs.
    const [formId, jsonId, routedId] = ['refused-form', 'refused-json', 'routed'].map((name) => `${name}-${randomUUID()}`);
    expect(await refused(formId, 'application/x-www-form-urlencoded', 'name=Form+College&country=CN')).toBe(415);
    expect(await refused(jsonId, 'application/json', '{"name": "Half')).toBe(400);
    // A routed request is logged once, by the request logger alone.
    const routed = await fetch(`${talent.baseUrl}/v1/schools/${randomUUID()}`, {
      headers: { authorization: `Bearer ${ADMIN}`, 'x-correlation-id': routedId },
    });
    expect(routed.status).toBe(404);

    const after = await (await fetch(`${talent.baseUrl}/metrics`)).text();
    expect(count(after, '415') - count(before, '415')).toBe(1);
    expect(count(after, '400') - count(before, '400')).toBe(1);
    type LogLine = {
      msg: string;
      refusedBeforeRouting?: boolean;
      res: { statusCode: number };
      req: { id: string; method: string; url: string };
    };
    const logged = await waitFor('the three requests in the service log', () => {
      const lines = readFileSync(talent.logFile, 'utf8')
        .split('\n')
        .filter((line) => [formId, jsonId, routedId].some((id) => line.includes(`"${id}"`)))
        .map((line) => JSON.parse(line) as LogLine)
        .filter((line) => line.msg === 'request completed');
      return lines.length >= 3 ? lines : undefined;
    });
    const linesOf = (id: string) => logged.filter((line) => line.req.id === id);
    expect(linesOf(formId).map((line) => [line.res.statusCode, line.req.method, line.req.url, line.refusedBeforeRouting])).toEqual([
      [415, 'POST', '/v1/schools', true],
    ]);
    expect(linesOf(jsonId).map((line) => [line.res.statusCode, line.refusedBeforeRouting])).toEqual([[400, true]]);
    expect(linesOf(routedId).map((line) => [line.res.statusCode, line.refusedBeforeRouting])).toEqual([[404, undefined]]);
  });
});

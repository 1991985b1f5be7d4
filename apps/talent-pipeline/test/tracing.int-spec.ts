import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import { PlacementHired, Topics } from '@app/contracts';
import { startTracing, Tracing } from '@app/platform';
import { erpHireEvent, httpJson, postErpEvents, waitFor, WebhookReceiver } from '@app/testing';
import { seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/**
 * One trace follows an ERP hire: the HTTP request that stores it in the inbox, the relay's
 * publish to the inbound topic, the consumer that applies it, the publish of the placement
 * outcome its write queued, the consumer that fans the outcome out, and the webhook the school
 * receives. Spans are read from an in-memory exporter; Kafka and Mongo are the real ones.
 */
describe('OpenTelemetry trace of an ERP hire (real Kafka + Mongo-compatible server)', () => {
  const exporter = new InMemorySpanExporter();
  const receiver = new WebhookReceiver();
  let tracing: Tracing;
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let receiverUrl: string;

  beforeAll(async () => {
    // Before the service's HTTP server exists, as runService does.
    tracing = startTracing({ SERVICE_NAME: 'talent-pipeline' }, { exporter });
    service = await startTalentPipeline();
    receiverUrl = await receiver.start();
  });
  afterAll(async () => {
    await service?.close();
    await receiver.stop();
    await tracing?.shutdown();
  });

  it('links HTTP request -> publish -> consume -> publish -> consume -> webhook delivery by parent, with traceparent on records and the webhook', async () => {
    const { school, enterprise, placement } = await seedActiveInternship(service.baseUrl);
    const subscription = await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`, {
      token: school.apiKey,
      body: { url: receiverUrl, eventTypes: [PlacementHired.type] },
    });
    expect(subscription.status).toBe(201);

    const posted = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: erpHireEvent({ placementId: placement.id, position: { title: 'CNC machinist' }, hireDate: '2026-09-01' }),
    });
    expect(posted.status).toBe(202);

    const webhook = await waitFor('the webhook to be delivered', () => receiver.received.find((r) => r.answeredWith === 204));
    const spans = await waitFor('the delivery span to end', () => {
      const finished = exporter.getFinishedSpans();
      return finished.some((s) => s.name === 'webhook deliver') ? finished : undefined;
    });

    const server = spans.find(
      (s) => s.kind === SpanKind.SERVER && s.attributes['http.request.method'] === 'POST' && s.attributes['url.path'] === '/v1/erp/events',
    );
    expect(server).toBeDefined();
    const traceId = server!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const one = (description: string, match: (s: ReadableSpan) => boolean) => {
      const found = inTrace.filter(match);
      expect({ description, found: found.length }).toEqual({ description, found: 1 });
      return found[0];
    };
    const inbound = `${service.prefix}${Topics.erpInbound}`;
    const outcomes = `${service.prefix}${Topics.placementOutcomes}`;

    const publishHire = one('publish of the hire', (s) => s.name === `publish ${inbound}` && s.kind === SpanKind.PRODUCER);
    const consumeHire = one('consumption of the hire', (s) => s.name === `process ${inbound}` && s.kind === SpanKind.CONSUMER);
    const publishOutcome = one(
      'publish of the hired outcome',
      (s) => s.name === `publish ${outcomes}` && s.attributes['cloudevents.event_type'] === PlacementHired.type,
    );
    const consumeOutcome = one(
      'consumption of the hired outcome',
      (s) => s.name === `process ${outcomes}` && s.attributes['cloudevents.event_type'] === PlacementHired.type,
    );
    const delivery = one('the webhook delivery', (s) => s.name === 'webhook deliver');

    expect(parentOf(server!)).toBeUndefined();
    // Named after the matched route, not the bare method.
    expect(server!.name).toBe('POST /v1/erp/events');
    expect(server!.attributes['http.route']).toBe('/v1/erp/events');
    expect(parentOf(publishHire)).toBe(idOf(server!));
    expect(parentOf(consumeHire)).toBe(idOf(publishHire));
    expect(parentOf(publishOutcome)).toBe(idOf(consumeHire));
    expect(parentOf(consumeOutcome)).toBe(idOf(publishOutcome));
    expect(parentOf(delivery)).toBe(idOf(consumeOutcome));

    expect(consumeHire.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': inbound,
      'cloudevents.event_type': 'erp.hire.v1',
      'messaging.handler.outcome': 'ok',
    });
    expect(typeof consumeHire.attributes['messaging.destination.partition.id']).toBe('string');
    expect(typeof consumeHire.attributes['messaging.kafka.offset']).toBe('number');
    expect(consumeOutcome.attributes['messaging.handler.outcome']).toBe('ok');
    expect(delivery.kind).toBe(SpanKind.CLIENT);
    expect(delivery.attributes).toMatchObject({ 'webhook.result': 'delivered', 'http.response.status_code': 204 });

    // The school's receiver gets the W3C context of the delivery span.
    expect(webhook.headers.traceparent).toBe(`00-${traceId}-${idOf(delivery)}-01`);
  });
});

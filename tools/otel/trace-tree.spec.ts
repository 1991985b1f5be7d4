import { renderTrace, spansOfExport } from './trace-tree';

const span = (
  spanId: string,
  name: string,
  kind: number,
  parentSpanId: string | undefined,
  start: number,
  attributes: Record<string, string>,
) => ({
  traceId: 'a'.repeat(32),
  spanId,
  parentSpanId,
  name,
  kind,
  startTimeUnixNano: String(start * 1e6),
  endTimeUnixNano: String((start + 2) * 1e6),
  attributes: Object.entries(attributes).map(([key, stringValue]) => ({ key, value: { stringValue } })),
});

describe('trace tree of an OTLP/HTTP JSON export', () => {
  it('nests children under their parents, in start order, with the attributes worth a glance', () => {
    const exported = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'talent-pipeline' } }] },
          scopeSpans: [
            {
              spans: [
                span('c', 'process talent.erp-inbound.v1', 5, 'b', 20, {
                  'cloudevents.event_type': 'erp.hire.v1',
                  'messaging.handler.outcome': 'ok',
                }),
                span('a', 'POST /v1/erp/events', 2, undefined, 0, { 'http.route': '/v1/erp/events' }),
                span('b', 'publish talent.erp-inbound.v1', 4, 'a', 10, {}),
              ],
            },
          ],
        },
      ],
    };
    expect(renderTrace(spansOfExport(exported))).toEqual([
      'talent-pipeline server "POST /v1/erp/events" 2.0 ms http.route=/v1/erp/events',
      '  talent-pipeline producer "publish talent.erp-inbound.v1" 2.0 ms',
      '    talent-pipeline consumer "process talent.erp-inbound.v1" 2.0 ms cloudevents.event_type=erp.hire.v1 messaging.handler.outcome=ok',
    ]);
  });
});

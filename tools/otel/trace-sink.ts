/**
 * A local OTLP/HTTP trace sink for the demo (no collector needed): the services export to it
 * (`OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:<port>`), and
 * `GET /print?root=<span name>&until=<span name>` prints the newest trace that starts with
 * `root` as a tree, once it holds a span named `until` (20 s at most). Keeps the last 500 traces.
 *
 * Usage: node -r ts-node/register/transpile-only tools/otel/trace-sink.ts <port>
 */
import { createServer } from 'node:http';
import { renderTrace, SinkSpan, spansOfExport } from './trace-tree';

const port = Number(process.argv[2] ?? 4318);
const traces = new Map<string, SinkSpan[]>();

function newestTraceWith(rootName: string, untilName?: string): SinkSpan[] | undefined {
  const matching = [...traces.values()].filter((spans) => spans.some((s) => s.name === rootName && !s.parentSpanId));
  const newest = matching.at(-1);
  if (!newest || (untilName && !newest.some((s) => s.name === untilName))) return undefined;
  return newest;
}

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://sink');
  if (req.method === 'POST' && url.pathname === '/v1/traces') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        for (const span of spansOfExport(JSON.parse(Buffer.concat(chunks).toString()))) {
          traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
        }
        while (traces.size > 500) traces.delete(traces.keys().next().value!);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/print') {
    const root = url.searchParams.get('root') ?? '';
    const until = url.searchParams.get('until') ?? undefined;
    const deadline = Date.now() + 20_000;
    const answer = () => {
      const trace = newestTraceWith(root, until);
      if (trace)
        return void res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(`trace ${trace[0].traceId}\n${renderTrace(trace).join('\n')}\n`);
      if (Date.now() > deadline)
        return void res.writeHead(404, { 'content-type': 'text/plain' }).end(`no trace starting with "${root}" yet\n`);
      setTimeout(answer, 250);
    };
    return answer();
  }
  res.writeHead(404).end();
}).listen(port, '127.0.0.1');

import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { fuzzReadRoutes, readRoutesOf } from './http-read-fuzzer';
import { OpenApiDocument } from './openapi-bodies';

/** A server with three reads, each broken in one way the fuzz must report. */
const document = {
  paths: {
    '/v1/crash/{id}': {
      get: {
        parameters: [
          { name: 'id', in: 'path', required: true },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
      },
    },
    '/v1/plain': { get: { parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }] } },
    '/v1/shape': {
      get: {
        responses: {
          '200': {
            content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } },
          },
        },
      },
    },
  },
} as unknown as OpenApiDocument;

describe('fuzzReadRoutes', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url!, 'http://x');
      const limit = url.searchParams.get('limit');
      if (url.pathname.startsWith('/v1/crash/') && limit !== null && !/^\d+$/.test(limit)) return response.writeHead(500).end();
      if (url.pathname === '/v1/plain' && url.searchParams.has('q'))
        return response.writeHead(400, { 'content-type': 'text/plain' }).end('bad');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(url.pathname === '/v1/shape' ? { n: 'one' } : { ok: true }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads the GET routes with their query and path parameters from the document', () => {
    expect(readRoutesOf(document).map((r) => [r.path, r.query.map((q) => q.name), r.pathParams])).toEqual([
      ['/v1/crash/{id}', ['limit'], ['id']],
      ['/v1/plain', ['q'], []],
      ['/v1/shape', [], []],
    ]);
  });

  it('reports a 5xx, a 4xx that is not problem+json and a 2xx not as documented', async () => {
    const routes = readRoutesOf(document);
    const report = await fuzzReadRoutes({ baseUrl, pathOf: (route) => route.path.replace('{id}', 'a'), headersOf: () => ({}) }, routes, {
      totalRuns: 150,
      seed: 42,
    });
    expect(report.requests).toBe(150);
    expect(report.serverErrors.map((f) => f.route)).toContain('GET /v1/crash/{id}');
    expect(report.serverErrors[0].mutation).toMatch(/limit/);
    expect(report.notProblemJson.map((f) => f.route)).toContain('GET /v1/plain');
    expect(report.notAsDocumented.map((f) => f.route)).toContain('GET /v1/shape');
    expect(report.notAsDocumented[0].detail).toMatch(/\/n: must be integer/);
    expect(report.testErrors).toEqual([]);
  });
});

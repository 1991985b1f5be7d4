import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { authenticationFindings } from './authentication-probe';

describe('authenticationFindings', () => {
  let server: Server;
  let baseUrl: string;
  const problem = { 'content-type': 'application/problem+json' };

  beforeAll(async () => {
    // /v1/guarded checks its token; /v1/leaky forgot its guard; /v1/open is public; /v1/locked is public but asks for a token.
    server = createServer((request, response) => {
      const token = request.headers.authorization;
      if (request.url!.startsWith('/v1/guarded')) {
        if (token !== 'Bearer good') return response.writeHead(401, problem).end('{}');
      } else if (request.url!.startsWith('/v1/locked')) return response.writeHead(401, problem).end('{}');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('passes guarded and public routes, and names a secured route that answers without a token and a public one that asks for it', async () => {
    const secured = { security: [{ bearer: [] }] };
    const document = {
      paths: {
        '/v1/guarded/{id}': { get: secured, post: secured },
        '/v1/leaky': { get: secured },
        '/v1/open': { get: {} },
        '/v1/locked': { get: {} },
      },
    };
    expect(await authenticationFindings(baseUrl, document, ['bogus'])).toEqual([
      'GET /v1/leaky (no credentials): 200 application/json, expected 401 problem+json',
      'GET /v1/leaky (bearer bogus…): 200 application/json, expected 401 or 403 problem+json',
      'GET /v1/locked (no credentials): 401; documented without security, so it must answer without credentials',
    ]);
  });
});

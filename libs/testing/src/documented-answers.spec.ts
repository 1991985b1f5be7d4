import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { checkAnswersAgainstOpenApi, routeTemplate } from './documented-answers';
import { answersWithoutSchema } from './openapi-validity';
import { fetchChecked, httpJson } from './http-client';

describe('routeTemplate', () => {
  const templates = ['/v1/projects', '/v1/projects/{id}', '/v1/projects/search', '/v1/projects/{id}/close'];

  it('matches parameters by segment and prefers literal segments', () => {
    expect(routeTemplate(templates, '/v1/projects/4f0c')).toBe('/v1/projects/{id}');
    expect(routeTemplate(templates, '/v1/projects/search')).toBe('/v1/projects/search');
    expect(routeTemplate(templates, '/v1/projects/4f0c/close')).toBe('/v1/projects/{id}/close');
    expect(routeTemplate(templates, '/v1/projects/')).toBeUndefined();
    expect(routeTemplate(templates, '/v1/teachers/4f0c')).toBeUndefined();
    expect(routeTemplate(templates, '/v1/projects/%E0%A4%A')).toBe('/v1/projects/{id}');
    expect(routeTemplate(templates, '/v1/%E0%A4%A/search')).toBeUndefined();
  });
});

describe('httpJson checks answers against the OpenAPI document of the service that gave them', () => {
  let server: Server;
  let base: string;
  let answer: unknown;
  const document = {
    openapi: '3.0.0',
    paths: {
      '/v1/things/{id}': {
        get: {
          responses: {
            '200': {
              description: 'A thing.',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { id: { type: 'string' }, count: { type: 'integer' } }, required: ['id', 'count'] },
                },
              },
            },
          },
        },
      },
      '/v1/untyped': { get: { responses: { '200': { description: 'Anything.' } } } },
      '/v1/report': {
        get: {
          responses: {
            '200': { description: 'JSON or CSV.', content: { 'application/json': { schema: {} }, 'text/csv; charset=utf-8': {} } },
          },
        },
      },
    },
  };
  /** The media type the test server answers /v1/report with. */
  let reportType = 'text/csv; charset=utf-8';

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/v1/report') {
        response.writeHead(200, { 'content-type': reportType });
        response.end('a,b\r\n1,2\r\n');
        return;
      }
      const body = request.url === '/docs-json' ? document : request.url === '/v1/broken' ? { oops: true } : answer;
      response.writeHead(request.url === '/v1/missing' ? 404 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    checkAnswersAgainstOpenApi(false);
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes an answer as documented and throws, naming the field, on one that is not', async () => {
    checkAnswersAgainstOpenApi(true);
    answer = { id: 'a', count: 2 };
    expect((await httpJson('GET', `${base}/v1/things/a`)).body).toEqual(answer);
    answer = { id: 'a', count: 'two' };
    await expect(httpJson('GET', `${base}/v1/things/a`)).rejects.toThrow(/\/v1\/things\/\{id\}[\s\S]*\/count: must be integer/);
  });

  it('checks an answer that is not JSON by its media type', async () => {
    checkAnswersAgainstOpenApi(true);
    reportType = 'text/csv; charset=utf-8';
    expect((await httpJson('GET', `${base}/v1/report`)).body).toBe('a,b\r\n1,2\r\n');
    reportType = 'text/html';
    await expect(httpJson('GET', `${base}/v1/report`)).rejects.toThrow(
      /as text\/html; \/docs-json documents application\/json, text\/csv for/,
    );
  });

  it('checks what a test fetches for itself through fetchChecked the same way', async () => {
    checkAnswersAgainstOpenApi(true);
    answer = { id: 'a', count: 2 };
    expect(await fetchChecked(`${base}/v1/things/a`, { headers: { accept: 'application/json' } })).toMatchObject({
      status: 200,
      body: answer,
    });
    answer = { id: 'a' };
    await expect(fetchChecked(`${base}/v1/things/a`)).rejects.toThrow(/must have required property 'count'/);
    reportType = 'text/csv; charset=utf-8';
    expect((await fetchChecked(`${base}/v1/report`)).text).toBe('a,b\r\n1,2\r\n');
    reportType = 'application/xml';
    await expect(fetchChecked(`${base}/v1/report`)).rejects.toThrow(/as application\/xml/);
  });

  it('leaves alone what the document does not describe, errors, and runs without the check', async () => {
    checkAnswersAgainstOpenApi(true);
    answer = { anything: 1 };
    expect((await httpJson('GET', `${base}/v1/untyped`)).status).toBe(200);
    expect((await httpJson('GET', `${base}/v1/elsewhere/x`)).status).toBe(200);
    expect((await httpJson('GET', `${base}/v1/missing`)).status).toBe(404);
    checkAnswersAgainstOpenApi(false);
    answer = { id: 'a', count: 'two' };
    expect((await httpJson('GET', `${base}/v1/things/a`)).status).toBe(200);
  });
});

describe('answersWithoutSchema', () => {
  it('names the 2xx answers without a schema, and accepts non-JSON answers and 204', () => {
    const json = (schema: object) => ({ content: { 'application/json': { schema } } });
    const document = {
      paths: {
        '/a': { get: { responses: { '200': json({ type: 'object' }), '400': { description: 'bad' } } } },
        '/b': { post: { responses: { '201': { description: 'created' } } } },
        '/c': { get: { responses: { '200': json({}) } }, delete: { responses: { '204': { description: 'gone' } } } },
        '/metrics': { get: { responses: { '200': { content: { 'text/plain': {} } } } } },
      },
    };
    expect(answersWithoutSchema(document)).toEqual(['POST /b 201', 'GET /c 200']);
  });
});

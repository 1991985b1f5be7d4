import {
  answersWithoutSchema,
  authenticationFindings,
  httpJson,
  nonJsonBodyFindings,
  openApiProblems,
  operationsWithoutRoles,
} from '@app/testing';
import { ADMIN_TOKEN, RdService, seedPair, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

interface Operation {
  summary?: string;
  security?: unknown[];
  'x-roles'?: string[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown>; oneOf?: unknown[]; anyOf?: unknown[] } }> };
  responses?: Record<string, unknown>;
}

/** Every route of this service, as its controllers declare them (the partner directory's routes come from a library). */
const ROUTES = [
  'post /v1/access-keys',
  'post /v1/access-keys/{keyId}/revoke',
  'get /v1/access-keys',
  'post /v1/challenges',
  'get /v1/challenges',
  'get /v1/challenges/{id}',
  'post /v1/challenges/{id}/ndas',
  'post /v1/challenges/{challengeId}/proposals',
  'get /v1/challenges/{challengeId}/proposals',
  'get /v1/challenges/{challengeId}/ranking',
  'get /v1/proposals/{id}',
  'post /v1/proposals/{id}/reviewers',
  'get /v1/reviewer/assignments',
  'post /v1/proposals/{id}/reviews',
  'post /v1/proposals/{id}/stage',
  'post /v1/projects',
  'get /v1/projects',
  'get /v1/projects/{id}',
  'get /v1/projects/{id}/closure-report',
  'post /v1/projects/{id}/close',
  'post /v1/projects/{id}/participants',
  'post /v1/projects/{id}/participants/{participationId}/withdrawal',
  'post /v1/projects/{id}/participants/{participationId}/hours',
  'post /v1/projects/{id}/participants/{participationId}/placement-proposals',
  'post /v1/projects/{id}/milestones',
  'post /v1/projects/{id}/milestones/{milestoneId}/actions',
  'post /v1/projects/{id}/change-requests',
  'post /v1/projects/{id}/change-requests/{changeRequestId}/decision',
  'post /v1/projects/{id}/contributions',
  'post /v1/projects/{id}/outcomes',
  'get /v1/trails/students/{studentId}',
  'get /v1/trails/teachers/{teacherId}',
  'get /v1/scorecards',
  'get /v1/scorecards/{schoolId}/{enterpriseId}',
  'get /v1/privacy/disclosures/{personId}',
  'get /v1/privacy/erasures/{requestId}',
];

describe('OpenAPI document of rd-collaboration (/docs-json)', () => {
  let rd: RdService;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    paths = (await httpJson('GET', `${rd.baseUrl}/docs-json`)).body.paths;
  });
  afterAll(async () => rd?.close());

  it('is a valid OpenAPI 3.0 document (what client generators read)', async () => {
    expect(openApiProblems((await httpJson('GET', `${rd.baseUrl}/docs-json`)).body)).toEqual([]);
  });

  it('refuses (problem+json) every route that declares security to a caller without credentials (401) or with a key it never issued (401, 403 on operator routes), and answers the others without credentials', async () => {
    const document = (await httpJson('GET', `${rd.baseUrl}/docs-json`)).body;
    expect(
      await authenticationFindings(rd.baseUrl, document, [
        'rdk_school_' + 'x'.repeat(40),
        'rdk_enterprise_unknown',
        'not-a-key',
        ADMIN_TOKEN + 'x',
      ]),
    ).toEqual([]);
  });

  it('refuses a revoked key on every route that declares security, as one it never issued', async () => {
    const issue = async (body: Record<string, string>) => {
      const issued = await httpJson('POST', `${rd.baseUrl}/v1/access-keys`, { token: ADMIN_TOKEN, body: { ...body, label: 'to revoke' } });
      expect(issued.status).toBe(201);
      return issued.body as { apiKey: string; keyId: string };
    };
    const { schoolId, schoolKey } = await seedPair(rd);
    const retired = [await issue({ role: 'school', schoolId }), await issue({ role: 'reviewer', reviewerId: 'rev-retired' })];
    for (const { keyId } of retired) {
      expect((await httpJson('POST', `${rd.baseUrl}/v1/access-keys/${keyId}/revoke`, { token: ADMIN_TOKEN })).status).toBe(200);
    }
    const document = (await httpJson('GET', `${rd.baseUrl}/docs-json`)).body;
    expect(
      await authenticationFindings(
        rd.baseUrl,
        document,
        retired.map((k) => k.apiKey),
      ),
    ).toEqual([]);
    // The school's other key still works: only the revoked ones are refused.
    expect((await httpJson('GET', `${rd.baseUrl}/v1/projects`, { token: schoolKey })).status).toBe(200);
  });

  it('documents what every successful answer carries, the shared routes included (ADR 0071)', async () => {
    expect(answersWithoutSchema((await httpJson('GET', `${rd.baseUrl}/docs-json`)).body)).toEqual([]);
  });

  it('answers a body that is not JSON with 415 problem+json on every route that reads one, the libraries’ included, as documented', async () => {
    expect(await nonJsonBodyFindings(rd.baseUrl, { paths })).toEqual([]);
  });

  it('documents exactly the routes the controllers declare, besides the shared ones', () => {
    const documented = Object.entries(paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .filter((route) => !/\/(health|agreements|partners|metrics|operator)/.test(route));
    expect(documented.sort()).toEqual([...ROUTES].sort());
  });

  it('documents the operator access log, and the operator identity headers on every route whose operator reads it logs (ADR 0040)', () => {
    const accessLog = paths['/v1/operator/access-log'].get as Operation & { parameters?: { name: string }[] };
    expect(accessLog.summary?.length).toBeGreaterThan(10);
    expect(accessLog.security).toEqual([{ bearer: [] }]);
    expect(accessLog.parameters!.map((p) => p.name).sort()).toEqual(['from', 'limit', 'operatorId', 'studentId', 'teacherId', 'to']);
    expect(Object.keys(accessLog.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    const logged = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => {
          const headers = ((operation as { parameters?: { name: string; in: string }[] }).parameters ?? []).filter(
            (p) => p.in === 'header',
          );
          return ['X-Operator-Id', 'X-Access-Reason'].every((name) => headers.some((h) => h.name === name));
        })
        .map(([method]) => `${method} ${path}`),
    );
    expect(logged.sort()).toEqual(
      [
        'get /v1/projects',
        'get /v1/projects/{id}',
        'get /v1/projects/{id}/closure-report',
        'get /v1/challenges/{challengeId}/proposals',
        'get /v1/proposals/{id}',
        'get /v1/trails/students/{studentId}',
        'get /v1/trails/teachers/{teacherId}',
        'get /v1/privacy/disclosures/{personId}',
        // The shared platform's dead-letter inspection: the records carry events whole.
        'get /v1/operator/dead-letters/{topic}/records',
      ].sort(),
    );
  });

  it('documents the roles the guard lets through (x-roles) on every secured route of its own controllers, the operator on each', () => {
    // The library routes (partners, agreements, operator, health, metrics) get theirs from the libraries.
    const own = Object.fromEntries(Object.entries(paths).filter(([path]) => ROUTES.some((route) => route.endsWith(` ${path}`))));
    expect(operationsWithoutRoles({ paths: own })).toEqual([]);
    for (const route of ROUTES) {
      const [method, path] = route.split(' ');
      expect({ route, operator: paths[path][method]['x-roles']?.includes('operator') }).toEqual({ route, operator: true });
    }
  });

  it('documents 409 on every route that changes a project, since a closed project no longer changes', () => {
    const projectChanges = ROUTES.filter((route) => route.startsWith('post /v1/projects/{id}/'));
    const without409 = projectChanges.filter((route) => {
      const [method, path] = route.split(' ');
      return !Object.keys(paths[path][method].responses ?? {}).includes('409');
    });
    expect(without409).toEqual([]);
  });

  it.each(ROUTES)('%s has a summary, bearer security, 401/403 answers, and a JSON schema for its body', (route) => {
    const [method, path] = route.split(' ');
    const operation = paths[path][method];
    expect(operation.summary?.length).toBeGreaterThan(10);
    expect(operation.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(operation.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
    if (method === 'post' && !path.endsWith('/revoke')) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      expect(schema).toBeDefined();
      expect(schema!.properties ?? schema!.oneOf ?? schema!.anyOf).toBeDefined();
    }
  });
});

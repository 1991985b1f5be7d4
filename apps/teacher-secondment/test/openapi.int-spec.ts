import {
  answersWithoutSchema,
  authenticationFindings,
  httpJson,
  nonJsonBodyFindings,
  openApiProblems,
  operationsWithoutRoles,
} from '@app/testing';
import { ADMIN_TOKEN, ok, registerTeacher, SecondmentService, seedPartnership, startTeacherSecondment } from './teacher-secondment.harness';

jest.setTimeout(60_000);

type Operation = {
  summary?: string;
  responses?: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
  requestBody?: unknown;
  'x-roles'?: string[];
};

const PUBLIC = [
  '/.well-known/jwks.json',
  '/issuer',
  '/v1/credentials/verify',
  '/v1/credentials/{id}/verification',
  '/v1/credentials/status/{list}',
];
const WITH_BODY = [
  'post /v1/access/keys',
  'post /v1/teachers',
  'post /v1/posts',
  'post /v1/posts/{id}/mentor-keys',
  'post /v1/secondments',
  'post /v1/secondments/{id}/approvals',
  'post /v1/secondments/{id}/cancel',
  'post /v1/secondments/{id}/withdraw',
  'post /v1/secondments/{id}/logs',
  'post /v1/secondments/{id}/evaluation',
  'post /v1/secondments/{id}/deliverables',
  'post /v1/rule-sets',
  'post /v1/credentials/verify',
  'post /v1/engineer-teaching',
  'post /v1/engineer-teaching/{id}/dispute',
];

describe('the teacher secondment OpenAPI document', () => {
  let service: SecondmentService;
  let operations: { key: string; path: string; operation: Operation }[];

  beforeAll(async () => {
    service = await startTeacherSecondment();
    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(document.paths)
      // The service's own routes; the partner copy and the platform's operator routes are the libraries' to document.
      .filter(([path]) => !['/health', '/metrics', '/v1/partners', '/v1/agreements', '/v1/operator'].some((lib) => path.startsWith(lib)))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, path, operation })));
  });
  afterAll(async () => service?.close());

  it('refuses (problem+json) every route that declares security to a caller without credentials (401) or with a key it never issued (401, 403 on operator routes), and answers the others without credentials', async () => {
    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body;
    expect(
      await authenticationFindings(service.baseUrl, document, [
        'ts_school_' + 'x'.repeat(40),
        'ts_teacher_unknown',
        'not-a-key',
        ADMIN_TOKEN + 'x',
      ]),
    ).toEqual([]);
  });

  it('refuses a revoked school or teacher key on every route that declares security, as one it never issued', async () => {
    const partners = await seedPartnership(service);
    const schoolKey = await ok('POST', `${service.baseUrl}/v1/access/keys`, ADMIN_TOKEN, { role: 'school', partnerId: partners.schoolId });
    const teacher = await registerTeacher(service.baseUrl, partners.schoolKey);
    const teacherKey = (await ok('POST', `${service.baseUrl}/v1/teachers/${teacher.id}/api-keys`, partners.schoolKey)).apiKey;
    const teacherKeyId = (await ok('GET', `${service.baseUrl}/v1/access/keys?partnerId=${partners.schoolId}`, ADMIN_TOKEN)).items.find(
      (k: { role: string; teacherId?: string }) => k.role === 'teacher' && k.teacherId === teacher.id,
    ).keyId;
    for (const keyId of [schoolKey.keyId, teacherKeyId]) {
      await ok('POST', `${service.baseUrl}/v1/access/keys/${keyId}/revoke`, ADMIN_TOKEN, { reason: 'left the school' });
    }
    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body;
    expect(await authenticationFindings(service.baseUrl, document, [schoolKey.apiKey, teacherKey])).toEqual([]);
    // The school's other key still works: only the revoked ones are refused.
    expect((await httpJson('GET', `${service.baseUrl}/v1/teachers`, { token: partners.schoolKey })).status).toBe(200);
  });

  it('documents what every successful answer carries, the shared routes included (ADR 0071)', async () => {
    expect(answersWithoutSchema((await httpJson('GET', `${service.baseUrl}/docs-json`)).body)).toEqual([]);
  });

  it('is a valid OpenAPI 3.0 document (what client generators read)', async () => {
    expect(openApiProblems((await httpJson('GET', `${service.baseUrl}/docs-json`)).body)).toEqual([]);
  });

  it('documents every route of the service with a summary, a success response and problem+json errors', () => {
    expect(operations.length).toBeGreaterThan(35);
    const problems = operations.flatMap(({ key, operation }) => [
      ...(operation.summary ? [] : [`${key}: no summary`]),
      ...(Object.keys(operation.responses ?? {}).some((code) => /^2/.test(code)) ? [] : [`${key}: no success response`]),
      ...Object.entries(operation.responses ?? {})
        .filter(([code]) => /^4/.test(code))
        .filter(([, response]) => !response.content?.['application/problem+json'])
        .map(([code]) => `${key}: ${code} is not problem+json`),
      ...(Object.keys(operation.responses ?? {}).some((code) => code === '400') ? [] : [`${key}: no 400`]),
    ]);
    expect(problems).toEqual([]);
  });

  it('declares bearer auth and 401 on every route but the public credential ones', () => {
    const problems = operations
      .filter(
        ({ path }) =>
          !PUBLIC.includes(path) && path.startsWith('/v1/') && !path.startsWith('/v1/partners') && !path.startsWith('/v1/agreements'),
      )
      .flatMap(({ key, operation }) => [
        ...(operation.security?.length ? [] : [`${key}: no security`]),
        ...(operation.responses?.['401'] ? [] : [`${key}: no 401`]),
      ]);
    expect(problems).toEqual([]);
  });

  it('documents the operator access log, and the operator identity headers on every route whose operator reads it logs (ADR 0040)', async () => {
    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body as {
      paths: Record<string, Record<string, Operation & { parameters?: { name: string; in: string }[] }>>;
    };
    const accessLog = document.paths['/v1/operator/access-log'].get;
    expect(accessLog.summary).toEqual(expect.any(String));
    expect(accessLog.security).toEqual([{ bearer: [] }]);
    expect(accessLog.parameters!.map((p) => p.name).sort()).toEqual(['from', 'limit', 'operatorId', 'studentId', 'teacherId', 'to']);
    for (const code of ['200', '400', '401', '403']) expect(accessLog.responses?.[code]).toBeDefined();
    for (const code of ['400', '401', '403']) expect(accessLog.responses?.[code].content?.['application/problem+json']).toBeDefined();
    const logged = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.parameters?.some((p) => p.in === 'header' && p.name === 'X-Operator-Id'))
        .filter(([, operation]) => operation.parameters?.some((p) => p.in === 'header' && p.name === 'X-Access-Reason'))
        .map(([method]) => `${method} ${path}`),
    );
    expect(logged.sort()).toEqual(
      [
        // The shared platform's dead-letter inspection: the records carry events whole.
        'get /v1/operator/dead-letters/{topic}/records',
        'get /v1/teachers',
        'get /v1/teachers/{id}',
        'get /v1/teachers/{id}/compliance',
        'get /v1/teachers/{id}/disclosures',
        'patch /v1/teachers/{id}',
        'get /v1/compliance/lapsing',
        'get /v1/secondments',
        'get /v1/secondments/{id}',
        'get /v1/credentials',
        'get /v1/credentials/{id}',
        'get /v1/reports/schools/{schoolId}',
        'get /v1/reports/enterprises/{enterpriseId}',
        'get /v1/privacy/disclosures/{personId}',
      ].sort(),
    );
  });

  it("states which roles may call every secured route of the service (x-roles, from the guard's own @Roles metadata)", () => {
    const own = { paths: {} as Record<string, Record<string, Operation>> };
    for (const { key, path, operation } of operations) {
      own.paths[path] = { ...own.paths[path], [key.split(' ')[0]]: operation };
    }
    expect(operationsWithoutRoles(own)).toEqual([]);
    // Spot checks of the effective lists: a mentor only where named; rules serve the guard's default (every role but the mentor).
    const roles = (key: string) => operations.find((o) => o.key === key)?.operation['x-roles'];
    expect(roles('get /v1/rule-sets')).toEqual(['operator', 'school', 'enterprise', 'teacher']);
    expect(roles('post /v1/access/keys')).toEqual(['operator']);
    expect(roles('post /v1/secondments/{id}/logs/{logId}/countersign')).toEqual(['mentor', 'enterprise', 'operator']);
    // The public credential routes declare no security and name no roles.
    expect(operations.filter((o) => PUBLIC.includes(o.path) && o.operation['x-roles'])).toEqual([]);
  });

  it('answers a body that is not JSON with 415 problem+json on every route that reads one, the libraries’ included, as documented', async () => {
    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body;
    expect(await nonJsonBodyFindings(service.baseUrl, document)).toEqual([]);
  });

  it('gives every route that reads a body the schema it is validated with', () => {
    const missing = WITH_BODY.filter((key) => !operations.find((o) => o.key === key)?.operation.requestBody);
    expect(missing).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { authenticationFindings, httpJson, operationsWithoutRoles, ErpVendor, postErpEvents, postVendorNotification } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(180_000);

/**
 * Every route of the OpenAPI document, called as every kind of caller, with the status each
 * must get. Generated from /docs-json, so a new route is covered the day it is documented, and
 * an undocumented guard (a route that answers without auth) fails the "public routes" check.
 */
type Role = 'none' | 'operator' | 'own school' | 'other school' | 'own enterprise' | 'other enterprise';
type Auth = 'operator' | 'school' | 'enterprise' | 'enterprise or operator' | 'any partner' | 'erp' | 'public';

interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  'x-roles'?: string[];
}

const ROLES: Role[] = ['none', 'operator', 'own school', 'other school', 'own enterprise', 'other enterprise'];
/** Routes anyone may call: the probes and the Prometheus scrape, which carry no personal data. */
const PUBLIC_ROUTES = ['GET /health/live', 'GET /health/ready', 'GET /metrics'];

/** The guard a route declares, read from the roles it documents (`x-roles`, see shared/api-docs.ts). */
function authOf(operation: Operation): Auth {
  if (operation.parameters?.some((p) => p.in === 'header' && p.name === 'webhook-signature')) return 'erp';
  const roles = [...(operation['x-roles'] ?? [])].sort().join(',');
  switch (roles) {
    case '':
      return 'public';
    case 'operator':
    case 'school':
    case 'enterprise':
      return roles;
    case 'enterprise,operator':
      return 'enterprise or operator';
    case 'enterprise,operator,school':
      return 'any partner';
    default:
      throw new Error(`x-roles ${roles} is not a combination this matrix knows`);
  }
}

/**
 * The status a caller must get. `allowed` means the guard let it through: the route may still
 * answer 400/404/409 for the probe's made-up body or ids, but never 401 or 403.
 */
function expected(auth: Auth, role: Role): 401 | 403 | 'allowed' {
  if (auth === 'public') return 'allowed';
  if (role === 'none') return 401;
  switch (auth) {
    case 'operator':
      // Any bearer token but the operator's is refused as forbidden.
      return role === 'operator' ? 'allowed' : 403;
    case 'school':
      if (role === 'own school') return 'allowed';
      return role === 'other school' ? 403 : 401;
    case 'enterprise':
      if (role === 'own enterprise') return 'allowed';
      return role === 'other enterprise' ? 403 : 401;
    case 'enterprise or operator':
      // What the enterprise manages itself and the operator for it: a school's key is no key here.
      if (role === 'own enterprise' || role === 'operator') return 'allowed';
      return role === 'other enterprise' ? 403 : 401;
    case 'any partner':
      // Read-only directories every partner and the operator may read.
      return 'allowed';
    case 'erp':
      // ERP routes take a signature, never a bearer token.
      return 401;
  }
}

/**
 * The guard let the call through: no 401, no guard 403 (guards say which token is wrong; a
 * route's own 403, such as consent missing, is the route's answer), no server error.
 */
function passedTheGuard(answer: { status: number; body: { detail?: string } | undefined }): boolean {
  if (answer.status === 401 || answer.status >= 500) return false;
  return !(answer.status === 403 && /API key belongs to another|may not use operator endpoints/.test(answer.body?.detail ?? ''));
}

/** An ERP route called with the right media type but no signature (a bearer token at most). */
async function unsignedErpPost(url: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    // Adapters take the vendor's JSON; the CloudEvents endpoint its own media type.
    headers: {
      'content-type': url.includes('/adapters/') ? 'application/json' : 'application/cloudevents+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: '{}',
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as { detail?: string } | undefined };
}

describe('authorization matrix: every documented route x every caller', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let tokens: Record<Role, string | undefined>;
  let ids: Record<string, string>;
  let routes: { method: string; path: string; auth: Auth }[];
  let erp: { enterpriseId: string; secret: string };

  beforeAll(async () => {
    service = await startTalentPipeline();
    const own = await seedActiveInternship(service.baseUrl);
    const register = async (kind: 'schools' | 'enterprises') =>
      (await httpJson('POST', `${service.baseUrl}/v1/${kind}`, { token: ADMIN_TOKEN, body: { name: `Other ${kind}`, country: 'CN' } }))
        .body;
    const [otherSchool, otherEnterprise] = [await register('schools'), await register('enterprises')];
    tokens = {
      none: undefined,
      operator: ADMIN_TOKEN,
      'own school': own.school.apiKey,
      'other school': otherSchool.apiKey,
      'own enterprise': own.enterprise.apiKey,
      'other enterprise': otherEnterprise.apiKey,
    };
    erp = { enterpriseId: own.enterprise.id, secret: own.enterprise.erpSigningSecret };
    // Real ids where the route names one, so the owner's call reaches the handler's own checks.
    ids = { schoolId: own.school.id, enterpriseId: own.enterprise.id, studentId: own.student.id, placementId: own.placement.id };

    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body as { paths: Record<string, Record<string, Operation>> };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase(), path, auth: authOf(operation) })),
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  const label = (route: { method: string; path: string }) => `${route.method} ${route.path.replace(/\{(\w+)\}/g, ':$1')}`;

  function urlOf(path: string): string {
    const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (ids[name]) return ids[name];
      if (name === 'id' && /placements\/\{id\}/.test(path)) return ids.placementId;
      if (name === 'topic') return 'talent.erp-inbound.v1.dlt';
      return randomUUID();
    });
    return `${service.baseUrl}${filled}`;
  }

  it('documents which caller each route is for; only the probes and /metrics are public', async () => {
    expect(routes.length).toBeGreaterThan(50);
    // Every route that takes a bearer token names its roles, machine-readably.
    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body;
    expect(operationsWithoutRoles(document)).toEqual([]);
    expect(
      routes
        .filter((r) => r.auth === 'public')
        .map(label)
        .sort(),
    ).toEqual(PUBLIC_ROUTES);
    // Each kind of caller has routes of its own, so the matrix below exercises every guard.
    for (const auth of ['operator', 'school', 'enterprise', 'enterprise or operator', 'erp'] as const) {
      expect(routes.filter((r) => r.auth === auth).length).toBeGreaterThan(0);
    }
  });

  it('answers every route as the matrix says, and never with a server error', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const role of ROLES) {
        const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
        const answer =
          route.auth === 'erp'
            ? await unsignedErpPost(urlOf(route.path), tokens[role])
            : await httpJson(route.method, urlOf(route.path), { token: tokens[role], body });
        const want = expected(route.auth, role);
        const ok = want === 'allowed' ? passedTheGuard(answer) : answer.status === want;
        if (!ok) mismatches.push(`${label(route)} as ${role}: ${answer.status}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses keys it never issued on every route that declares security, and the others answer without credentials', async () => {
    // ERP routes authenticate by signature (the next test); here, every route that takes a bearer token or none.
    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body as { paths: Record<string, Record<string, Operation>> };
    const bearerOnly = bearerRoutesOf(document);
    const bogus = [`sk_school_${'x'.repeat(40)}`, 'sk_enterprise_unknown', 'not-a-key', `${ADMIN_TOKEN}x`];
    expect(await authenticationFindings(service.baseUrl, { paths: bearerOnly }, bogus)).toEqual([]);
  });

  it('refuses a school key rotated out and an enterprise key revoked on every bearer route, as keys it never issued', async () => {
    const { school, enterprise } = await seedActiveInternship(service.baseUrl);
    const rotated = await httpJson('POST', `${service.baseUrl}/v1/schools/${school.id}/api-key/rotations`, {
      token: ADMIN_TOKEN,
      body: { overlapSeconds: 0, reason: 'key leaked' },
    });
    expect(rotated.status).toBe(201);
    const revoked = await httpJson('POST', `${service.baseUrl}/v1/enterprises/${enterprise.id}/api-key/revocation`, {
      token: ADMIN_TOKEN,
      body: { reason: 'contract ended' },
    });
    expect(revoked.status).toBe(200);
    const document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body as { paths: Record<string, Record<string, Operation>> };
    const bearerOnly = bearerRoutesOf(document);
    expect(await authenticationFindings(service.baseUrl, { paths: bearerOnly }, [school.apiKey, enterprise.apiKey])).toEqual([]);
    // The school's new key works: the old one is refused because it was rotated out, not because the school is gone.
    const feed = await httpJson('GET', `${service.baseUrl}/v1/schools/${school.id}/placement-outcomes`, { token: rotated.body.apiKey });
    expect(feed.status).toBe(200);
  });

  it('lets a correctly signed ERP request through its signature check on every ERP route', async () => {
    const erpRoutes = routes.filter((r) => r.auth === 'erp');
    for (const route of erpRoutes) {
      // A signed but empty body: past authentication, refused as invalid input.
      const signed = { baseUrl: service.baseUrl, ...erp, body: {} };
      const vendor = /adapters\/(\w+)\//.exec(route.path)?.[1] as ErpVendor | undefined;
      const answer = vendor ? await postVendorNotification({ ...signed, vendor }) : await postErpEvents(signed);
      expect({ route: label(route), status: answer.status }).toEqual({ route: label(route), status: 400 });
    }
  });
});

/** The document's operations that take a bearer token or none: ERP routes authenticate by signature instead. */
function bearerRoutesOf(document: { paths: Record<string, Record<string, Operation>> }): Record<string, Record<string, Operation>> {
  return Object.fromEntries(
    Object.entries(document.paths)
      .map(([path, operations]) => [path, Object.fromEntries(Object.entries(operations).filter(([, op]) => authOf(op) !== 'erp'))] as const)
      .filter(([, operations]) => Object.keys(operations).length > 0),
  );
}

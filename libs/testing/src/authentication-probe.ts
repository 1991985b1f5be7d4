import { randomUUID } from 'node:crypto';
import { concretePathOf } from './fuzz/http-body-fuzzer';

/**
 * Calls every operation of an OpenAPI document the way an unauthenticated client would: with no
 * credentials, and with bearer tokens the service never issued. An operation that declares
 * `security` must refuse each with problem+json: 401 without credentials, 401 or 403 with a
 * token it never issued (the operator routes answer 403 to any bearer token but the operator's,
 * as documented); one that does not (the probes, the public credential routes) must answer
 * without asking for credentials. Generated from /docs-json, so a
 * route added without its guard, or a guard that lets an unknown token through, is found the
 * day the route is documented. Returns the findings as readable lines; none when all hold.
 */
export async function authenticationFindings(
  baseUrl: string,
  document: { paths: Record<string, Record<string, { security?: unknown[] }>> },
  bogusTokens: string[],
): Promise<string[]> {
  const findings: string[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const path = concretePathOf(template, () => randomUUID());
      const secured = (operation.security?.length ?? 0) > 0;
      for (const token of secured ? [undefined, ...bogusTokens] : [undefined]) {
        const response = await fetch(`${baseUrl}${path}`, {
          method: method.toUpperCase(),
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(method === 'get' ? {} : { 'content-type': 'application/json' }),
          },
          body: method === 'get' ? undefined : '{}',
        });
        const type = response.headers.get('content-type') ?? '';
        await response.arrayBuffer();
        const as = token ? `bearer ${token.slice(0, 12)}…` : 'no credentials';
        const route = `${method.toUpperCase()} ${template}`;
        const refusals = token ? [401, 403] : [401];
        if (secured && (!refusals.includes(response.status) || !type.startsWith('application/problem+json'))) {
          findings.push(`${route} (${as}): ${response.status} ${type}, expected ${refusals.join(' or ')} problem+json`);
        }
        if (!secured && (response.status === 401 || response.status === 403 || response.status >= 500)) {
          findings.push(`${route} (${as}): ${response.status}; documented without security, so it must answer without credentials`);
        }
      }
    }
  }
  return findings;
}

import { randomUUID } from 'node:crypto';
import { concretePathOf } from './fuzz/http-body-fuzzer';

/** An operation as the role probe reads it: whether it is secured, and which roles it names. */
export interface RoleDocumentedOperation {
  security?: unknown[];
  'x-roles'?: string[];
}

export interface RoleProbeOptions {
  /** A valid bearer token per role the service issues, e.g. `{ operator, school, enterprise }`. */
  tokens: Record<string, string>;
  /**
   * The value for a path parameter; a real id where the route should reach its own checks
   * (a fresh UUID is fine: the guard runs before any lookup). Defaults to a fresh UUID.
   */
  pathValue?: (name: string, template: string) => string;
  /** How the guard words its role refusal, to tell it from a route's own 403 (e.g. an NDA gate). */
  guardRefusal: RegExp;
}

/** The routes the shared libraries add to every service: probes, metrics, the partner directory, the operator endpoints. */
export const LIBRARY_ROUTE = /^\/(health|metrics)(\/|$)|^\/v1\/(partners|agreements|operator)(\/|$)/;

/** How the library guards word a role refusal: the operator token guard's, and the partner directory's. */
const LIBRARY_GUARD_REFUSAL = /may not use operator endpoints|is not for the \w+ role/;

/** The part of a document whose path templates `keep` accepts, with only the operations that declare security. */
export function securedPart<O extends RoleDocumentedOperation>(
  document: { paths: Record<string, Record<string, O>> },
  keep: (template: string) => boolean,
): { paths: Record<string, Record<string, O>> } {
  const paths = Object.entries(document.paths)
    .filter(([template]) => keep(template))
    .map(
      ([template, operations]) =>
        [template, Object.fromEntries(Object.entries(operations).filter(([, op]) => (op.security?.length ?? 0) > 0))] as const,
    )
    .filter(([, operations]) => Object.keys(operations).length > 0);
  return { paths: Object.fromEntries(paths) };
}

/**
 * `roleFindings` over the library routes a service hosts (the partner directory, the operator
 * endpoints), with the library guards' refusals, plus each of them that documents no roles.
 */
export async function libraryRoleFindings(
  baseUrl: string,
  document: { paths: Record<string, Record<string, RoleDocumentedOperation>> },
  tokens: Record<string, string>,
): Promise<string[]> {
  const library = securedPart(document, (template) => LIBRARY_ROUTE.test(template));
  const undocumented = operationsWithoutRoles(library).map((route) => `${route}: no x-roles`);
  return [...undocumented, ...(await roleFindings(baseUrl, library, { tokens, guardRefusal: LIBRARY_GUARD_REFUSAL }))];
}

/** The documented roles of every secured operation that has none, as readable lines. */
export function operationsWithoutRoles(document: { paths: Record<string, Record<string, RoleDocumentedOperation>> }): string[] {
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => (operation.security?.length ?? 0) > 0 && !(operation['x-roles']?.length ?? 0))
      .map(([method]) => `${method.toUpperCase()} ${template}`),
  );
}

/**
 * Calls every secured operation of an OpenAPI document once per role, with a valid key of that
 * role, and compares the answer with the roles the operation documents (`x-roles`, where `*` is
 * any key of the service): a role it
 * names must get past the guard (the route may still answer 400/404/409 for the probe's made-up
 * body or ids, never 401, never the guard's 403, never 5xx); a role it does not name must get the
 * guard's 403 as problem+json. Generated from /docs-json, so the document cannot promise a role
 * the guard refuses, nor leave out one it lets through. Returns the findings; none when all hold.
 */
export async function roleFindings(
  baseUrl: string,
  document: { paths: Record<string, Record<string, RoleDocumentedOperation>> },
  options: RoleProbeOptions,
): Promise<string[]> {
  const findings: string[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if ((operation.security?.length ?? 0) === 0) continue;
      const documented = operation['x-roles'] ?? [];
      const path = concretePathOf(template, (name) => options.pathValue?.(name, template) ?? randomUUID());
      for (const [role, token] of Object.entries(options.tokens)) {
        const response = await fetch(`${baseUrl}${path}`, {
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${token}`, ...(method === 'get' ? {} : { 'content-type': 'application/json' }) },
          body: method === 'get' ? undefined : '{}',
        });
        const type = response.headers.get('content-type') ?? '';
        const text = await response.text();
        const refusedByGuard = response.status === 403 && options.guardRefusal.test(text);
        const route = `${method.toUpperCase()} ${template} as ${role}`;
        if (documented.includes(role) || documented.includes('*')) {
          if (response.status === 401 || response.status >= 500 || refusedByGuard) {
            findings.push(`${route}: ${response.status}, but the document names ${role} (${text.slice(0, 160)})`);
          }
        } else if (!refusedByGuard || !type.startsWith('application/problem+json')) {
          findings.push(
            `${route}: ${response.status} ${type}, expected the guard's 403 (documented roles: ${documented.join(', ') || 'none'})`,
          );
        }
      }
    }
  }
  return findings;
}

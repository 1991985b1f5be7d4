import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
// Swagger 12 exports its metadata keys from the package root; its dist/ paths are closed by its exports map.
import { DECORATORS } from '@nestjs/swagger';
import { isOperatorIssuesKey, isOperatorPersonalDataWrite } from '@app/base';
import { isOperatorPersonalDataRead } from '@app/platform';

/** One HTTP route of a service as its decorators declare it, without starting the service. */
export interface DeclaredRoute {
  /** `POST /v1/students/:studentId/consents` (Express form). */
  route: string;
  method: string;
  handler: string;
  /** The operator may call it: its `x-roles` (every service documents who may call each route) name `operator`. */
  operatorReachable: boolean;
  personalDataRead: boolean;
  personalDataWrite: boolean;
  issuesKey: boolean;
  /** The documented schemas of its 2xx answers, as JSON. */
  answers: string[];
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every route of the controllers a module declares, its imports' included (dynamic modules too;
 * an async import cannot be walked without running it), read from the decorators' metadata.
 */
export function declaredRoutes(rootModule: Type | { module: Type }): DeclaredRoute[] {
  const controllers = new Set<Type>();
  const seen = new Set<unknown>();
  const walk = (entry: unknown) => {
    if (!entry || seen.has(entry) || typeof (entry as Promise<unknown>).then === 'function') return;
    seen.add(entry);
    const dynamic = typeof entry === 'object' ? (entry as { module?: Type; imports?: unknown[]; controllers?: Type[] }) : undefined;
    const type = (dynamic ? dynamic.module : entry) as Type | undefined;
    const own = (key: string) => (type ? ((Reflect.getMetadata(key, type) as unknown[] | undefined) ?? []) : []);
    for (const controller of [...own(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])]) controllers.add(controller as Type);
    for (const imported of [...own(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])]) walk(imported);
  };
  walk(rootModule);

  const routes: DeclaredRoute[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as object | undefined;
      const requestMethod = handler && (Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined);
      if (!handler || requestMethod === undefined || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
      const extensions = (Reflect.getMetadata(DECORATORS.API_EXTENSION, handler) ?? {}) as Record<string, unknown>;
      const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) as Record<string, { schema?: unknown }>;
      routes.push({
        route: `${RequestMethod[requestMethod]} ${path}`,
        method: RequestMethod[requestMethod],
        handler: `${controller.name}.${name}`,
        operatorReachable: ((extensions['x-roles'] as unknown[] | undefined) ?? []).includes('operator'),
        personalDataRead: isOperatorPersonalDataRead(handler),
        personalDataWrite: isOperatorPersonalDataWrite(handler),
        issuesKey: isOperatorIssuesKey(handler),
        answers: Object.entries(responses)
          .filter(([status, response]) => /^2\d\d$/.test(status) && response.schema !== undefined)
          .map(([, response]) => JSON.stringify(response.schema)),
      });
    }
  }
  return routes;
}

/**
 * The records an operator needs `read-personal-data` to receive: what the routes marked
 * `@OperatorPersonalDataRead()` answer and every object within (a list's items, a placement's
 * evaluations, a caller-dependent answer's alternatives), so a write that answers with one part
 * of a record read whole (an evaluation, an attendance entry) counts too.
 */
function personalDataRecords(routes: DeclaredRoute[]): Set<string> {
  const records = new Set<string>();
  const add = (schema: unknown) => {
    if (!schema || typeof schema !== 'object') return;
    const node = schema as { type?: string; properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
    if (node.type === 'object' && node.properties) records.add(JSON.stringify(schema));
    for (const inner of [...Object.values(node.properties ?? {}), node.items, ...(node.anyOf ?? []), ...(node.oneOf ?? [])]) add(inner);
  };
  for (const answer of routes.filter((r) => r.personalDataRead).flatMap((r) => r.answers)) add(JSON.parse(answer));
  return records;
}

/**
 * Operator-reachable writes (POST, PUT, PATCH, DELETE) that answer with a record the service
 * treats as personal data on its reads: the same documented schema as a marked read's answer or
 * as an object within it.
 */
export function writesEchoingPersonalData(routes: DeclaredRoute[]): DeclaredRoute[] {
  const records = personalDataRecords(routes);
  return routes.filter((r) => WRITES.has(r.method) && r.operatorReachable && r.answers.some((a) => records.has(a)));
}

/**
 * {@link writesEchoingPersonalData} that lack `@OperatorPersonalDataWrite()`: a restricted key would receive by
 * writing what it is refused by reading (ADR 0078 addendum).
 */
export function unmarkedPersonalDataWrites(routes: DeclaredRoute[]): string[] {
  const echoing = writesEchoingPersonalData(routes);
  const findings = echoing
    .filter((r) => !r.personalDataWrite)
    .map((r) => `${r.route} (${r.handler}) answers with a personal-data record but has no @OperatorPersonalDataWrite()`);
  // Both ways: a marked route this derivation does not see means the derivation went blind
  // (a renamed schema, an answer no longer documented), and would then pass every new route.
  for (const r of routes.filter((r) => r.personalDataWrite && !echoing.includes(r))) {
    findings.push(
      `${r.route} (${r.handler}) is marked @OperatorPersonalDataWrite() but is no operator write answering with a personal-data record`,
    );
  }
  return findings;
}

/** Whether a documented answer holds an `apiKey` property anywhere (every service names an issued key so). */
function answersWithKey(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const node = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
  if (node.properties && 'apiKey' in node.properties) return true;
  return [...Object.values(node.properties ?? {}), node.items, ...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])].some(
    answersWithKey,
  );
}

/** Operator-reachable routes whose documented answer carries an API key (`apiKey`). */
export function routesIssuingKeys(routes: DeclaredRoute[]): DeclaredRoute[] {
  return routes.filter((r) => r.operatorReachable && r.answers.some((a) => answersWithKey(JSON.parse(a))));
}

/**
 * Both ways, as {@link unmarkedPersonalDataWrites}: an operator route answering with an API key
 * without `@OperatorIssuesKey()` (a restricted key could mint itself a key that reads what it is
 * refused, ADR 0078 second addendum), and a marked route that answers with no key (the derivation
 * went blind); with `expected`, also any difference from the routes a service's spec lists.
 */
export function unmarkedKeyIssues(routes: DeclaredRoute[], expected?: string[]): string[] {
  const issuing = routesIssuingKeys(routes);
  const found = issuing.map((r) => r.route).sort();
  return [
    ...issuing.filter((r) => !r.issuesKey).map((r) => `${r.route} (${r.handler}) answers with an API key but has no @OperatorIssuesKey()`),
    ...routes
      .filter((r) => r.issuesKey && !issuing.includes(r))
      .map((r) => `${r.route} (${r.handler}) is marked @OperatorIssuesKey() but answers with no API key`),
    // The list a service's spec spells out: a route gained or lost is a finding until the spec says so.
    ...(expected && JSON.stringify(found) !== JSON.stringify([...expected].sort())
      ? [`the routes answering with an API key are ${found.join(', ')}, not ${[...expected].sort().join(', ')}`]
      : []),
  ];
}

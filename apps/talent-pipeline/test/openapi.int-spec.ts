import { RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { answersWithoutSchema, httpJson, nonJsonBodyFindings, openApiProblems } from '@app/testing';
import { TALENT_PIPELINE_FEATURES } from '../src/talent-pipeline.module';
import { startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/** One HTTP route as Nest registered it, with what the OpenAPI document must say about it. */
interface DiscoveredRoute {
  method: string;
  /** Express form, `/v1/placements/:id`. */
  path: string;
  controller: string;
  handler: string;
  /** Declared by the talent pipeline itself (not by a shared platform module such as health). */
  ownRoute: boolean;
  guarded: boolean;
  hasBody: boolean;
}

interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, unknown>; schemas?: Record<string, unknown> };
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value : [value ?? '']).map(String);
const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const label = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/**
 * Every route Nest registered, read from the running application's controllers (the same
 * PATH/METHOD metadata Nest's router explorer turns into Express routes).
 */
function discoverRoutes(modules: ModulesContainer): DiscoveredRoute[] {
  const scanner = new MetadataScanner();
  const routes: DiscoveredRoute[] = [];
  for (const wrapper of new DiscoveryService(modules).getControllers()) {
    const { metatype, instance } = wrapper;
    if (!metatype || !instance) continue;
    const controllerPaths = asList(Reflect.getMetadata(PATH_METADATA, metatype));
    const classGuards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, metatype) ?? [];
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
      const requestMethod: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
      // Kafka handlers (@HandlesEvent) live in controllers too, but are not HTTP routes.
      if (methodPath === undefined || requestMethod === undefined) continue;
      const methodGuards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, handler) ?? [];
      const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {};
      const hasBody = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
      for (const controllerPath of controllerPaths) {
        for (const path of asList(methodPath)) {
          routes.push({
            method: RequestMethod[requestMethod],
            path: joinPath(controllerPath, path),
            controller: metatype.name,
            handler: name,
            ownRoute: (TALENT_PIPELINE_FEATURES as unknown[]).includes(wrapper.host?.metatype),
            guarded: classGuards.length + methodGuards.length > 0,
            hasBody,
          });
        }
      }
    }
  }
  return routes;
}

/** The routes Express actually serves, minus the OpenAPI UI's own and Nest's catch-all middleware mounts. */
function servedRoutes(expressApp: unknown): { method: string; path: string }[] {
  const app = expressApp as { router?: ExpressRouter; _router?: ExpressRouter };
  const router = app.router ?? app._router;
  if (!router) throw new Error('no Express router found on the HTTP adapter');
  return router.stack
    .filter((layer) => layer.route && !layer.route.path.startsWith('/docs') && !layer.route.path.includes('*'))
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })));
}

interface ExpressRouter {
  stack: { route?: { path: string; methods: Record<string, boolean> } }[];
}

describe('OpenAPI document at /docs-json covers every HTTP route of the talent pipeline', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let document: OpenApiDocument;
  let routes: DiscoveredRoute[];

  beforeAll(async () => {
    service = await startTalentPipeline();
    const response = await httpJson('GET', `${service.baseUrl}/docs-json`);
    expect(response.status).toBe(200);
    document = response.body;
    routes = discoverRoutes(service.app.get(ModulesContainer));
  });

  afterAll(async () => {
    await service?.close();
  });

  const operationOf = (route: DiscoveredRoute): Operation | undefined =>
    document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
  const ownRoutes = () => routes.filter((r) => r.ownRoute);

  it('documents what every successful answer carries, the shared routes included (ADR 0071)', async () => {
    expect(answersWithoutSchema((await httpJson('GET', `${service.baseUrl}/docs-json`)).body)).toEqual([]);
  });

  it('is a valid OpenAPI 3.0 document (what client generators read)', async () => {
    expect(openApiProblems((await httpJson('GET', `${service.baseUrl}/docs-json`)).body)).toEqual([]);
  });

  it('discovers the routes Express really serves, no more and no fewer', () => {
    expect(ownRoutes().length).toBeGreaterThan(40);
    const discovered = routes.map(label).sort();
    expect(new Set(discovered).size).toBe(discovered.length);
    expect(servedRoutes(service.app.getHttpAdapter().getInstance()).map(label).sort()).toEqual(discovered);
  });

  it('is an OpenAPI 3 document with a bearer security scheme and the problem+json schema', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components?.securitySchemes?.bearer).toBeDefined();
    expect(document.components?.schemas?.ProblemDetailsDoc).toBeDefined();
  });

  it('documents every registered route with at least one response, and nothing Nest does not serve', () => {
    const undocumented = routes.filter((r) => Object.keys(operationOf(r)?.responses ?? {}).length === 0).map(label);
    expect(undocumented).toEqual([]);
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
  });

  it('gives every talent-pipeline route a summary and a success response', () => {
    const problems = ownRoutes().flatMap((route) => {
      const operation = operationOf(route)!;
      const codes = Object.keys(operation.responses ?? {});
      return [
        ...(operation.summary?.trim() ? [] : [`${label(route)}: no summary`]),
        ...(codes.some((code) => /^2\d\d$/.test(code)) ? [] : [`${label(route)}: no 2xx response`]),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('documents every error response of a talent-pipeline route as application/problem+json', () => {
    const problems = ownRoutes().flatMap((route) =>
      Object.entries(operationOf(route)!.responses ?? {})
        .filter(([code]) => /^[45]\d\d$/.test(code))
        .filter(([, response]) => !response.content?.['application/problem+json'] || !response.description)
        .map(([code]) => `${label(route)}: ${code} is not a described application/problem+json response`),
    );
    expect(problems).toEqual([]);
    // Each route can at least be refused for a bad request or bad credentials.
    const withoutErrors = ownRoutes()
      .filter((route) => !Object.keys(operationOf(route)!.responses ?? {}).some((code) => /^4\d\d$/.test(code)))
      .map(label);
    expect(withoutErrors).toEqual([]);
  });

  it('declares the auth of every talent-pipeline route: bearer where a guard checks it, the signature headers on ERP routes', () => {
    const schemes = Object.keys(document.components?.securitySchemes ?? {});
    const problems = ownRoutes().flatMap((route) => {
      const operation = operationOf(route)!;
      const requirements = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
      const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
      return [
        ...(operation.responses?.['401'] ? [] : [`${label(route)}: no 401 response`]),
        ...requirements.filter((name) => !schemes.includes(name)).map((name) => `${label(route)}: unknown security scheme ${name}`),
        ...(route.guarded && requirements.length === 0 ? [`${label(route)}: guarded, but no security requirement`] : []),
        ...(!route.guarded && !['x-enterprise-id', 'webhook-id', 'webhook-timestamp', 'webhook-signature'].every((h) => headers.includes(h))
          ? [`${label(route)}: neither guarded nor documenting the Standard Webhooks headers`]
          : []),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('gives every talent-pipeline route that reads a body a request body schema', () => {
    const problems = ownRoutes()
      .filter((route) => route.hasBody)
      .flatMap((route) => {
        const content = operationOf(route)!.requestBody?.content ?? {};
        const schemas = Object.values(content).map((media) => media.schema);
        return schemas.length > 0 && schemas.every((schema) => schema && ('$ref' in schema || 'type' in schema || 'oneOf' in schema))
          ? []
          : [`${label(route)}: no request body schema`];
      });
    expect(problems).toEqual([]);
  });

  it('answers a body that is not JSON with 415 problem+json on every route that reads one, the libraries’ included, as documented', async () => {
    expect(await nonJsonBodyFindings(service.baseUrl, document)).toEqual([]);
  });

  it("documents an agreement's optional programmes as the schema validates them", () => {
    const schema = document.components?.schemas?.CreateAgreementDto as {
      required?: string[];
      properties: Record<string, { type?: string; items?: { enum?: string[] }; minItems?: number; maxItems?: number }>;
    };
    expect(schema.properties.programmes).toMatchObject({
      type: 'array',
      items: { enum: ['placements', 'secondments', 'rd'] },
      minItems: 1,
      maxItems: 3,
    });
    expect(schema.required).not.toContain('programmes');
  });

  it('still lists the shared platform routes (health probes) with a summary and a response', () => {
    const shared = routes.filter((r) => !r.ownRoute);
    expect(shared.map(label).sort()).toEqual([
      'GET /health/live',
      'GET /health/ready',
      'GET /metrics',
      // Operator messaging endpoints every service carries (libs/platform/src/bootstrap/operator).
      'GET /v1/operator/dead-letters',
      'GET /v1/operator/dead-letters/:topic/records',
      'GET /v1/operator/messaging/metrics',
      'GET /v1/operator/outbox/parked',
      'POST /v1/operator/dead-letters/:topic/replay',
    ]);
    for (const route of shared) {
      expect(Object.keys(operationOf(route)?.responses ?? {})).toContain('200');
      expect(operationOf(route)?.summary).toEqual(expect.any(String));
    }
  });
});

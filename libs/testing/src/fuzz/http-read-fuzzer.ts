import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { checkAgainstDocumented, countedRequest, FuzzReport, fuzzEachRoute } from './http-body-fuzzer';
import { JsonSchema, OpenApiDocument } from './openapi-bodies';

/**
 * Property-based fuzzing of a service's read routes (every GET of its OpenAPI document) over
 * HTTP, shared by the three services' suites: each request fills the route's documented query
 * parameters with valid values, odd values (empty, huge, negative, not a number, not a date,
 * control and bidi characters, operator-looking JSON), repeated keys (an array where a string is
 * expected) and bracketed keys (`limit[$gt]`), adds an undocumented parameter now and then, and
 * sometimes puts an odd value in a path parameter. The service may refuse anything, but never
 * with a 5xx, always with problem+json, and an answer the document gives a schema for must
 * match it (the body fuzz's properties, without "stores nothing": a read may log who read it).
 */
export interface ReadRoute {
  /** OpenAPI path template, e.g. /v1/schools/{schoolId}/placements. */
  path: string;
  query: { name: string; required: boolean; schema: JsonSchema }[];
  pathParams: string[];
  /** The documented schema of a JSON answer, by status, where the document has one. */
  responses: Record<string, JsonSchema>;
}

export interface ReadFuzzTarget {
  baseUrl: string;
  /** The request path of a route template with real ids, so that most requests reach the handler. */
  pathOf(route: ReadRoute): string;
  /** Credentials that may read the route (the owner's key, or the operator's with its identity headers). */
  headersOf(route: ReadRoute): Record<string, string>;
  /** A valid value for a query parameter the schema alone cannot make (a known id), else undefined. */
  queryValueOf?(route: ReadRoute, name: string): string | undefined;
}

type RawOperation = {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
};

/** Every GET operation of the document, with its query and path parameters. */
export function readRoutesOf(document: OpenApiDocument): ReadRoute[] {
  return Object.entries(document.paths).flatMap(([path, operations]) => {
    const get = (operations as Record<string, RawOperation>).get;
    if (!get) return [];
    const parameters = get.parameters ?? [];
    const responses = Object.fromEntries(
      Object.entries(get.responses ?? {})
        .filter(([status, response]) => /^2/.test(status) && response.content?.['application/json']?.schema)
        .map(([status, response]) => [status, response.content!['application/json'].schema!]),
    );
    return [
      {
        path,
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? { type: 'string' } })),
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        responses,
      },
    ];
  });
}

/** Values no query parameter of ours takes as they are, each a way input has broken servers. */
const ODD_VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '9'.repeat(40),
  'x'.repeat(5_000),
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '{"$gt":""}',
  '$where',
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '0000-00-00',
  '../../etc/passwd',
  '\u0000',
  'ü𝕏\u202e\u200b',
  '\ud800',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'a,b,,c',
];

/**
 * Path parameter values: malformed, oversized, a malformed percent-encoding. (No `..`: URL parsing
 * resolves it before the request leaves, so it would only reach another route.)
 */
const ODD_PATH_VALUES = [
  'not-an-id',
  '0',
  'x'.repeat(400),
  '%E0%A4%A',
  '__proto__',
  '%00',
  'A'.repeat(8) + '-0000-0000-0000-' + '0'.repeat(12),
];

type QueryPart = [string, string];

/** A value the parameter's schema allows. */
function validValue(route: ReadRoute, name: string, schema: JsonSchema, target: ReadFuzzTarget): fc.Arbitrary<string> {
  const known = target.queryValueOf?.(route, name);
  if (known !== undefined) return fc.constant(known);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum.map(String));
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? 0;
    return fc.integer({ min, max: Math.min(schema.maximum ?? min + 1000, min + 1000) }).map(String);
  }
  if (schema.type === 'boolean') return fc.constantFrom('true', 'false');
  if (schema.format === 'uuid') return fc.constant(randomUUID());
  if (schema.format === 'date') return fc.constantFrom('2026-01-01', '2026-06-30', '2027-12-31');
  if (schema.format === 'date-time') return fc.constantFrom('2026-01-01T00:00:00Z', '2026-06-30T12:00:00.000+08:00');
  return fc.constantFrom('a', 'internship', '2026-01-01', randomUUID());
}

function queryPartsOf(route: ReadRoute, target: ReadFuzzTarget): fc.Arbitrary<QueryPart[]> {
  const odd = fc.oneof(fc.constantFrom(...ODD_VALUES), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
  const perParam = route.query.map(({ name, schema }) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant<QueryPart[]>([]) },
      { weight: 3, arbitrary: validValue(route, name, schema, target).map((v): QueryPart[] => [[name, v]]) },
      { weight: 3, arbitrary: odd.map((v): QueryPart[] => [[name, v]]) },
      {
        weight: 1,
        arbitrary: fc.tuple(validValue(route, name, schema, target), odd).map(([a, b]): QueryPart[] => [
          [name, a],
          [name, b],
        ]),
      },
      { weight: 1, arbitrary: fc.constantFrom('$gt', '$ne', '', '0', '__proto__').map((key): QueryPart[] => [[`${name}[${key}]`, '1']]) },
    ),
  );
  const undocumented = fc.oneof(
    { weight: 8, arbitrary: fc.constant<QueryPart[]>([]) },
    { weight: 1, arbitrary: fc.constantFrom<QueryPart[]>([['unknown', '1']], [['__proto__[polluted]', '1']], [['$where', '1']]) },
  );
  return fc.tuple(fc.tuple(...perParam), undocumented).map(([parts, extra]) => [...parts.flat(), ...extra]);
}

/** The route's path with real ids, or (one request in four, where it has parameters) one of them replaced by an odd value. */
function pathsOf(route: ReadRoute, target: ReadFuzzTarget): fc.Arbitrary<{ path: string; odd?: string }> {
  const real = target.pathOf(route);
  if (route.pathParams.length === 0) return fc.constant({ path: real });
  const templateSegments = route.path.split('/');
  const paramIndexes = templateSegments.flatMap((segment, i) => (/^\{.+\}$/.test(segment) ? [i] : []));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ path: real }) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...paramIndexes), fc.constantFrom(...ODD_PATH_VALUES)).map(([index, value]) => {
        const segments = real.split('/');
        segments[index] = value;
        return { path: segments.join('/'), odd: `${templateSegments[index]} = ${JSON.stringify(value.slice(0, 40))}` };
      }),
    },
  );
}

/** Sends about `totalRuns` requests spread evenly over `routes`, in their order. */
export async function fuzzReadRoutes(
  target: ReadFuzzTarget,
  routes: ReadRoute[],
  options: { totalRuns: number; seed: number },
): Promise<FuzzReport> {
  return fuzzEachRoute(routes, options, (route, report) =>
    fc.asyncProperty(pathsOf(route, target), queryPartsOf(route, target), async (path, query) => {
      try {
        await read(target, route, path, query, report);
      } catch (error) {
        report.testErrors.push({ route: `GET ${route.path}`, status: 'test error', mutation: String(error) });
      }
    }),
  );
}

async function read(
  target: ReadFuzzTarget,
  route: ReadRoute,
  path: { path: string; odd?: string },
  query: QueryPart[],
  report: FuzzReport,
) {
  const search = new URLSearchParams(query).toString();
  const url = `${target.baseUrl}${path.path}${search ? `?${search}` : ''}`;
  const mutation = [path.odd, search && decodeURIComponent(search.replace(/\+/g, ' ')).slice(0, 300)].filter(Boolean).join('; ');
  const { status, responseType, responseText } = await countedRequest(report, url, { headers: target.headersOf(route) });
  const finding = { route: `GET ${route.path}`, status, mutation, detail: responseText.slice(0, 300) };
  if (typeof status === 'string' || status >= 500) report.serverErrors.push(finding);
  else if (status >= 400 && !responseType?.startsWith('application/problem+json')) report.notProblemJson.push(finding);
  // A refused parameter is named, so the client knows which to fix (`errors[].field`), path parameters included.
  else if (status === 400 && !namesAField(responseText))
    report.notProblemJson.push({ ...finding, detail: `names no field: ${finding.detail}` });
  else if (status < 300 && responseType?.includes('json')) {
    checkAgainstDocumented(report, finding, route.responses[String(status)], JSON.parse(responseText));
  }
}

/** Whether a problem+json body names at least one field in `errors`. */
function namesAField(problemJson: string): boolean {
  try {
    const errors = (JSON.parse(problemJson) as { errors?: { field?: unknown }[] }).errors;
    return Array.isArray(errors) && errors.some((error) => typeof error.field === 'string' && error.field.length > 0);
  } catch {
    return false;
  }
}

/** How many query parameters the routes document (what the read fuzz varies besides path ids). */
export function queryParameters(routes: ReadRoute[]): number {
  return routes.reduce((sum, route) => sum + route.query.length, 0);
}

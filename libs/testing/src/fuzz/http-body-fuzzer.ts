import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Db } from 'mongodb';
import { applyMutations, bodyMutations, Json, Mutation } from './body-mutations';
import { responseProblems } from '../openapi-validity';
import { BodyRoute } from './openapi-bodies';

/**
 * Property-based fuzzing of a service's body routes over HTTP, shared by the three services'
 * suites: each route gets a valid body (from its OpenAPI schema, with real ids) mutated by
 * `bodyMutations`, and, where the target gives them, bodies its schema allows with odd values
 * (`schemaValidBodies`). The service may refuse anything, but never with a 5xx, always with
 * problem+json, and a refusal must change nothing the service keeps; an answer the document
 * gives a schema for must match it.
 */
export interface FuzzTarget {
  baseUrl: string;
  /** The request path of a route template, its parameters filled in. */
  pathOf(route: BodyRoute): string;
  /** A body the route accepts (or refuses only by a business rule), the start of every mutation. */
  validBodyOf(route: BodyRoute): Json;
  /** Content type and credentials for a request with this body text. */
  headersOf(route: BodyRoute, contentType: string, text: string): Record<string, string>;
  /** What a refused request must not change (document counts, version sums), read around every request. */
  stateOf(route: BodyRoute): Promise<StoredState>;
  /**
   * Bodies the route's schema allows (`schemaValidBodies`), sent for half the requests beside the
   * mutated ones; undefined for a route whose bodies the schema alone cannot make (a signed event).
   */
  schemaValidBodiesOf?(route: BodyRoute): fc.Arbitrary<Json> | undefined;
}

/** One request's body: a valid body mutated, or a body the schema allows. */
type BodyCase = { mutations: Mutation[] } | { schemaValid: Json };

export type StoredState = Record<string, number>;

export interface Finding {
  route: string;
  status: number | string;
  mutation: string;
  detail?: string;
}

export interface FuzzReport {
  requests: number;
  seconds: number;
  byStatus: Record<string, number>;
  /** The same, of the schema-valid bodies alone: how many got past the schema to the handler. */
  schemaValidByStatus: Record<string, number>;
  serverErrors: Finding[];
  notProblemJson: Finding[];
  storedOnRefusal: Finding[];
  /** 2xx answers that do not match the schema the OpenAPI document gives for them. */
  notAsDocumented: Finding[];
  /** Failures of the suite itself (never the service's), kept apart so they cannot hide as passes. */
  testErrors: Finding[];
}

/** How many requests a run sends (`FUZZ_RUNS`, else `defaultRuns`) and its seed (`FUZZ_SEED`, else from the clock, printed with the figures). */
export function fuzzSettings(defaultRuns: number): { totalRuns: number; seed: number } {
  return {
    totalRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns),
    seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31,
  };
}

/** Document counts of `collections`, and the sum of `version` over those in `versioned`. */
export async function storedState(db: Db, collections: string[], versioned: string[] = []): Promise<StoredState> {
  const counts = await Promise.all(collections.map(async (name) => [name, await db.collection(name).countDocuments()] as const));
  const versions = await Promise.all(
    versioned
      .filter((name) => collections.includes(name))
      .map(async (name) => {
        const [sum] = await db
          .collection(name)
          .aggregate([{ $group: { _id: null, total: { $sum: '$version' } } }])
          .toArray();
        return [`${name}.version`, (sum?.total as number) ?? 0] as const;
      }),
  );
  return Object.fromEntries([...counts, ...versions]);
}

/** Every collection's document count and `version` sum, in one command per collection. */
export async function everyCollectionState(db: Db): Promise<StoredState> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const state: StoredState = {};
  await Promise.all(
    names.map(async (name) => {
      const [totals] = await db
        .collection(name)
        .aggregate([{ $group: { _id: null, count: { $sum: 1 }, versions: { $sum: '$version' } } }])
        .toArray();
      state[name] = (totals?.count as number) ?? 0;
      state[`${name}.version`] = (totals?.versions as number) ?? 0;
    }),
  );
  return state;
}

/** The services' answer to a body their schema refuses: a 400 whose detail is the schema's (a business rule's 400 says why instead). */
const refusedByItsSchema = (_route: BodyRoute, status: number, answer: string) =>
  status === 400 && answer.includes('one or more fields are invalid');

/**
 * The routes whose valid body the service refuses by its schema or with a 5xx, as
 * "METHOD path: answer" lines (none, when every mutation starts from a valid request).
 * `refusedBySchema` tells a schema's refusal from a business rule's by the answer.
 */
export async function routesRefusingValidBodies(
  target: FuzzTarget,
  routes: BodyRoute[],
  refusedBySchema: (route: BodyRoute, status: number, answer: string) => boolean = refusedByItsSchema,
): Promise<string[]> {
  const refused: string[] = [];
  for (const route of routes) {
    const contentType = route.contentTypes[0];
    const text = JSON.stringify(target.validBodyOf(route));
    const response = await fetch(`${target.baseUrl}${target.pathOf(route)}`, {
      method: route.method,
      headers: target.headersOf(route, contentType, text),
      body: text,
    });
    const answer = await response.text();
    if (response.status >= 500 || refusedBySchema(route, response.status, answer)) refused.push(`${route.method} ${route.path}: ${answer}`);
  }
  return refused;
}

/** A report before the first request (the body and read fuzzers fill the same one). */
function emptyFuzzReport(): FuzzReport {
  return {
    requests: 0,
    seconds: 0,
    byStatus: {},
    schemaValidByStatus: {},
    serverErrors: [],
    notProblemJson: [],
    storedOnRefusal: [],
    notAsDocumented: [],
    testErrors: [],
  };
}

/** Sends about `totalRuns` requests spread evenly over `routes`, in their order. */
export async function fuzzBodyRoutes(
  target: FuzzTarget,
  routes: BodyRoute[],
  options: { totalRuns: number; seed: number },
): Promise<FuzzReport> {
  return fuzzEachRoute(routes, options, (route, report) => {
    // The state after one request is the next one's "before": one read per request.
    let before: StoredState | undefined;
    const mutated = bodyMutations.map((mutations): BodyCase => ({ mutations }));
    const schemaValid = target.schemaValidBodiesOf?.(route)?.map((body): BodyCase => ({ schemaValid: body }));
    return fc.asyncProperty(
      schemaValid ? fc.oneof(mutated, schemaValid) : mutated,
      fc.constantFrom(...route.contentTypes),
      fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
      fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,300}$/) }),
      async (body, contentType, wrongContentType, idempotencyKey) => {
        try {
          before = await send(target, route, body, { contentType, wrongContentType, idempotencyKey, before }, report);
        } catch (error) {
          before = undefined;
          report.testErrors.push({ route: `${route.method} ${route.path}`, status: 'test error', mutation: String(error) });
        }
      },
    );
  });
}

/**
 * Runs each route's property (made by `propertyOf`, which records into the report) about
 * `totalRuns / routes` times, in the routes' order, each route with its own seed; the body and
 * read fuzzers share it.
 */
export async function fuzzEachRoute<R>(
  routes: R[],
  options: { totalRuns: number; seed: number },
  propertyOf: (route: R, report: FuzzReport) => fc.IAsyncProperty<any>,
): Promise<FuzzReport> {
  const report = emptyFuzzReport();
  const runsPerRoute = Math.max(1, Math.ceil(options.totalRuns / routes.length));
  const startedAt = Date.now();
  for (const [index, route] of routes.entries()) {
    await fc.assert(propertyOf(route, report), { numRuns: runsPerRoute, seed: options.seed + index, endOnFailure: true });
  }
  report.seconds = Math.round((Date.now() - startedAt) / 1000);
  return report;
}

/**
 * A route template's path with its parameters filled in: `valueOf(param, owner)` names the value,
 * `owner` being the segment before the parameter (`posts` for `/v1/posts/{id}`); a parameter it
 * does not know gets a random UUID (a resource that does not exist).
 */
export function concretePathOf(template: string, valueOf: (param: string, owner: string) => string | undefined): string {
  const segments = template.split('/');
  return segments
    .map((segment, i) => {
      const param = /^\{(.+)\}$/.exec(segment)?.[1];
      return param ? (valueOf(param, segments[i - 1]) ?? randomUUID()) : segment;
    })
    .join('/');
}

/** What a clean run reports: compare with `NO_FINDINGS` (the first ten of each kind, to keep a failure readable). */
export function findingsOf(report: FuzzReport) {
  return {
    suiteErrors: report.testErrors.slice(0, 10),
    serverErrors: report.serverErrors.slice(0, 10),
    notProblemJson: report.notProblemJson.slice(0, 10),
    storedOnRefusal: report.storedOnRefusal.slice(0, 10),
    notAsDocumented: report.notAsDocumented.slice(0, 10),
  };
}
export const NO_FINDINGS = { suiteErrors: [], serverErrors: [], notProblemJson: [], storedOnRefusal: [], notAsDocumented: [] };

/** The figures a run prints (docs and issues quote them). */
export function describeFuzzReport(name: string, routes: number, seed: number, report: FuzzReport): string {
  return (
    `\nHTTP fuzz of ${name}: ${report.requests} requests over ${routes} routes in ${report.seconds} s, seed ${seed}\n` +
    `  by status: ${JSON.stringify(report.byStatus)}; of the schema-valid bodies: ${JSON.stringify(report.schemaValidByStatus)}\n` +
    `  5xx or no response: ${report.serverErrors.length}; 4xx not problem+json: ${report.notProblemJson.length}; ` +
    `4xx that stored something: ${report.storedOnRefusal.length}; 2xx not as documented: ${report.notAsDocumented.length}; ` +
    `suite errors: ${report.testErrors.length}\n`
  );
}

interface SendOptions {
  contentType: string;
  wrongContentType: boolean;
  idempotencyKey?: string;
  before?: StoredState;
}

async function send(target: FuzzTarget, route: BodyRoute, body: BodyCase, options: SendOptions, report: FuzzReport) {
  const label = `${route.method} ${route.path}`;
  const contentType = options.wrongContentType ? 'text/plain' : options.contentType;
  const batch = contentType.endsWith('batch+json');
  const { text, description } =
    'mutations' in body
      ? applyMutations(batch ? [target.validBodyOf(route)] : target.validBodyOf(route), body.mutations)
      : { text: JSON.stringify(batch ? [body.schemaValid] : body.schemaValid), description: `schema-valid body` };
  const mutation = `${options.wrongContentType ? 'text/plain; ' : ''}${description}`;
  const before = options.before ?? (await target.stateOf(route));
  const { status, responseType, responseText } = await countedRequest(report, `${target.baseUrl}${target.pathOf(route)}`, {
    method: route.method,
    headers: {
      ...target.headersOf(route, contentType, text),
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    },
    body: text,
  });
  if (!('mutations' in body)) report.schemaValidByStatus[String(status)] = (report.schemaValidByStatus[String(status)] ?? 0) + 1;
  const finding = {
    route: label,
    status,
    mutation: 'mutations' in body ? mutation.slice(0, 300) : `${mutation}: ${text.slice(0, 600)}`,
    detail: responseText.slice(0, 300),
  };
  if (typeof status === 'string' || status >= 500) report.serverErrors.push(finding);
  const accepted = typeof status === 'number' && status < 300;
  if (accepted) checkAgainstDocumented(report, finding, route.responses[String(status)], parsedOrText(responseText));
  // An accepted request may start work in the background (a recompute, a relay): let it end, so
  // that the next request's refusal is not blamed for it.
  const after = accepted ? await settledState(target, route) : await target.stateOf(route);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (!responseType?.startsWith('application/problem+json')) report.notProblemJson.push(finding);
    const changed = Object.keys(after).filter((key) => after[key] !== before[key]);
    if (changed.length) report.storedOnRefusal.push({ ...finding, detail: `changed: ${changed.join(', ')}` });
  }
  return after;
}

/** The state once two reads 150 ms apart agree (at most ~5 s). */
async function settledState(target: FuzzTarget, route: BodyRoute): Promise<StoredState> {
  let state = await target.stateOf(route);
  for (let attempt = 0; attempt < 30; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const next = await target.stateOf(route);
    if (Object.keys(next).length === Object.keys(state).length && Object.keys(next).every((key) => next[key] === state[key])) return next;
    state = next;
  }
  return state;
}

/** One fuzz request's answer: its status (or why none came), content type and text. */
export interface FuzzAnswer {
  status: number | string;
  responseType: string | null;
  responseText: string;
}

/** Sends one fuzz request and counts it, by status, in the report. */
export async function countedRequest(report: FuzzReport, url: string, init: RequestInit): Promise<FuzzAnswer> {
  let answer: FuzzAnswer;
  try {
    const response = await fetch(url, init);
    answer = { status: response.status, responseType: response.headers.get('content-type'), responseText: await response.text() };
  } catch (error) {
    answer = { status: `no response: ${(error as Error).message}`, responseType: null, responseText: '' };
  }
  report.requests++;
  report.byStatus[String(answer.status)] = (report.byStatus[String(answer.status)] ?? 0) + 1;
  return answer;
}

/** Reports an accepted answer that does not match the schema its route documents for its status (none documented: nothing to check). */
export function checkAgainstDocumented(report: FuzzReport, finding: Finding, schema: object | undefined, body: unknown): void {
  if (!schema) return;
  const problems = responseProblems(schema, body);
  if (problems.length) report.notAsDocumented.push({ ...finding, detail: `${problems.slice(0, 3).join('; ')}: ${finding.detail}` });
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

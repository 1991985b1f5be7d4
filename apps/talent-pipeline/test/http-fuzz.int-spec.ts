import { randomUUID } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { Webhook } from 'standardwebhooks';
import {
  BodyRoute,
  bodyRoutesOf,
  concretePathOf,
  describeFuzzReport,
  erpHireEvent,
  findingsOf,
  FuzzTarget,
  fuzzSettings,
  fuzzBodyRoutes,
  fuzzReadRoutes,
  httpJson,
  Json,
  NO_FINDINGS,
  OpenApiDocument,
  operatorHeaders,
  ReadFuzzTarget,
  queryParameters,
  readRoutesOf,
  routesRefusingValidBodies,
  schemaValidBodies,
  storedState,
  testMongoUri,
  validBodyOf,
} from '@app/testing';
import successFactorsSample from '../src/erp-ingest/adapters/fixtures/successfactors-hire.json';
import workdaySample from '../src/erp-ingest/adapters/fixtures/workday-hire.json';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

/**
 * Property-based fuzzing of every talent-pipeline route that takes a body, as listed by the
 * OpenAPI document at /docs-json: a valid body built from the route's schema, then mutated
 * (missing, null, wrong type, huge, unicode, nested, unknown keys, broken JSON). No answer
 * may be 5xx, every 4xx must be problem+json, and a 4xx must store nothing.
 *
 * FUZZ_RUNS sets the total number of requests (default 1,500 for CI; 10,000 for the long run).
 */
const { totalRuns: TOTAL_RUNS, seed: SEED } = fuzzSettings(1_500);
/** Read requests: two thirds of the body requests' number (READ_FUZZ_RUNS to change). */
const READ_RUNS = Number(process.env.READ_FUZZ_RUNS ?? Math.ceil((TOTAL_RUNS * 2) / 3));

jest.setTimeout(Math.max(240_000, TOTAL_RUNS * 120));

/** Collections an HTTP request writes directly; a refused request must add nothing to them. */
const REQUEST_OWNED = [
  'schools',
  'enterprises',
  'students',
  'agreements',
  'requisitions',
  'placements',
  'consents',
  'placement_attendance',
  'webhook_subscriptions',
  'erp_inbox',
];
/** Aggregates whose version must not move on a refused request. */
const VERSIONED = ['placements', 'agreements', 'requisitions'];

describe(`HTTP fuzz: every body route of the talent pipeline (${TOTAL_RUNS} requests, seed ${SEED}; real Kafka + Mongo)`, () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let db: Db;
  let document: OpenApiDocument;
  let routes: BodyRoute[];
  let seeded: Awaited<ReturnType<typeof seedActiveInternship>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    service = await startTalentPipeline({ LOG_LEVEL: 'error' });
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    db = mongo.db();
    document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body;
    routes = bodyRoutesOf(document);

    seeded = await seedActiveInternship(service.baseUrl);
    const admin = { token: ADMIN_TOKEN };
    const agreement = await httpJson('POST', `${service.baseUrl}/v1/agreements`, {
      ...admin,
      body: {
        schoolId: seeded.school.id,
        enterpriseId: seeded.enterprise.id,
        scope: 'Fuzzing',
        period: { from: '2026-01-01', to: '2027-12-31' },
        placementKinds: ['internship'],
      },
    });
    const requisition = await httpJson('POST', `${service.baseUrl}/v1/enterprises/${seeded.enterprise.id}/requisitions`, {
      token: seeded.enterprise.apiKey,
      body: {
        role: 'Fuzz tester',
        skills: [],
        headcount: 1,
        kind: 'internship',
        period: { from: '2026-03-01', to: '2026-08-31' },
        location: 'Suzhou',
      },
    });
    const subscription = await httpJson('POST', `${service.baseUrl}/v1/schools/${seeded.school.id}/webhook-subscriptions`, {
      token: seeded.school.apiKey,
      body: { url: 'http://127.0.0.1:9/hooks' },
    });
    Object.assign(ids, {
      schoolId: seeded.school.id,
      enterpriseId: seeded.enterprise.id,
      studentId: seeded.student.id,
      placementId: seeded.placement.id,
      agreementId: agreement.body.id,
      requisitionId: requisition.body.id,
      subscriptionId: subscription.body.id,
    });
    expect(Object.values(ids).every(Boolean)).toBe(true);
  });

  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  const idFor = (field: string): string | undefined => ids[field];
  /**
   * An accepted erasure request erases its student in the background (and would change the
   * stores while later requests are checked): erasure routes name a student nobody registered,
   * so they answer 404 once the body parses, and the seeded student stays.
   */
  const unregisteredStudent = randomUUID();
  const isErasure = (path: string) => path.includes('/erasure-requests');

  /** An `{id}` is the resource its path names; other parameters by name. */
  const pathOf = (template: string) =>
    concretePathOf(template, (param, owner) => {
      if (param === 'id') return { agreements: ids.agreementId, placements: ids.placementId, requisitions: ids.requisitionId }[owner];
      if (param === 'topic') return 'talent.erp-inbound.v1';
      if (param === 'studentId' && isErasure(template)) return unregisteredStudent;
      return ids[param];
    });

  const isErp = (route: BodyRoute) => route.path.startsWith('/v1/erp/events') || route.path.startsWith('/v1/erp/adapters');

  function validBody(route: BodyRoute): Json {
    if (route.path === '/v1/erp/events') {
      return erpHireEvent({ placementId: ids.placementId, position: { title: 'CNC machinist' }, hireDate: '2026-09-01' }) as Json;
    }
    if (route.path.includes('/successfactors/')) return successFactorsSample as Json;
    if (route.path.includes('/workday/')) return workdaySample as Json;
    // "Exactly one of placementId and studentId" is a rule OpenAPI cannot state.
    if (route.path.endsWith('/resolve')) return { placementId: ids.placementId };
    if (isErasure(route.path)) return validBodyOf(route.schema, document, (f) => (f === 'studentId' ? unregisteredStudent : idFor(f)));
    return validBodyOf(route.schema, document, idFor);
  }

  function headersFor(route: BodyRoute, contentType: string, text: string): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (isErp(route)) {
      const messageId = `msg_${randomUUID()}`;
      const now = new Date();
      Object.assign(headers, {
        'x-enterprise-id': seeded.enterprise.id,
        'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(seeded.enterprise.erpSigningSecret).sign(messageId, now, text),
      });
    } else if (route.path.startsWith('/v1/schools/{schoolId}')) headers.authorization = `Bearer ${seeded.school.apiKey}`;
    else if (route.path.startsWith('/v1/enterprises/{enterpriseId}')) headers.authorization = `Bearer ${seeded.enterprise.apiKey}`;
    else headers.authorization = `Bearer ${ADMIN_TOKEN}`;
    return headers;
  }

  /** Checked collections: ERP routes' accepted events are applied in the background, so only their inbox is compared. */
  const checkedCollections = (route: BodyRoute) => (isErp(route) ? ['erp_inbox'] : REQUEST_OWNED);

  const target: FuzzTarget = {
    get baseUrl() {
      return service.baseUrl;
    },
    pathOf: (route) => pathOf(route.path),
    validBodyOf: validBody,
    headersOf: headersFor,
    stateOf: (route) => storedState(db, checkedCollections(route), VERSIONED),
    // ERP bodies are signed events the schema alone does not make; erasure requests name an unregistered student.
    schemaValidBodiesOf: (route) => (isErp(route) || isErasure(route.path) ? undefined : schemaValidBodies(route.schema, document, idFor)),
  };

  it('builds, for each route, a body its schema accepts (so mutations start from a valid request)', async () => {
    // A 400 from a business rule (a reason where none belongs) is fine; one from the schema is not.
    const refused = await routesRefusingValidBodies(
      target,
      routes,
      (route, status, answer) => status === 400 && (isErp(route) || answer.includes('one or more fields are invalid')),
    );
    expect(refused).toEqual([]);
  });

  it('answers every read (GET) with odd query and path values below 500, with problem+json for every 4xx, and as documented', async () => {
    const reads = readRoutesOf(document).filter((route) => !['/metrics', '/docs-json'].includes(route.path));
    expect(reads.length).toBeGreaterThanOrEqual(30);
    const readTarget: ReadFuzzTarget = {
      baseUrl: service.baseUrl,
      pathOf: (route) => pathOf(route.path),
      headersOf: (route) =>
        route.path.startsWith('/v1/schools/{schoolId}')
          ? { authorization: `Bearer ${seeded.school.apiKey}` }
          : route.path.startsWith('/v1/enterprises/{enterpriseId}')
            ? { authorization: `Bearer ${seeded.enterprise.apiKey}` }
            : { authorization: `Bearer ${ADMIN_TOKEN}`, ...operatorHeaders() },
      queryValueOf: (_route, name) => ids[name],
    };
    const report = await fuzzReadRoutes(readTarget, reads, { totalRuns: READ_RUNS, seed: SEED });
    process.stdout.write(
      describeFuzzReport(`the talent pipeline (reads; ${queryParameters(reads)} query parameters)`, reads.length, SEED, report),
    );
    expect(findingsOf(report)).toEqual(NO_FINDINGS);
    expect(report.byStatus['200']).toBeGreaterThan(READ_RUNS / 5);
  });

  it('answers every mutated body below 500, with problem+json for every 4xx, and stores nothing on a 4xx', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    // ERP routes last: the hires they accept are applied in the background and change placements.
    const ordered = [...routes.filter((r) => !isErp(r)), ...routes.filter(isErp)];
    const report = await fuzzBodyRoutes(target, ordered, { totalRuns: TOTAL_RUNS, seed: SEED });
    process.stdout.write(describeFuzzReport('the talent pipeline', ordered.length, SEED, report));
    expect(findingsOf(report)).toEqual(NO_FINDINGS);
    expect(report.requests).toBeGreaterThanOrEqual(TOTAL_RUNS);
  });
});

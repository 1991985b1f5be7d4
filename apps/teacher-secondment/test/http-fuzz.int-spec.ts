import { randomUUID } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import {
  BodyRoute,
  bodyRoutesOf,
  concretePathOf,
  describeFuzzReport,
  everyCollectionState,
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
  queryParameters,
  readRoutesOf,
  routesRefusingValidBodies,
  schemaValidBodies,
  testMongoUri,
  validBodyOf,
} from '@app/testing';
import {
  activeSecondment,
  ADMIN_TOKEN,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

/**
 * Property-based fuzzing of every teacher-secondment route that takes a body, as listed by the
 * OpenAPI document at /docs-json (the talent pipeline's suite, with the same mutations): no
 * answer may be 5xx, every 4xx must be problem+json, and a 4xx must change no
 * collection (every one is counted, with its `version` sum).
 *
 * FUZZ_RUNS sets the total number of requests (default 800 for CI).
 */
const { totalRuns: TOTAL_RUNS, seed: SEED } = fuzzSettings(800);
/** Read requests (READ_FUZZ_RUNS to change). */
const READ_RUNS = Number(process.env.READ_FUZZ_RUNS ?? 600);

jest.setTimeout(Math.max(240_000, TOTAL_RUNS * 150));

describe(`HTTP fuzz: every body route of the teacher secondment service (${TOTAL_RUNS} requests, seed ${SEED}; real Kafka + Mongo)`, () => {
  let service: SecondmentService;
  let mongo: MongoClient;
  let db: Db;
  let document: OpenApiDocument;
  let routes: BodyRoute[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    service = await startTeacherSecondment({ LOG_LEVEL: 'error' });
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    db = mongo.db();
    document = (await httpJson('GET', `${service.baseUrl}/docs-json`)).body;
    routes = bodyRoutesOf(document);

    const pair = await seedPartnership(service);
    const base = service.baseUrl;
    const teacher = await registerTeacher(base, pair.schoolKey);
    const post = await publishPost(base, pair.enterpriseKey, pair.schoolId);
    const secondment = await activeSecondment(base, pair, teacher.id, post.id);
    const logged = await ok('POST', `${base}/v1/secondments/${secondment.id}/logs`, pair.schoolKey, {
      date: '2026-09-02',
      hours: 8,
      tasks: ['line maintenance'],
    });
    const engagement = await ok('POST', `${base}/v1/engineer-teaching`, pair.enterpriseKey, {
      schoolId: pair.schoolId,
      engineerId: 'eng-7',
      engineerName: 'Zhou Min',
      course: 'PLC basics',
      hours: 4,
      period: { start: '2026-09-07', end: '2026-09-11' },
    });
    const key = await ok('POST', `${base}/v1/access/keys`, ADMIN_TOKEN, { role: 'school', partnerId: pair.schoolId });
    Object.assign(ids, {
      schoolId: pair.schoolId,
      enterpriseId: pair.enterpriseId,
      agreementId: pair.agreementId,
      teacherId: teacher.id,
      postId: post.id,
      secondmentId: secondment.id,
      logId: logged.logs[0].logId,
      keyId: key.keyId,
      engagementId: engagement.id,
    });
  });

  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  /** An `{id}` is the resource its path names; other parameters by name. */
  const pathOf = (template: string) =>
    concretePathOf(template, (param, owner) => {
      if (param !== 'id') return ids[param];
      return { posts: ids.postId, secondments: ids.secondmentId, teachers: ids.teacherId, 'engineer-teaching': ids.engagementId }[owner];
    });

  const target: FuzzTarget = {
    get baseUrl() {
      return service.baseUrl;
    },
    pathOf: (route) => pathOf(route.path),
    // A new resource's own `id` is fresh every time, or every body after the first would stop at "exists" (409).
    validBodyOf: (route) => validBodyOf(route.schema, document, (field) => (field === 'id' ? randomUUID() : ids[field])) as Json,
    headersOf: (route, contentType) => ({
      'content-type': contentType,
      // The operator may call every route; the public verification endpoint ignores the header.
      authorization: `Bearer ${ADMIN_TOKEN}`,
    }),
    stateOf: () => everyCollectionState(db),
    schemaValidBodiesOf: (route) => schemaValidBodies(route.schema, document, (field) => ids[field]),
  };

  it('builds, for each route, a body its schema accepts (so mutations start from a valid request)', async () => {
    const before = await everyCollectionState(db);
    const refused = await routesRefusingValidBodies(target, routes);
    expect(refused).toEqual([]);
    // The valid bodies registered a teacher and more: the state the fuzz compares sees writes.
    const after = await everyCollectionState(db);
    expect(after.teachers).toBeGreaterThan(before.teachers);
  });

  it('answers every read (GET) with odd query and path values below 500, with problem+json for every 4xx, and as documented', async () => {
    const reads = readRoutesOf(document).filter((route) => !['/metrics', '/docs-json'].includes(route.path));
    expect(reads.length).toBeGreaterThanOrEqual(20);
    const report = await fuzzReadRoutes(
      {
        baseUrl: service.baseUrl,
        pathOf: (route) => pathOf(route.path),
        // The operator may read every route (with the identity headers its reads of personal data need).
        headersOf: () => ({ authorization: `Bearer ${ADMIN_TOKEN}`, ...operatorHeaders() }),
        queryValueOf: (_route, name) => ids[name],
      },
      reads,
      { totalRuns: READ_RUNS, seed: SEED },
    );
    process.stdout.write(
      describeFuzzReport(`the teacher secondment service (reads; ${queryParameters(reads)} query parameters)`, reads.length, SEED, report),
    );
    expect(findingsOf(report)).toEqual(NO_FINDINGS);
    expect(report.byStatus['200']).toBeGreaterThan(READ_RUNS / 5);
  });

  it('answers every mutated body below 500, with problem+json for every 4xx, and changes nothing on a 4xx', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const report = await fuzzBodyRoutes(target, routes, { totalRuns: TOTAL_RUNS, seed: SEED });
    process.stdout.write(describeFuzzReport('the teacher secondment service', routes.length, SEED, report));
    expect(findingsOf(report)).toEqual(NO_FINDINGS);
    expect(report.requests).toBeGreaterThanOrEqual(TOTAL_RUNS);
  });
});

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
  ADMIN_TOKEN,
  projectBody,
  RdService,
  reviewerKey,
  seedPair,
  selectedProposal,
  startRdCollaboration,
} from './rd-collaboration.harness';

/**
 * Property-based fuzzing of every rd-collaboration route that takes a body, as listed by the
 * OpenAPI document at /docs-json (the talent pipeline's suite, with the same mutations): no
 * answer may be 5xx, every 4xx must be problem+json, and a 4xx must change no collection (every
 * one is counted, with its `version` sum). bad-input.int-spec.ts keeps the fixed garbage bodies
 * that must be refused field by field; this suite looks for what nobody thought to write down.
 *
 * FUZZ_RUNS sets the total number of requests (default 800 for CI).
 */
const { totalRuns: TOTAL_RUNS, seed: SEED } = fuzzSettings(800);
/** Read requests (READ_FUZZ_RUNS to change). */
const READ_RUNS = Number(process.env.READ_FUZZ_RUNS ?? 600);

jest.setTimeout(Math.max(240_000, TOTAL_RUNS * 150));

describe(`HTTP fuzz: every body route of the R&D collaboration service (${TOTAL_RUNS} requests, seed ${SEED}; real Kafka + Mongo)`, () => {
  let rd: RdService;
  let mongo: MongoClient;
  let db: Db;
  let document: OpenApiDocument;
  let routes: BodyRoute[];
  const ids: Record<string, string> = {};
  const tokens: Record<'school' | 'enterprise' | 'reviewer', string> = { school: '', enterprise: '', reviewer: '' };

  beforeAll(async () => {
    rd = await startRdCollaboration({ LOG_LEVEL: 'error' });
    mongo = await new MongoClient(testMongoUri(rd.database)).connect();
    db = mongo.db();
    document = (await httpJson('GET', `${rd.baseUrl}/docs-json`)).body;
    routes = bodyRoutesOf(document);

    const pair = await seedPair(rd);
    const { challenge, proposal } = await selectedProposal(rd, pair);
    const post = async (path: string, token: string, body: unknown) => {
      const response = await httpJson('POST', `${rd.baseUrl}${path}`, { token, body });
      if (response.status >= 300) throw new Error(`POST ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const project = await post('/v1/projects', pair.enterpriseKey, projectBody(proposal.id));
    // Closing is final: the close route gets a project of its own, so the others' requests reach past "project closed".
    const toClose = await post('/v1/projects', pair.enterpriseKey, projectBody((await selectedProposal(rd, pair)).proposal.id));
    const withPeople = await post(`/v1/projects/${project.id}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: 't-1',
      name: 'T',
      role: 'R',
    });
    const milestone = await post(`/v1/projects/${project.id}/milestones`, pair.enterpriseKey, {
      title: 'M',
      deliverables: ['d'],
      dueOn: '2026-06-01',
    });
    const change = await post(`/v1/projects/${project.id}/change-requests`, pair.schoolKey, { description: 'x' });
    tokens.reviewer = await reviewerKey(rd, 'fuzz-reviewer');
    await post(`/v1/proposals/${proposal.id}/reviewers`, pair.enterpriseKey, { reviewerId: 'fuzz-reviewer' });
    const key = await post('/v1/access-keys', ADMIN_TOKEN, { role: 'school', schoolId: pair.schoolId, label: 'fuzz' });
    tokens.school = pair.schoolKey;
    tokens.enterprise = pair.enterpriseKey;
    Object.assign(ids, {
      schoolId: pair.schoolId,
      enterpriseId: pair.enterpriseId,
      agreementId: pair.agreementId,
      challengeId: challenge.id,
      proposalId: proposal.id,
      projectId: project.id,
      projectToCloseId: toClose.id,
      participationId: withPeople.participants[0].participationId,
      milestoneId: milestone.milestones[0].milestoneId,
      changeRequestId: change.changeRequests[0].changeRequestId,
      keyId: key.keyId,
      reviewerId: 'fuzz-reviewer',
    });
  });

  afterAll(async () => {
    await mongo?.close();
    await rd?.close();
  });

  /** An `{id}` is the resource its path names; other parameters by name. */
  const pathOf = (template: string) =>
    concretePathOf(template, (param, owner) =>
      param === 'id'
        ? {
            challenges: ids.challengeId,
            proposals: ids.proposalId,
            projects: template.endsWith('/close') ? ids.projectToCloseId : ids.projectId,
          }[owner]
        : ids[param],
    );

  /** The caller each route is for (as bad-input.int-spec.ts calls them). */
  function tokenFor(path: string): string {
    if (/^\/v1\/(access-keys|privacy|operator)/.test(path)) return ADMIN_TOKEN;
    if (path.endsWith('/reviews')) return tokens.reviewer;
    if (/\/challenges\/\{[^}]+\}\/proposals$/.test(path) || /\/participants(\/\{participationId\}\/(hours|withdrawal))?$/.test(path))
      return tokens.school;
    return tokens.enterprise;
  }

  const target: FuzzTarget = {
    get baseUrl() {
      return rd.baseUrl;
    },
    pathOf: (route) => pathOf(route.path),
    validBodyOf: (route) => validBodyOf(route.schema, document, (field) => ids[field]) as Json,
    headersOf: (route, contentType) => ({ 'content-type': contentType, authorization: `Bearer ${tokenFor(route.path)}` }),
    stateOf: () => everyCollectionState(db),
    schemaValidBodiesOf: (route) => schemaValidBodies(route.schema, document, (field) => ids[field]),
  };

  it('builds, for each route, a body its schema accepts (so mutations start from a valid request)', async () => {
    const before = await everyCollectionState(db);
    const refused = await routesRefusingValidBodies(target, routes);
    expect(refused).toEqual([]);
    // The valid bodies published a challenge and more: the state the fuzz compares sees writes.
    const after = await everyCollectionState(db);
    expect(after.challenges).toBeGreaterThan(before.challenges);
  });

  it('answers every read (GET) with odd query and path values below 500, with problem+json for every 4xx, and as documented', async () => {
    const reads = readRoutesOf(document).filter((route) => !['/metrics', '/docs-json'].includes(route.path));
    expect(reads.length).toBeGreaterThanOrEqual(20);
    const report = await fuzzReadRoutes(
      {
        baseUrl: rd.baseUrl,
        pathOf: (route) => pathOf(route.path),
        // A reviewer reads its assignments; the operator (with the identity headers its reads of personal data need) the rest.
        headersOf: (route) =>
          route.path.startsWith('/v1/reviewer/')
            ? { authorization: `Bearer ${tokens.reviewer}` }
            : { authorization: `Bearer ${ADMIN_TOKEN}`, ...operatorHeaders() },
        queryValueOf: (_route, name) => ids[name],
      },
      reads,
      { totalRuns: READ_RUNS, seed: SEED },
    );
    process.stdout.write(
      describeFuzzReport(`the R&D collaboration service (reads; ${queryParameters(reads)} query parameters)`, reads.length, SEED, report),
    );
    expect(findingsOf(report)).toEqual(NO_FINDINGS);
    expect(report.byStatus['200']).toBeGreaterThan(READ_RUNS / 5);
  });

  it('answers every mutated body below 500, with problem+json for every 4xx, and changes nothing on a 4xx', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const report = await fuzzBodyRoutes(target, routes, { totalRuns: TOTAL_RUNS, seed: SEED });
    process.stdout.write(describeFuzzReport('the R&D collaboration service', routes.length, SEED, report));
    expect(findingsOf(report)).toEqual(NO_FINDINGS);
    expect(report.requests).toBeGreaterThanOrEqual(TOTAL_RUNS);
  });
});

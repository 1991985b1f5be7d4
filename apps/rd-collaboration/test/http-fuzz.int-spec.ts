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
  httpJson,
  Json,
  NO_FINDINGS,
  OpenApiDocument,
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
    if (/\/challenges\/\{[^}]+\}\/proposals$/.test(path) || /\/participants(\/\{participationId\}\/hours)?$/.test(path))
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

  it('answers every mutated body below 500, with problem+json for every 4xx, and changes nothing on a 4xx', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const report = await fuzzBodyRoutes(target, routes, { totalRuns: TOTAL_RUNS, seed: SEED });
    process.stdout.write(describeFuzzReport('the R&D collaboration service', routes.length, SEED, report));
    expect(findingsOf(report)).toEqual(NO_FINDINGS);
    expect(report.requests).toBeGreaterThanOrEqual(TOTAL_RUNS);
  });
});

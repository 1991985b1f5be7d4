import { fetchChecked, httpJson } from '@app/testing';
import {
  ADMIN_TOKEN,
  projectBody,
  RdService,
  reviewerKey,
  seedPair,
  selectedProposal,
  startRdCollaboration,
} from './rd-collaboration.harness';

jest.setTimeout(120_000);

/** Bodies no route accepts: wrong types, unknown fields, floats for money, oversized strings and arrays. */
const GARBAGE: unknown[] = [
  [],
  'text',
  42,
  null,
  { unexpected: true },
  { amount: { currency: 'CNY', amountMinor: 0.5 } },
  { title: 'x'.repeat(20_000) },
  { team: Array.from({ length: 1000 }, () => ({})) },
  { nested: { deeper: { deepest: [1, [2, [3]]] } } },
];

describe('bad input on every rd-collaboration route: 400 problem+json, never 5xx, nothing stored (real Kafka + Mongo)', () => {
  let rd: RdService;
  let routes: Array<{ path: string; token: string }>;
  let projectId: string;
  let enterpriseKey: string;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    const pair = await seedPair(rd);
    enterpriseKey = pair.enterpriseKey;
    const { challenge, proposal } = await selectedProposal(rd, pair);
    const project = (await httpJson('POST', `${rd.baseUrl}/v1/projects`, { token: pair.enterpriseKey, body: projectBody(proposal.id) }))
      .body;
    projectId = project.id;
    const withPeople = await httpJson('POST', `${rd.baseUrl}/v1/projects/${projectId}/participants`, {
      token: pair.schoolKey,
      body: { kind: 'teacher', personId: 't-1', name: 'T', role: 'R' },
    });
    const participationId = withPeople.body.participants[0].participationId;
    const milestone = await httpJson('POST', `${rd.baseUrl}/v1/projects/${projectId}/milestones`, {
      token: pair.enterpriseKey,
      body: { title: 'M', deliverables: ['d'], dueOn: '2026-06-01' },
    });
    const change = await httpJson('POST', `${rd.baseUrl}/v1/projects/${projectId}/change-requests`, {
      token: pair.schoolKey,
      body: { description: 'x' },
    });
    const reviewer = await reviewerKey(rd, 'fuzz-reviewer');
    await httpJson('POST', `${rd.baseUrl}/v1/proposals/${proposal.id}/reviewers`, {
      token: pair.enterpriseKey,
      body: { reviewerId: 'fuzz-reviewer' },
    });
    routes = [
      { path: '/v1/access-keys', token: ADMIN_TOKEN },
      { path: '/v1/challenges', token: pair.enterpriseKey },
      { path: `/v1/challenges/${challenge.id}/ndas`, token: pair.enterpriseKey },
      { path: `/v1/challenges/${challenge.id}/proposals`, token: pair.schoolKey },
      { path: `/v1/proposals/${proposal.id}/reviewers`, token: pair.enterpriseKey },
      { path: `/v1/proposals/${proposal.id}/reviews`, token: reviewer },
      { path: `/v1/proposals/${proposal.id}/stage`, token: pair.enterpriseKey },
      { path: '/v1/projects', token: pair.enterpriseKey },
      { path: `/v1/projects/${projectId}/participants`, token: pair.schoolKey },
      { path: `/v1/projects/${projectId}/participants/${participationId}/hours`, token: pair.schoolKey },
      { path: `/v1/projects/${projectId}/participants/${participationId}/withdrawal`, token: pair.schoolKey },
      { path: `/v1/projects/${projectId}/participants/${participationId}/placement-proposals`, token: pair.enterpriseKey },
      { path: `/v1/projects/${projectId}/milestones`, token: pair.enterpriseKey },
      { path: `/v1/projects/${projectId}/milestones/${milestone.body.milestones[0].milestoneId}/actions`, token: pair.enterpriseKey },
      { path: `/v1/projects/${projectId}/change-requests`, token: pair.enterpriseKey },
      {
        path: `/v1/projects/${projectId}/change-requests/${change.body.changeRequests[0].changeRequestId}/decision`,
        token: pair.enterpriseKey,
      },
      { path: `/v1/projects/${projectId}/contributions`, token: pair.enterpriseKey },
      { path: `/v1/projects/${projectId}/outcomes`, token: pair.enterpriseKey },
      { path: `/v1/projects/${projectId}/close`, token: pair.enterpriseKey },
    ];
  });
  afterAll(async () => rd?.close());

  it('answers every garbage body on every POST route with a 400 problem (naming the fields of an object body)', async () => {
    const before = (await httpJson('GET', `${rd.baseUrl}/v1/projects/${projectId}`, { token: enterpriseKey })).body;
    for (const route of routes) {
      for (const body of GARBAGE) {
        const answer = await httpJson('POST', `${rd.baseUrl}${route.path}`, { token: route.token, body });
        const where = `${route.path} with ${JSON.stringify(body).slice(0, 60)}`;
        expect([where, answer.status]).toEqual([where, 400]);
        expect(answer.contentType).toContain('application/problem+json');
        // A JSON primitive is refused by the body parser itself (no fields to name); the rest by the schema, field by field.
        if (typeof body === 'object' && body !== null) expect(answer.body.errors.length).toBeGreaterThan(0);
        else expect(answer.body.title).toBeDefined();
      }
    }
    const after = (await httpJson('GET', `${rd.baseUrl}/v1/projects/${projectId}`, { token: enterpriseKey })).body;
    expect(after.version).toBe(before.version);
    expect((await httpJson('GET', '/v1/challenges'.replace(/^/, rd.baseUrl), { token: enterpriseKey })).body.items).toHaveLength(1);
  });

  it('refuses a form-encoded body with 415 and creates no challenge', async () => {
    const before = (await httpJson('GET', `${rd.baseUrl}/v1/challenges`, { token: enterpriseKey })).body.items.length;
    const answer = await fetchChecked(`${rd.baseUrl}/v1/challenges`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${enterpriseKey}` },
      body: 'title=Form+challenge&problem=posted+as+a+form',
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ status: 415, title: 'unsupported media type' });
    expect((await httpJson('GET', `${rd.baseUrl}/v1/challenges`, { token: enterpriseKey })).body.items).toHaveLength(before);
  });

  it('refuses a body over the size limit with 413', async () => {
    const answer = await httpJson('POST', `${rd.baseUrl}/v1/challenges`, {
      token: enterpriseKey,
      body: { problem: 'x'.repeat(6 * 1024 * 1024) },
    });
    expect(answer.status).toBe(413);
  });
});

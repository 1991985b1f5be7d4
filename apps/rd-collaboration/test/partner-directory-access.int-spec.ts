import { randomUUID } from 'node:crypto';
import { httpJson } from '@app/testing';
import { ADMIN_TOKEN, RdService, reviewerKey, seedPair, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

/**
 * The partner directory (a library every consuming service hosts) behind this service's keys:
 * the partner list to any key, agreement terms only to the operator and the agreement's parties.
 * Before, both answered anyone without credentials (threat model, open item 5).
 */
describe('partner directory: who reads the copies', () => {
  let rd: RdService;
  let mine: Awaited<ReturnType<typeof seedPair>>;
  let theirs: Awaited<ReturnType<typeof seedPair>>;
  let reviewer: string;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    mine = await seedPair(rd);
    theirs = await seedPair(rd);
    reviewer = await reviewerKey(rd, `reviewer-${randomUUID().slice(0, 8)}`);
  });
  afterAll(async () => rd?.close());

  const get = (path: string, token?: string) => httpJson('GET', `${rd.baseUrl}${path}`, { token });
  const idsOf = (answer: { body: { items: { id: string }[] } }) => answer.body.items.map((item) => item.id).sort();

  it('answers no one without a key of this service', async () => {
    for (const path of ['/v1/partners', `/v1/partners/${mine.schoolId}`, '/v1/agreements', `/v1/agreements/${mine.agreementId}`]) {
      for (const token of [undefined, 'rdk_not-issued-here']) {
        const answer = await get(path, token);
        expect({ path, token, status: answer.status }).toEqual({ path, token, status: 401 });
        expect(answer.contentType).toMatch(/^application\/problem\+json/);
      }
    }
  });

  it('lists the partners to every key of the service', async () => {
    for (const token of [ADMIN_TOKEN, mine.schoolKey, theirs.enterpriseKey, reviewer]) {
      const list = await get('/v1/partners', token);
      expect(list.status).toBe(200);
      expect(idsOf(list)).toEqual(expect.arrayContaining([mine.schoolId, mine.enterpriseId, theirs.schoolId, theirs.enterpriseId]));
      expect((await get(`/v1/partners/${theirs.schoolId}`, token)).status).toBe(200);
    }
  });

  it('shows a school and an enterprise only the agreements they are party to; the operator all', async () => {
    const all = await get('/v1/agreements', ADMIN_TOKEN);
    expect(idsOf(all)).toEqual(expect.arrayContaining([mine.agreementId, theirs.agreementId]));

    for (const [token, own, other] of [
      [mine.schoolKey, mine, theirs],
      [mine.enterpriseKey, mine, theirs],
      [theirs.schoolKey, theirs, mine],
    ] as const) {
      expect(idsOf(await get('/v1/agreements', token))).toEqual([own.agreementId]);
      expect((await get(`/v1/agreements/${own.agreementId}`, token)).body).toMatchObject({ id: own.agreementId });
      // Another pair's agreement is not found, whether asked by id or by filtering on its parties.
      const byId = await get(`/v1/agreements/${other.agreementId}`, token);
      expect(byId.status).toBe(404);
      expect(JSON.stringify(byId.body)).not.toContain(other.schoolId);
      expect((await get(`/v1/agreements?schoolId=${other.schoolId}`, token)).body.items).toEqual([]);
      expect((await get(`/v1/agreements?enterpriseId=${other.enterpriseId}`, token)).body.items).toEqual([]);
    }
  });

  it('refuses agreement terms to a reviewer key, with the reason', async () => {
    for (const path of ['/v1/agreements', `/v1/agreements/${mine.agreementId}`]) {
      const answer = await get(path, reviewer);
      expect(answer.status).toBe(403);
      expect(answer.body.detail).toMatch(/not for the reviewer role/);
    }
  });

  it('documents who may call each directory route', async () => {
    const document = (await get('/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: string[] }>>;
    };
    expect(document.paths['/v1/partners'].get).toMatchObject({ 'x-roles': ['*'] });
    expect(document.paths['/v1/agreements/{id}'].get).toMatchObject({ 'x-roles': ['operator', 'school', 'enterprise'] });
    expect(document.paths['/v1/agreements'].get.security?.length).toBeGreaterThan(0);
  });
});

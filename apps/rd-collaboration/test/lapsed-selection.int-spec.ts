import { Clock } from '@app/base';
import { httpJson } from '@app/testing';
import { ProjectsRepository } from '../src/projects/projects.repository';
import { PROJECT_CLAIM_GRACE_MS } from '../src/proposals/domain/proposal-stages';
import { ProposalsRepository } from '../src/proposals/proposals.repository';
import { challengeBody, projectBody, proposalBody, RdService, seedPair, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

const DAY = 86_400_000;

describe('a lapsed selection frees its challenge (ADR 0085; real Kafka + Mongo-compatible server)', () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let repository: ProposalsRepository;
  let clock: jest.SpyInstance<Date, []>;

  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const ok = async (method: string, path: string, body?: unknown) => {
    const response = await call(method, path, pair.enterpriseKey, body);
    if (response.status >= 300) throw new Error(`${method} ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const select = (id: string) => call('POST', `/v1/proposals/${id}/stage`, pair.enterpriseKey, { to: 'selected' });
  const proposal = (id: string) => ok('GET', `/v1/proposals/${id}`);
  /** The service's one Clock, moved to this instant (the selection's own history time stays the real one). */
  const at = (ms: number) => clock.mockImplementation(() => new Date(ms));

  /** A challenge with `titles.length` shortlisted proposals of the pair's school, the first selected; and when that selection lapses. */
  const challengeWithSelection = async (titles: string[]) => {
    const challenge = await ok('POST', '/v1/challenges', challengeBody({ confidentiality: 'public' }));
    const ids: string[] = [];
    for (const title of titles) {
      const submitted = await call('POST', `/v1/challenges/${challenge.id}/proposals`, pair.schoolKey, proposalBody({ title }));
      for (const to of ['qualified', 'shortlisted']) await ok('POST', `/v1/proposals/${submitted.body.id}/stage`, { to });
      ids.push(submitted.body.id);
    }
    expect((await select(ids[0])).status).toBe(200);
    const selectedAt = Date.parse((await proposal(ids[0])).history.find((h: any) => h.stage === 'selected').at);
    return { challengeId: challenge.id as string, ids, lapsesAt: selectedAt + 90 * DAY };
  };
  const stagesOf = async (challengeId: string) =>
    Object.fromEntries(((await ok('GET', `/v1/challenges/${challengeId}/proposals`)).items as any[]).map((p) => [p.title, p.stage]));

  beforeAll(async () => {
    rd = await startRdCollaboration();
    pair = await seedPair(rd);
    repository = rd.app.get(ProposalsRepository, { strict: false });
  });
  beforeEach(() => {
    clock = jest.spyOn(rd.app.get(Clock), 'now');
  });
  afterEach(() => {
    clock.mockRestore();
    jest.restoreAllMocks();
  });
  afterAll(async () => rd?.close());

  it('lets the enterprise select another proposal once the selected one lapsed; the lapsed one stays visible and becomes no project', async () => {
    const { challengeId, ids, lapsesAt } = await challengeWithSelection(['Lapsing', 'Next']);
    const [lapsing, next] = ids;

    // A minute before the lapse the selection still holds the challenge.
    at(lapsesAt - 60_000);
    const early = await select(next);
    expect([early.status, early.body.errors]).toEqual([
      409,
      [{ field: 'to', message: 'another proposal of this challenge is already selected' }],
    ]);

    // A minute after, it no longer does: the next proposal is selected.
    at(lapsesAt + 60_000);
    const chosen = await select(next);
    expect([chosen.status, chosen.body.stage, chosen.body.finishedAt]).toEqual([200, 'selected', null]);
    // The lapsed one stays as it was: selected, finished at its lapse.
    const lapsed = await proposal(lapsing);
    expect([lapsed.stage, lapsed.finishedAt]).toEqual(['selected', new Date(lapsesAt).toISOString()]);
    expect(await stagesOf(challengeId)).toEqual({ Lapsing: 'selected', Next: 'selected' });

    // No project is made from the lapsed one; the new selection becomes one.
    const refused = await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(lapsing));
    expect([refused.status, refused.body.title]).toEqual([409, 'selection lapsed']);
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(next))).status).toBe(201);
  });

  it('selects exactly one when two selections race after the lapse (both read the lapsed holder before either wrote)', async () => {
    const { challengeId, ids, lapsesAt } = await challengeWithSelection(['Lapsing', 'Bid B', 'Bid C']);
    at(lapsesAt + 60_000);
    const selectedOf = repository.selectedOf.bind(repository);
    let read = 0;
    let bothRead!: () => void;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    jest.spyOn(repository, 'selectedOf').mockImplementation(async (id) => {
      const selected = await selectedOf(id);
      if (++read === 2) bothRead();
      await barrier;
      return selected;
    });
    const answers = await Promise.all(ids.slice(1).map(select));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.errors).toEqual([
      { field: 'to', message: 'another proposal of this challenge is already selected' },
    ]);
    const stages = Object.values(await stagesOf(challengeId)).sort();
    expect(stages).toEqual(['selected', 'selected', 'shortlisted']);
  });

  it('a project created from the selection just before its release keeps the challenge: the release is refused', async () => {
    const { challengeId, ids, lapsesAt } = await challengeWithSelection(['Lapsing', 'Next']);
    const [lapsing, next] = ids;
    // The selection of the next proposal read the holder as lapsed; before it releases it, a project
    // request that read the selection a second before the lapse claims it.
    at(lapsesAt + 60_000);
    const release = repository.releaseSelection.bind(repository);
    jest.spyOn(repository, 'releaseSelection').mockImplementation(async (...args) => {
      at(lapsesAt - 1000);
      expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(lapsing))).status).toBe(201);
      at(lapsesAt + 60_000);
      return release(...args);
    });
    const refused = await select(next);
    expect([refused.status, refused.body.errors]).toEqual([
      409,
      [{ field: 'to', message: 'another proposal of this challenge is already selected' }],
    ]);
    expect(await stagesOf(challengeId)).toEqual({ Lapsing: 'selected', Next: 'shortlisted' });
    expect((await proposal(lapsing)).finishedAt).toBeNull();
  });

  it('a claim whose project was never stored (the insert failed) still lapses: finished at the lapse, no project made later', async () => {
    const { ids, lapsesAt } = await challengeWithSelection(['Claimed', 'Next']);
    const [claimed] = ids;
    at(lapsesAt - 60_000);
    jest.spyOn(rd.app.get(ProjectsRepository, { strict: false }).store, 'insert').mockRejectedValueOnce(new Error('connection lost'));
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(claimed))).status).toBe(500);

    at(lapsesAt + 60_000);
    expect((await proposal(claimed)).finishedAt).toBe(new Date(lapsesAt).toISOString());
    const late = await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(claimed));
    expect([late.status, late.body.title]).toEqual([409, 'selection lapsed']);
  });

  /**
   * A project request that read the selection at `readAt`, claimed it at `claimedAt` and failed to
   * store the project (the insert failed).
   */
  const claimWithoutProject = async (proposalId: string, claimedAt: number, readAt = claimedAt) => {
    at(readAt);
    const claim = repository.claimForProject.bind(repository);
    jest.spyOn(repository, 'claimForProject').mockImplementationOnce((id) => claim(id, new Date(claimedAt)));
    jest.spyOn(rd.app.get(ProjectsRepository, { strict: false }).store, 'insert').mockRejectedValueOnce(new Error('connection lost'));
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposalId))).status).toBe(500);
    expect((await repository.findById(proposalId))?.projectClaimedAt).toEqual(new Date(claimedAt));
  };

  it('a claim whose project was never stored no longer holds the challenge once lapsed and older than the grace: another proposal is selected', async () => {
    const { challengeId, ids, lapsesAt } = await challengeWithSelection(['Claimed', 'Next']);
    const [claimed, next] = ids;
    await claimWithoutProject(claimed, lapsesAt - 60_000);

    at(lapsesAt - 60_000 + PROJECT_CLAIM_GRACE_MS + 60_000);
    const chosen = await select(next);
    expect([chosen.status, chosen.body.stage, chosen.body.finishedAt]).toEqual([200, 'selected', null]);
    // The claimed one stays as it was (selected, finished at its lapse), released, and no project is made from it.
    const released = await repository.findById(claimed);
    expect([released?.stage, released?.selectedForChallenge, released?.selectionReleasedAt]).toEqual([
      'selected',
      undefined,
      new Date(lapsesAt - 60_000 + PROJECT_CLAIM_GRACE_MS + 60_000),
    ]);
    expect((await proposal(claimed)).finishedAt).toBe(new Date(lapsesAt).toISOString());
    expect(await stagesOf(challengeId)).toEqual({ Claimed: 'selected', Next: 'selected' });
    const refused = await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(claimed));
    expect([refused.status, refused.body.title]).toEqual([409, 'selection lapsed']);
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(next))).status).toBe(201);
  });

  it('a lapsed claim younger than the grace still holds the challenge (409); from the grace on it no longer does', async () => {
    const { challengeId, ids, lapsesAt } = await challengeWithSelection(['Claimed', 'Next']);
    const [claimed, next] = ids;
    // Claimed after the lapse by a request that read the selection before it: the grace counts from the claim.
    await claimWithoutProject(claimed, lapsesAt + 60_000, lapsesAt - 1000);

    for (const moment of [lapsesAt + 2 * 60_000, lapsesAt + 60_000 + PROJECT_CLAIM_GRACE_MS - 1000]) {
      at(moment);
      const early = await select(next);
      expect([early.status, early.body.errors]).toEqual([
        409,
        [{ field: 'to', message: 'another proposal of this challenge is already selected' }],
      ]);
      expect(await stagesOf(challengeId)).toEqual({ Claimed: 'selected', Next: 'shortlisted' });
    }
    at(lapsesAt + 60_000 + PROJECT_CLAIM_GRACE_MS);
    expect((await select(next)).status).toBe(200);
    expect(await stagesOf(challengeId)).toEqual({ Claimed: 'selected', Next: 'selected' });
  });

  it('a claimed selection with a project is never released, however long after its selection', async () => {
    const { challengeId, ids, lapsesAt } = await challengeWithSelection(['Made', 'Next']);
    const [made, next] = ids;
    at(lapsesAt - 60_000);
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(made))).status).toBe(201);

    at(lapsesAt + 365 * DAY);
    const refused = await select(next);
    expect([refused.status, refused.body.errors]).toEqual([
      409,
      [{ field: 'to', message: 'another proposal of this challenge is already selected' }],
    ]);
    const stored = await repository.findById(made);
    expect([stored?.selectedForChallenge, stored?.selectionReleasedAt]).toEqual([challengeId, undefined]);
    expect(await stagesOf(challengeId)).toEqual({ Made: 'selected', Next: 'shortlisted' });
  });

  it('a claim older than the grace that a project request renews before the release keeps the challenge: the release is refused, the project stored', async () => {
    const { challengeId, ids, lapsesAt } = await challengeWithSelection(['Claimed', 'Next']);
    const [claimed, next] = ids;
    await claimWithoutProject(claimed, lapsesAt - 60_000);
    const releaseAt = lapsesAt + PROJECT_CLAIM_GRACE_MS;
    // The selection of the next proposal read the old claim and no project; before its release is
    // written, a retry of the project request (which read the selection before the lapse) claims it
    // again, now, and stores the project.
    at(releaseAt);
    const release = repository.releaseUnmadeClaim.bind(repository);
    const claim = repository.claimForProject.bind(repository);
    jest.spyOn(repository, 'releaseUnmadeClaim').mockImplementation(async (...args) => {
      at(lapsesAt - 1000);
      jest.spyOn(repository, 'claimForProject').mockImplementationOnce((id) => claim(id, new Date(releaseAt)));
      expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(claimed))).status).toBe(201);
      at(releaseAt);
      return release(...args);
    });
    const refused = await select(next);
    expect([refused.status, refused.body.errors]).toEqual([
      409,
      [{ field: 'to', message: 'another proposal of this challenge is already selected' }],
    ]);
    expect(repository.releaseUnmadeClaim).toHaveBeenCalledTimes(1);
    expect(await stagesOf(challengeId)).toEqual({ Claimed: 'selected', Next: 'shortlisted' });
    expect((await repository.findById(claimed))?.selectionReleasedAt).toBeUndefined();
    expect((await ok('GET', '/v1/projects')).items.some((p: any) => p.proposalId === claimed)).toBe(true);
  });

  it('a project request that read the selection before its lapse makes no project once a selection released it', async () => {
    const { challengeId, ids, lapsesAt } = await challengeWithSelection(['Lapsing', 'Next']);
    const [lapsing, next] = ids;
    // The project request read the selection a second before the lapse; before it claims it, the
    // enterprise selects the next proposal after the lapse.
    at(lapsesAt - 1000);
    const claim = repository.claimForProject.bind(repository);
    jest.spyOn(repository, 'claimForProject').mockImplementation(async (...args) => {
      at(lapsesAt + 60_000);
      expect((await select(next)).status).toBe(200);
      at(lapsesAt - 1000);
      return claim(...args);
    });
    const refused = await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(lapsing));
    expect([refused.status, refused.body.title, refused.body.errors?.map((e: any) => e.field)]).toEqual([
      409,
      'selection lapsed',
      ['proposalId'],
    ]);
    expect(await stagesOf(challengeId)).toEqual({ Lapsing: 'selected', Next: 'selected' });
    expect((await ok('GET', '/v1/projects')).items.some((p: any) => p.proposalId === lapsing)).toBe(false);
  });
});

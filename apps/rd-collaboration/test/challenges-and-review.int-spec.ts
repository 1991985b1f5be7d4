import { randomUUID } from 'node:crypto';
import { httpJson, waitFor } from '@app/testing';
import {
  activateAgreement,
  ADMIN_TOKEN,
  challengeBody,
  proposalBody,
  RdService,
  reviewerKey,
  seedPair,
  startRdCollaboration,
} from './rd-collaboration.harness';
import { ProposalsRepository } from '../src/proposals/proposals.repository';

jest.setTimeout(120_000);

describe('challenges, proposals and review (real Kafka + Mongo-compatible server)', () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let otherSchool: Awaited<ReturnType<typeof seedPair>>;

  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });

  beforeAll(async () => {
    rd = await startRdCollaboration();
    pair = await seedPair(rd);
    // A second school with its own R&D agreement with the same enterprise.
    otherSchool = await seedPair(rd);
    await activateAgreement(rd, otherSchool.schoolId, pair.enterpriseId);
    await waitFor('the second agreement copy', async () => {
      const list = await call('GET', `/v1/agreements?schoolId=${otherSchool.schoolId}`, ADMIN_TOKEN);
      return list.body.items.length === 2;
    });
  });
  afterAll(async () => rd?.close());

  it('shows a challenge only to schools with an active agreement covering R&D, details only after an NDA', async () => {
    const posted = await call('POST', '/v1/challenges', pair.enterpriseKey, challengeBody());
    expect(posted.status).toBe(201);
    const id = posted.body.id;

    const before = await call('GET', `/v1/challenges/${id}`, pair.schoolKey);
    expect(before.status).toBe(200);
    expect(before.body.detailsVisible).toBe(false);
    expect(before.body).not.toHaveProperty('problem');

    const nda = await call('POST', `/v1/challenges/${id}/ndas`, pair.enterpriseKey, {
      schoolId: pair.schoolId,
      signedOn: '2026-03-01',
      signedBy: 'Dean Wu',
    });
    expect(nda.status).toBe(201);
    const after = await call('GET', `/v1/challenges/${id}`, pair.schoolKey);
    expect(after.body).toMatchObject({ detailsVisible: true, problem: challengeBody().problem });
    expect(after.body).not.toHaveProperty('ndas');
    // The NDA is per school: the other school still sees no details.
    expect((await call('GET', `/v1/challenges/${id}`, otherSchool.schoolKey)).body.detailsVisible).toBe(false);

    // A school whose only agreement does not cover R&D, and one whose agreement is suspended: 404 and an empty list.
    const placementsOnly = await seedPair(rd, { scope: 'Internships in CNC machining' });
    await activateAgreement(rd, placementsOnly.schoolId, pair.enterpriseId, { scope: 'Internships in CNC machining' });
    const suspended = await seedPair(rd);
    await activateAgreement(rd, suspended.schoolId, pair.enterpriseId, { status: 'suspended' });
    await waitFor(
      'the copies',
      async () => (await call('GET', `/v1/agreements?schoolId=${suspended.schoolId}`, ADMIN_TOKEN)).body.items.length === 2,
    );
    await waitFor(
      'the copies',
      async () => (await call('GET', `/v1/agreements?schoolId=${placementsOnly.schoolId}`, ADMIN_TOKEN)).body.items.length === 2,
    );
    for (const school of [placementsOnly, suspended]) {
      expect((await call('GET', `/v1/challenges/${id}`, school.schoolKey)).status).toBe(404);
      expect((await call('GET', '/v1/challenges', school.schoolKey)).body.items.map((c: any) => c.id)).not.toContain(id);
    }
    // Another enterprise gets 404 too.
    expect((await call('GET', `/v1/challenges/${id}`, placementsOnly.enterpriseKey)).status).toBe(404);
    expect((await call('GET', '/v1/challenges', pair.schoolKey)).body.items.map((c: any) => c.id)).toContain(id);
  });

  it("reads R&D coverage from the agreement's programmes when it states them, from its scope only when it does not", async () => {
    const posted = await call('POST', '/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }));
    expect(posted.status).toBe(201);
    const id = posted.body.id;
    // Programmes without `rd`: not covered, even though the scope names joint R&D.
    const notListed = await seedPair(rd, { programmes: ['placements', 'secondments'] });
    await activateAgreement(rd, notListed.schoolId, pair.enterpriseId, { programmes: ['placements', 'secondments'] });
    // Programmes with `rd`: covered, even though the scope names only internships.
    const listed = await seedPair(rd, { scope: 'Internships in CNC machining', programmes: ['placements', 'rd'] });
    await activateAgreement(rd, listed.schoolId, pair.enterpriseId, {
      scope: 'Internships in CNC machining',
      programmes: ['placements', 'rd'],
    });
    for (const school of [notListed, listed]) {
      await waitFor(
        'the copies',
        async () => (await call('GET', `/v1/agreements?schoolId=${school.schoolId}`, ADMIN_TOKEN)).body.items.length === 2,
      );
    }
    const copies = (await call('GET', `/v1/agreements?schoolId=${listed.schoolId}`, ADMIN_TOKEN)).body.items;
    expect(copies.map((a: { programmes?: string[] }) => a.programmes)).toEqual([
      ['placements', 'rd'],
      ['placements', 'rd'],
    ]);

    expect((await call('GET', `/v1/challenges/${id}`, notListed.schoolKey)).status).toBe(404);
    expect((await call('GET', '/v1/challenges', notListed.schoolKey)).body.items.map((c: any) => c.id)).not.toContain(id);
    const refused = await call('POST', `/v1/challenges/${id}/proposals`, notListed.schoolKey, proposalBody());
    expect(refused.status).toBe(404);
    expect(refused.contentType).toContain('application/problem+json');

    expect((await call('GET', `/v1/challenges/${id}`, listed.schoolKey)).status).toBe(200);
    expect((await call('GET', '/v1/challenges', listed.schoolKey)).body.items.map((c: any) => c.id)).toContain(id);
    expect((await call('POST', `/v1/challenges/${id}/proposals`, listed.schoolKey, proposalBody())).status).toBe(201);
    const proposals = (await call('GET', `/v1/challenges/${id}/proposals`, pair.enterpriseKey)).body.items;
    expect(proposals.map((p: { schoolId: string }) => p.schoolId)).toEqual([listed.schoolId]);
  });

  it('refuses bad input with problem+json naming the field, and stores nothing', async () => {
    const floatBudget = await call(
      'POST',
      '/v1/challenges',
      pair.enterpriseKey,
      challengeBody({ budgetRange: { currency: 'CNY', minMinor: 10.5, maxMinor: 20 } }),
    );
    expect(floatBudget.status).toBe(400);
    expect(floatBudget.contentType).toContain('application/problem+json');
    expect(floatBudget.body.errors.map((e: any) => e.field)).toContain('budgetRange.minMinor');
    const badCurrency = await call(
      'POST',
      '/v1/challenges',
      pair.enterpriseKey,
      challengeBody({ budgetRange: { currency: 'euro', minMinor: 1, maxMinor: 2 } }),
    );
    expect(badCurrency.body.errors[0].field).toBe('budgetRange.currency');
    // Three capitals are not enough: ISO 4217 assigns no "XYZ".
    const unassigned = await call(
      'POST',
      '/v1/challenges',
      pair.enterpriseKey,
      challengeBody({ budgetRange: { currency: 'XYZ', minMinor: 1, maxMinor: 2 } }),
    );
    expect(unassigned.status).toBe(400);
    expect(unassigned.contentType).toContain('application/problem+json');
    expect(unassigned.body.errors).toEqual([{ field: 'budgetRange.currency', message: 'must be an ISO 4217 code such as EUR or CNY' }]);
    // The body is refused before any challenge is looked up.
    const unassignedBudget = await call(
      'POST',
      `/v1/challenges/${randomUUID()}/proposals`,
      pair.schoolKey,
      proposalBody({ budget: { currency: 'XYZ', amountMinor: 100 } }),
    );
    expect(unassignedBudget.status).toBe(400);
    expect(unassignedBudget.body.errors.map((e: any) => e.field)).toEqual(['budget.currency']);
    const longTitle = await call('POST', '/v1/challenges', pair.enterpriseKey, challengeBody({ title: 'x'.repeat(201) }));
    expect(longTitle.body.errors[0].field).toBe('title');
    // Named as the other services name them (ADR 0086): plain dotted path, each unknown key on its own, (body) for the whole.
    const unknownKeys = await call(
      'POST',
      '/v1/challenges',
      pair.enterpriseKey,
      challengeBody({ budgetRange: { currency: 'CNY', minMinor: 1, maxMinor: 2, cap: 3 }, extra: 1, bonus: 2 }),
    );
    expect(unknownKeys.status).toBe(400);
    expect(unknownKeys.body.errors.map((e: any) => e.field).sort()).toEqual(['bonus', 'budgetRange.cap', 'extra']);
    expect(unknownKeys.body.errors).toContainEqual({ field: 'extra', message: 'property extra should not exist' });
    const notAnObject = await call('POST', '/v1/challenges', pair.enterpriseKey, []);
    expect([notAnObject.status, notAnObject.body.errors]).toEqual([400, [expect.objectContaining({ field: '(body)' })]]);
    const unknownParameter = await call('GET', `/v1/access-keys?holderId=${pair.enterpriseId}&colour=red`, ADMIN_TOKEN);
    expect([unknownParameter.status, unknownParameter.body.errors]).toEqual([
      400,
      [{ field: 'colour', message: 'property colour should not exist' }],
    ]);
    const mine = await call('GET', '/v1/challenges', pair.enterpriseKey);
    expect(mine.body.items.every((c: any) => c.title !== 'x'.repeat(201))).toBe(true);
    expect((await call('POST', '/v1/challenges', pair.schoolKey, challengeBody())).status).toBe(403);
    expect((await httpJson('POST', `${rd.baseUrl}/v1/challenges`, { body: challengeBody() })).status).toBe(401);
    expect((await call('POST', '/v1/challenges', 'rdk_school_forged', challengeBody())).status).toBe(401);

    // A revoked key authenticates nobody.
    const issued = (
      await call('POST', '/v1/access-keys', ADMIN_TOKEN, { role: 'enterprise', enterpriseId: pair.enterpriseId, label: 'temp' })
    ).body;
    expect((await call('GET', '/v1/challenges', issued.apiKey)).status).toBe(200);
    expect((await call('POST', `/v1/access-keys/${issued.keyId}/revoke`, pair.enterpriseKey)).status).toBe(403);
    const revoked = await call('POST', `/v1/access-keys/${issued.keyId}/revoke`, ADMIN_TOKEN);
    expect(revoked.body).toMatchObject({ keyId: issued.keyId, role: 'enterprise', revokedAt: expect.any(String) });
    expect((await call('GET', '/v1/challenges', issued.apiKey)).status).toBe(401);
    expect((await call('POST', `/v1/access-keys/${issued.keyId.replace(/.$/, 'x')}/revoke`, ADMIN_TOKEN)).status).toBe(404);
  });

  it('reviews with a rubric, ranks with explanations, keeps schools and reviewers to their own', async () => {
    const challenge = (await call('POST', '/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).body;
    const mine = await call('POST', `/v1/challenges/${challenge.id}/proposals`, pair.schoolKey, proposalBody());
    expect(mine.status).toBe(201);
    expect(mine.body.stage).toBe('submitted');
    const theirs = await call(
      'POST',
      `/v1/challenges/${challenge.id}/proposals`,
      otherSchool.schoolKey,
      proposalBody({ title: 'Other school' }),
    );
    expect(theirs.status).toBe(201);

    // Float budget and a team without teachers are refused.
    const bad = await call(
      'POST',
      `/v1/challenges/${challenge.id}/proposals`,
      pair.schoolKey,
      proposalBody({ budget: { currency: 'CNY', amountMinor: 1.25 } }),
    );
    expect(bad.body.errors[0].field).toBe('budget.amountMinor');
    const noTeacher = await call(
      'POST',
      `/v1/challenges/${challenge.id}/proposals`,
      pair.schoolKey,
      proposalBody({ team: [{ kind: 'student', personId: 's', name: 'S', role: 'r' }] }),
    );
    expect(noTeacher.body.errors[0].field).toBe('team');

    // Schools never see other schools' proposals.
    const schoolList = await call('GET', `/v1/challenges/${challenge.id}/proposals`, pair.schoolKey);
    expect(schoolList.body.items.map((p: any) => p.id)).toEqual([mine.body.id]);
    expect((await call('GET', `/v1/proposals/${theirs.body.id}`, pair.schoolKey)).status).toBe(404);
    expect((await call('GET', `/v1/challenges/${challenge.id}/proposals`, pair.enterpriseKey)).body.items).toHaveLength(2);

    const alice = `alice-${randomUUID().slice(0, 8)}`;
    const bob = `bob-${randomUUID().slice(0, 8)}`;
    const [aliceKey, bobKey] = [await reviewerKey(rd, alice), await reviewerKey(rd, bob)];
    for (const reviewerId of [alice, bob]) {
      expect((await call('POST', `/v1/proposals/${mine.body.id}/reviewers`, pair.enterpriseKey, { reviewerId })).status).toBe(201);
    }
    await call('POST', `/v1/proposals/${theirs.body.id}/reviewers`, pair.enterpriseKey, { reviewerId: alice });

    // Reviewers see only their assignments.
    expect((await call('GET', '/v1/reviewer/assignments', bobKey)).body.items.map((a: any) => a.proposal.id)).toEqual([mine.body.id]);
    expect((await call('GET', `/v1/proposals/${theirs.body.id}`, bobKey)).status).toBe(404);
    expect(
      (await call('POST', `/v1/proposals/${theirs.body.id}/reviews`, bobKey, { scores: [{ criterionId: 'fit', score: 1 }] })).status,
    ).toBe(404);

    const score = (fit: number, team: number, cost: number) => ({
      scores: [
        { criterionId: 'fit', score: fit },
        { criterionId: 'team', score: team },
        { criterionId: 'cost', score: cost },
      ],
      comment: 'ok',
    });
    const missing = await call('POST', `/v1/proposals/${mine.body.id}/reviews`, aliceKey, { scores: [{ criterionId: 'fit', score: 9 }] });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => e.message)).toContain('missing a score for criterion team');
    expect((await call('POST', `/v1/proposals/${mine.body.id}/reviews`, aliceKey, score(9, 8, 6))).status).toBe(200);
    expect((await call('POST', `/v1/proposals/${mine.body.id}/reviews`, bobKey, score(7, 8, 4))).status).toBe(200);
    expect((await call('POST', `/v1/proposals/${theirs.body.id}/reviews`, aliceKey, score(5, 5, 10))).status).toBe(200);
    // A reviewer sees its own review, not Bob's.
    const aliceView = await call('GET', `/v1/proposals/${mine.body.id}`, aliceKey);
    expect(aliceView.body.myReview.scores).toEqual({ fit: 9, team: 8, cost: 6 });
    expect(aliceView.body).not.toHaveProperty('reviews');

    const ranking = await call('GET', `/v1/challenges/${challenge.id}/ranking`, pair.enterpriseKey);
    expect(ranking.status).toBe(200);
    expect(ranking.body.items.map((i: any) => i.proposalId)).toEqual([mine.body.id, theirs.body.id]);
    // fit 8 x 3/6 = 4, team 8 x 2/6 = 2.667, cost 5 x 1/6 = 0.833 => 7.5
    expect(ranking.body.items[0].total).toBeCloseTo(7.5, 2);
    expect(ranking.body.items[0].criteria.map((c: any) => c.contribution)).toEqual([4, 2.667, 0.833]);
    expect(ranking.body.items[0].explanation).toContain('Technical fit: 8.00 x 50.0% = 4.000');
    expect((await call('GET', `/v1/challenges/${challenge.id}/ranking`, pair.schoolKey)).status).toBe(403);

    // Stages: no skipping, then the whole way, one selected per challenge.
    const skip = await call('POST', `/v1/proposals/${mine.body.id}/stage`, pair.enterpriseKey, { to: 'selected' });
    expect(skip.status).toBe(409);
    for (const to of ['qualified', 'shortlisted', 'selected']) {
      expect((await call('POST', `/v1/proposals/${mine.body.id}/stage`, pair.enterpriseKey, { to })).body.stage).toBe(to);
    }
    for (const to of ['qualified', 'shortlisted']) await call('POST', `/v1/proposals/${theirs.body.id}/stage`, pair.enterpriseKey, { to });
    const second = await call('POST', `/v1/proposals/${theirs.body.id}/stage`, pair.enterpriseKey, { to: 'selected' });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain('already selected');
    expect((await call('GET', `/v1/proposals/${mine.body.id}`, pair.schoolKey)).body.stage).toBe('selected');
  });

  it('does not store a review that arrives while the proposal is being selected (review closed)', async () => {
    const challenge = (await call('POST', '/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).body;
    const proposal = (await call('POST', `/v1/challenges/${challenge.id}/proposals`, pair.schoolKey, proposalBody())).body;
    const reviewerId = `late-${randomUUID().slice(0, 8)}`;
    const lateKey = await reviewerKey(rd, reviewerId);
    await call('POST', `/v1/proposals/${proposal.id}/reviewers`, pair.enterpriseKey, { reviewerId });
    for (const to of ['qualified', 'shortlisted']) await call('POST', `/v1/proposals/${proposal.id}/stage`, pair.enterpriseKey, { to });

    // The enterprise selects the proposal after the reviewer's request read it as open, before its review is written.
    const repository = rd.app.get(ProposalsRepository, { strict: false });
    const saveReview = repository.saveReview.bind(repository);
    const spy = jest.spyOn(repository, 'saveReview').mockImplementation(async (...args) => {
      expect((await call('POST', `/v1/proposals/${proposal.id}/stage`, pair.enterpriseKey, { to: 'selected' })).status).toBe(200);
      return saveReview(...args);
    });
    try {
      const late = await call('POST', `/v1/proposals/${proposal.id}/reviews`, lateKey, {
        scores: [
          { criterionId: 'fit', score: 10 },
          { criterionId: 'team', score: 10 },
          { criterionId: 'cost', score: 10 },
        ],
      });
      expect(late.status).toBe(409);
      expect(late.contentType).toContain('application/problem+json');
      expect(late.body.detail).toBe('the proposal is selected');
    } finally {
      spy.mockRestore();
    }
    const stored = (await call('GET', `/v1/proposals/${proposal.id}`, pair.enterpriseKey)).body;
    expect(stored.stage).toBe('selected');
    expect(stored.reviews).toEqual([]);
  });

  it('selects one proposal per challenge even when two selections race (each read none selected before either wrote)', async () => {
    const challenge = (await call('POST', '/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).body;
    const shortlisted: string[] = [];
    for (const title of ['Bid A', 'Bid B']) {
      const proposal = (await call('POST', `/v1/challenges/${challenge.id}/proposals`, pair.schoolKey, proposalBody({ title }))).body;
      for (const to of ['qualified', 'shortlisted']) await call('POST', `/v1/proposals/${proposal.id}/stage`, pair.enterpriseKey, { to });
      shortlisted.push(proposal.id);
    }

    // Two people of the enterprise (or two replicas) select a different bid at the same moment: both
    // read the challenge's selected proposals before either writes, and both see none.
    const repository = rd.app.get(ProposalsRepository, { strict: false });
    const selectedOf = repository.selectedOf.bind(repository);
    let counted = 0;
    let bothCounted!: () => void;
    const barrier = new Promise<void>((resolve) => (bothCounted = resolve));
    const spy = jest.spyOn(repository, 'selectedOf').mockImplementation(async (challengeId) => {
      const selected = await selectedOf(challengeId);
      if (++counted === 2) bothCounted();
      await barrier;
      return selected;
    });
    try {
      const answers = await Promise.all(
        shortlisted.map((id) => call('POST', `/v1/proposals/${id}/stage`, pair.enterpriseKey, { to: 'selected' })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const refused = answers.find((a) => a.status === 409)!;
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([{ field: 'to', message: 'another proposal of this challenge is already selected' }]);
    } finally {
      spy.mockRestore();
    }
    const stages = (await call('GET', `/v1/challenges/${challenge.id}/proposals`, pair.enterpriseKey)).body.items.map((p: any) => p.stage);
    expect(stages.sort()).toEqual(['selected', 'shortlisted']);
  });
});

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import {
  ErasureRequested,
  RdContributionDelivered,
  RdOutcomeRecorded,
  RdParticipationJoined,
  RdProjectStarted,
  Topics,
} from '@app/contracts';
import { httpJson, operatorHeaders, testMongoUri, TopicRecorder, waitFor } from '@app/testing';
import { PrivacyService } from '../src/privacy/privacy.service';
import {
  ADMIN_TOKEN,
  challengeBody,
  erasureRequestData,
  projectBody,
  proposalBody,
  RdService,
  seedPair,
  selectedProposal,
  startRdCollaboration,
} from './rd-collaboration.harness';

jest.setTimeout(120_000);

/**
 * The creating POSTs of the R&D service (challenges, proposals, contributions, outcomes, milestones,
 * change requests, projects, participants, NDAs) take an
 * Idempotency-Key: a retry with the same key and body by the same caller answers as the first time
 * and stores and publishes nothing more, also when both arrive at once (ADR 0083).
 */
describe('creating POSTs take an Idempotency-Key (real Kafka + Mongo)', () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let other: Awaited<ReturnType<typeof seedPair>>;
  let recorder: TopicRecorder;
  const post = (path: string, token: string, body: unknown, key?: string, headers: Record<string, string> = {}) =>
    httpJson('POST', `${rd.baseUrl}${path}`, {
      token,
      body,
      headers: { ...headers, ...(key !== undefined ? { 'Idempotency-Key': key } : {}) },
    });
  const get = (path: string, token: string) => httpJson('GET', `${rd.baseUrl}${path}`, { token });
  const published = (type: string, projectId: string) =>
    recorder.withHeader('ce_type', type).filter((m) => JSON.parse(m.value!).projectId === projectId);
  /** Gives a duplicate event time to show up on Kafka after the first one did, then counts. */
  const settledCount = async (type: string, projectId: string, atLeast = 1) => {
    await waitFor(`${type} on Kafka`, () => published(type, projectId).length >= atLeast);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return published(type, projectId).length;
  };
  const newProject = async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const created = await post('/v1/projects', pair.enterpriseKey, projectBody(proposal.id));
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  /** The talent pipeline's erasure request for the student, until this service confirms it. */
  const eraseStudent = async (studentId: string) => {
    const requestId = `erasure-${randomUUID()}`;
    await rd.produce(
      ErasureRequested,
      erasureRequestData(requestId, studentId, pair.schoolId),
      studentId,
      'urn:school-enterprise:talent-pipeline',
    );
    await waitFor('the erasure confirmed', async () => {
      const view = await rd.app
        .get(PrivacyService, { strict: false })
        .erasure(requestId)
        .catch(() => undefined);
      return view?.status === 'confirmed';
    });
  };

  beforeAll(async () => {
    rd = await startRdCollaboration();
    recorder = new TopicRecorder(rd.kafka, [`${rd.prefix}${Topics.rdProjects}`, `${rd.prefix}${Topics.rdParticipation}`]);
    await recorder.start();
    pair = await seedPair(rd);
    other = await seedPair(rd);
  });
  afterAll(async () => {
    await recorder?.stop();
    await rd?.close();
  });

  it('documents the Idempotency-Key header and its 422 on every creating POST that takes it', async () => {
    const paths = (await httpJson('GET', `${rd.baseUrl}/docs-json`)).body.paths;
    for (const path of [
      '/v1/challenges',
      '/v1/challenges/{challengeId}/proposals',
      '/v1/projects/{id}/contributions',
      '/v1/projects/{id}/outcomes',
      '/v1/projects/{id}/milestones',
      '/v1/projects/{id}/change-requests',
      '/v1/projects/{id}/participants/{participationId}/hours',
      '/v1/projects',
      '/v1/projects/{id}/participants',
      '/v1/challenges/{id}/ndas',
    ]) {
      const post = paths[path].post;
      expect([path, post.parameters.find((p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key')]).toEqual([
        path,
        expect.objectContaining({ required: false }),
      ]);
      expect([path, post.responses['422']?.description]).toEqual([path, expect.stringContaining('Idempotency-Key')]);
    }
  });

  it('posts one challenge for a retry with the same key and body, 422 for the key with another body, and keeps keys per enterprise', async () => {
    const key = `challenge-${randomUUID()}`;
    const body = challengeBody({ title: `Retried challenge ${key}` });
    const first = await post('/v1/challenges', pair.enterpriseKey, body, key);
    const retry = await post('/v1/challenges', pair.enterpriseKey, body, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body).toEqual(first.body);

    const reused = await post('/v1/challenges', pair.enterpriseKey, { ...body, summary: 'Another challenge' }, key);
    expect(reused.status).toBe(422);
    expect(reused.contentType).toContain('application/problem+json');
    expect(reused.body.errors[0].field).toBe('Idempotency-Key');

    // Another enterprise's identical key and body is its own challenge.
    const others = await post('/v1/challenges', other.enterpriseKey, body, key);
    expect(others.status).toBe(201);
    expect(others.body.id).not.toBe(first.body.id);
    expect(others.body.enterpriseId).toBe(other.enterpriseId);

    const mine = (await get('/v1/challenges', pair.enterpriseKey)).body.items.filter((c: { title: string }) => c.title === body.title);
    expect(mine).toHaveLength(1);
    // Without a key, every POST creates.
    expect((await post('/v1/challenges', pair.enterpriseKey, body)).body.id).not.toBe(first.body.id);
  });

  it('posts one challenge when two identical requests with one key arrive at once', async () => {
    const key = `together-${randomUUID()}`;
    const body = challengeBody({ title: `Concurrent challenge ${key}` });
    const answers = await Promise.all([1, 2, 3].map(() => post('/v1/challenges', pair.enterpriseKey, body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const mine = (await get('/v1/challenges', pair.enterpriseKey)).body.items.filter((c: { title: string }) => c.title === body.title);
    expect(mine).toHaveLength(1);
  });

  it('refuses a malformed Idempotency-Key with 400 naming the header, storing nothing', async () => {
    const title = `Badly keyed ${randomUUID()}`;
    for (const key of ['has spaces', 'x'.repeat(201), 'café', 'tab\tkey']) {
      const refused = await post('/v1/challenges', pair.enterpriseKey, challengeBody({ title }), key);
      expect(refused.status).toBe(400);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors[0].field).toBe('Idempotency-Key');
    }
    expect((await get('/v1/challenges', pair.enterpriseKey)).body.items.filter((c: { title: string }) => c.title === title)).toEqual([]);
    const challenge = (await post('/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).body;
    const project = await newProject();
    expect((await post(`/v1/challenges/${challenge.id}/proposals`, pair.schoolKey, proposalBody(), 'a b')).body.errors[0].field).toBe(
      'Idempotency-Key',
    );
    const contribution = { pledgeId: 'pledge-1', amount: { currency: 'CNY', amountMinor: 1_000 }, deliveredOn: '2026-05-01' };
    expect((await post(`/v1/projects/${project}/contributions`, pair.enterpriseKey, contribution, '')).status).toBe(400);
    expect((await post(`/v1/projects/${project}/outcomes`, pair.enterpriseKey, { kind: 'x' }, 'a b')).status).toBe(400);
  });

  it('submits one proposal for a retry (also at once), 422 for the key with another body, and keeps keys per school', async () => {
    const challenge = (await post('/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).body;
    const path = `/v1/challenges/${challenge.id}/proposals`;
    const key = `proposal-${randomUUID()}`;
    const answers = await Promise.all([1, 2].map(() => post(path, pair.schoolKey, proposalBody(), key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[1].body.id).toBe(answers[0].body.id);
    const retry = await post(path, pair.schoolKey, proposalBody(), key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(answers[0].body.id);

    const reused = await post(path, pair.schoolKey, proposalBody({ title: 'Another approach' }), key);
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].field).toBe('Idempotency-Key');
    const owned = (await get(path, pair.enterpriseKey)).body.items;
    expect(owned).toHaveLength(1);

    // The same key for a proposal to another challenge is another request: 422, not that proposal.
    const second = (await post('/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).body;
    const elsewhere = await post(`/v1/challenges/${second.id}/proposals`, pair.schoolKey, proposalBody(), key);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors[0].field).toBe('Idempotency-Key');
  });

  it("drops a proposal's request fingerprint when a team member is erased; the key then still names that proposal", async () => {
    const mongo = await new MongoClient(testMongoUri(rd.database)).connect();
    try {
      const studentId = `student-${randomUUID()}`;
      const team = [
        { kind: 'teacher', personId: `teacher-${randomUUID()}`, name: 'Zhang Min', role: 'Principal investigator' },
        { kind: 'student', personId: studentId, name: `Li Wei ${randomUUID().slice(0, 6)}`, role: 'Vision labelling' },
      ];
      const challenge = (await post('/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).body;
      const path = `/v1/challenges/${challenge.id}/proposals`;
      const key = `proposal-${randomUUID()}`;
      const first = await post(path, pair.schoolKey, proposalBody({ team }), key);
      expect(first.status).toBe(201);
      const stored = () =>
        mongo
          .db()
          .collection('proposals')
          .findOne({ _id: first.body.id } as never);
      expect((await stored())?.idempotency?.fingerprint).toEqual(expect.any(String));

      const requestId = `erasure-${randomUUID()}`;
      await rd.produce(
        ErasureRequested,
        {
          requestId,
          personId: studentId,
          personKind: 'student',
          schoolId: pair.schoolId,
          origin: 'school',
          reason: 'GDPR Art. 17(1)(b): consent withdrawn',
          requestedAt: new Date().toISOString(),
        },
        studentId,
        'urn:school-enterprise:talent-pipeline',
      );
      await waitFor('the team member pseudonymised', async () => (await stored())?.team.some((m: { erased?: boolean }) => m.erased));
      expect((await stored())?.idempotency).toEqual({ key });
      // The erasure's record (and confirmation) names what went: the fingerprint too, not only the team member.
      const erasure = await waitFor('the erasure confirmed', async () => {
        const view = await rd.app.get(PrivacyService, { strict: false }).erasure(requestId);
        return view.status === 'confirmed' && view;
      });
      expect(erasure.actions).toContainEqual({ store: 'proposals.idempotency', action: 'erased', fields: ['fingerprint'], records: 1 });

      const retry = await post(path, pair.schoolKey, proposalBody({ team }), key);
      expect([retry.status, retry.body.id]).toEqual([201, first.body.id]);
      const second = (await post('/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).body;
      const elsewhere = await post(`/v1/challenges/${second.id}/proposals`, pair.schoolKey, proposalBody({ team }), key);
      expect(elsewhere.status).toBe(422);
    } finally {
      await mongo.close();
    }
  });

  it("answers a retried hours entry after the student's erasure blanked its activity: same entry, nothing stored; other hours under the key are still a 422", async () => {
    const mongo = await new MongoClient(testMongoUri(rd.database)).connect();
    try {
      const id = await newProject();
      const studentId = `student-${randomUUID()}`;
      const joined = await post(`/v1/projects/${id}/participants`, pair.schoolKey, {
        kind: 'student',
        personId: studentId,
        name: `Li Wei ${randomUUID().slice(0, 6)}`,
        role: 'Vision labelling',
      });
      expect(joined.status).toBe(201);
      const participationId = joined.body.participants.find((p: { personId: string }) => p.personId === studentId).participationId;
      const path = `/v1/projects/${id}/participants/${participationId}/hours`;
      const key = `timesheet-${randomUUID()}`;
      const entry = { date: '2026-05-06', hours: 3, activity: 'Labelled 200 housings' };
      const first = await post(path, pair.schoolKey, entry, key);
      expect(first.status).toBe(201);
      const entryId = first.body.hours[0].entryId;
      const stored = async () =>
        (await mongo
          .db()
          .collection('projects')
          .findOne({ _id: id } as never)) as unknown as { version: number; hours: Array<{ entryId: string; activity: string }> };

      await eraseStudent(studentId);
      const erased = await stored();
      expect(erased.hours.map((h) => [h.entryId, h.activity])).toEqual([[entryId, '']]);

      // The client lost the first answer and retries the same request: the entry stands, nothing is written.
      const retry = await post(path, pair.schoolKey, entry, key);
      expect([retry.status, retry.body.hours?.map((h: { entryId: string }) => h.entryId)]).toEqual([201, [entryId]]);
      expect((await stored()).version).toBe(erased.version);
      // The fields the erasure left still tell another request under the key.
      const reused = await post(path, pair.schoolKey, { ...entry, hours: 4 }, key);
      expect([reused.status, reused.body.errors?.[0]?.field]).toEqual([422, 'Idempotency-Key']);
      expect((await post(path, pair.schoolKey, { ...entry, date: '2026-05-07' }, key)).status).toBe(422);
    } finally {
      await mongo.close();
    }
  });

  it('records one contribution for a retry (also at once): one delivery, one event; 422 for the key with another body', async () => {
    const id = await newProject();
    const path = `/v1/projects/${id}/contributions`;
    const key = `erp-delivery-${randomUUID()}`;
    const body = { pledgeId: 'pledge-1', amount: { currency: 'CNY', amountMinor: 2_000_000 }, deliveredOn: '2026-05-04' };
    const answers = await Promise.all([1, 2].map(() => post(path, pair.enterpriseKey, body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const retry = await post(path, pair.enterpriseKey, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.ledger.deliveries).toHaveLength(1);
    expect(retry.body.ledger.deliveries[0].contributionId).toBe(answers[0].body.ledger.deliveries[0].contributionId);

    const reused = await post(path, pair.enterpriseKey, { ...body, amount: { currency: 'CNY', amountMinor: 3_000_000 } }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].field).toBe('Idempotency-Key');
    expect((await get(`/v1/projects/${id}`, pair.enterpriseKey)).body.ledger.deliveries).toHaveLength(1);
    expect(await settledCount(RdContributionDelivered.type, id)).toBe(1);
  });

  it('records one outcome for a retry (also at once): one outcome, one event; keys are per caller; 422 for the key with another body', async () => {
    const id = await newProject();
    const path = `/v1/projects/${id}/outcomes`;
    const key = `outcome-${randomUUID()}`;
    const body = { kind: 'product', title: 'Inline scratch detector', product: { name: 'ScratchEye', novelty: 'new' } };
    const answers = await Promise.all([1, 2].map(() => post(path, pair.enterpriseKey, body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const retry = await post(path, pair.enterpriseKey, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.outcomes).toHaveLength(1);
    expect(retry.body.outcomes[0].outcomeId).toBe(answers[0].body.outcomes[0].outcomeId);

    const reused = await post(path, pair.enterpriseKey, { ...body, title: 'Another outcome' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].field).toBe('Idempotency-Key');

    // The school's identical key is the school's own: its outcome is recorded.
    const schools = await post(path, pair.schoolKey, body, key);
    expect(schools.status).toBe(201);
    expect(schools.body.outcomes).toHaveLength(2);
    expect(await settledCount(RdOutcomeRecorded.type, id)).toBe(2);

    // Closed meanwhile: a retry of the stored outcome is answered as the first time; a new one is refused.
    expect((await post(`/v1/projects/${id}/close`, pair.enterpriseKey, { summary: 'Done.' })).status).toBe(200);
    const afterClosure = await post(path, pair.enterpriseKey, body, key);
    expect(afterClosure.status).toBe(201);
    expect(afterClosure.body.outcomes).toHaveLength(2);
    expect((await post(path, pair.enterpriseKey, body, `new-${key}`)).status).toBe(409);
    expect((await get(`/v1/projects/${id}`, ADMIN_TOKEN)).body.outcomes).toHaveLength(2);
  });

  it('plans one milestone for a retry (also at once): one row, nothing more written; 422 for the key with another body; keys per caller and kind', async () => {
    const id = await newProject();
    const path = `/v1/projects/${id}/milestones`;
    const key = `milestone-${randomUUID()}`;
    const body = { title: 'Prototype line camera', deliverables: ['Camera rig', 'Test report'], dueOn: '2026-06-30' };
    const answers = await Promise.all([1, 2, 3].map(() => post(path, pair.enterpriseKey, body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const milestoneId = answers[0].body.milestones[0].milestoneId;
    expect(new Set(answers.map((a) => a.body.milestones.map((m: { milestoneId: string }) => m.milestoneId).join()))).toEqual(
      new Set([milestoneId]),
    );
    const stored = (await get(`/v1/projects/${id}`, pair.enterpriseKey)).body;
    expect(stored.milestones).toHaveLength(1);

    // A retry answers the milestone as it stands (delivered meanwhile) and writes nothing: the project's version stays.
    const delivered = await post(`${path}/${milestoneId}/actions`, pair.schoolKey, { action: 'deliver' });
    expect(delivered.status).toBe(200);
    const retry = await post(path, pair.enterpriseKey, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.milestones).toEqual([expect.objectContaining({ milestoneId, status: 'delivered' })]);
    expect(retry.body.version).toBe(delivered.body.version);

    const reused = await post(path, pair.enterpriseKey, { ...body, dueOn: '2026-07-31' }, key);
    expect(reused.status).toBe(422);
    expect(reused.contentType).toContain('application/problem+json');
    expect(reused.body.errors[0].field).toBe('Idempotency-Key');

    // The school's identical key is the school's own milestone; the enterprise's key for a change request is another kind.
    const schools = await post(path, pair.schoolKey, body, key);
    expect(schools.status).toBe(201);
    expect(schools.body.milestones).toHaveLength(2);
    const change = await post(`/v1/projects/${id}/change-requests`, pair.enterpriseKey, { description: 'Add a second camera' }, key);
    expect(change.status).toBe(201);
    expect(change.body.changeRequests).toHaveLength(1);
    expect(change.body.changeRequests[0].changeRequestId).not.toBe(milestoneId);
    expect((await get(`/v1/projects/${id}`, ADMIN_TOKEN)).body.milestones).toHaveLength(2);
  });

  it('proposes one change request for a retry (also at once): one row, nothing more written, also once decided and closed; 422 for the key with another body', async () => {
    const id = await newProject();
    const path = `/v1/projects/${id}/change-requests`;
    const key = `change-${randomUUID()}`;
    const body = { description: 'Extend by a month for the field trial', newEnd: '2027-01-31' };
    const answers = await Promise.all([1, 2, 3].map(() => post(path, pair.schoolKey, body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const changeRequestId = answers[0].body.changeRequests[0].changeRequestId;
    expect(answers.map((a) => a.body.changeRequests.map((c: { changeRequestId: string }) => c.changeRequestId))).toEqual([
      [changeRequestId],
      [changeRequestId],
      [changeRequestId],
    ]);
    expect((await get(`/v1/projects/${id}`, pair.schoolKey)).body.changeRequests).toHaveLength(1);

    const reused = await post(path, pair.schoolKey, { description: 'Extend by a month for the field trial' }, key);
    expect(reused.status).toBe(422);
    expect(reused.contentType).toContain('application/problem+json');
    expect(reused.body.errors[0].field).toBe('Idempotency-Key');

    // Decided and the project closed meanwhile: a retry answers the request as it stands, writing nothing; a new one is refused.
    const approved = await post(`${path}/${changeRequestId}/decision`, pair.enterpriseKey, { decision: 'approved' });
    expect(approved.status).toBe(200);
    const closed = await post(`/v1/projects/${id}/close`, pair.enterpriseKey, { summary: 'Done.' });
    expect(closed.status).toBe(200);
    const retry = await post(path, pair.schoolKey, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.changeRequests).toEqual([expect.objectContaining({ changeRequestId, status: 'approved' })]);
    expect(retry.body.version).toBe(closed.body.version);
    expect((await post(path, pair.schoolKey, body, `new-${key}`)).status).toBe(409);
    expect((await get(`/v1/projects/${id}`, ADMIN_TOKEN)).body.changeRequests).toHaveLength(1);
  });

  it('refuses a malformed Idempotency-Key on milestones and change requests with 400 naming the header, storing nothing', async () => {
    const id = await newProject();
    const before = (await get(`/v1/projects/${id}`, pair.enterpriseKey)).body.version;
    for (const key of ['has spaces', 'x'.repeat(201), 'café', '']) {
      for (const [path, body] of [
        ['milestones', { title: 'Badly keyed', deliverables: ['Report'], dueOn: '2026-06-30' }],
        ['change-requests', { description: 'Badly keyed' }],
      ] as const) {
        const refused = await post(`/v1/projects/${id}/${path}`, pair.enterpriseKey, body, key);
        expect([path, key, refused.status, refused.contentType]).toEqual([
          path,
          key,
          400,
          expect.stringContaining('application/problem+json'),
        ]);
        expect(refused.body.errors[0].field).toBe('Idempotency-Key');
      }
    }
    const project = (await get(`/v1/projects/${id}`, pair.enterpriseKey)).body;
    expect([project.milestones, project.changeRequests, project.version]).toEqual([[], [], before]);
  });

  it('adds one participant for a retry (also at once): one row, one joined event, the version unchanged, also once closed; 422 for the key with another person; keys per caller and kind', async () => {
    const id = await newProject();
    const path = `/v1/projects/${id}/participants`;
    const key = `join-${randomUUID()}`;
    const body = { kind: 'teacher', personId: `teacher-${randomUUID()}`, name: 'Zhang Min', role: 'Principal investigator' };
    const answers = await Promise.all([1, 2, 3].map(() => post(path, pair.schoolKey, body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const participationId = answers[0].body.participants[0].participationId;
    expect(answers.map((a) => a.body.participants.map((x: { participationId: string }) => x.participationId))).toEqual([
      [participationId],
      [participationId],
      [participationId],
    ]);
    const written = (await get(`/v1/projects/${id}`, pair.schoolKey)).body;
    const retry = await post(path, pair.schoolKey, body, key);
    expect([retry.status, retry.body.participants.map((x: { participationId: string }) => x.participationId), retry.body.version]).toEqual([
      201,
      [participationId],
      written.version,
    ]);
    expect(await settledCount(RdParticipationJoined.type, id)).toBe(1);

    const reused = await post(path, pair.schoolKey, { ...body, personId: `teacher-${randomUUID()}` }, key);
    expect([reused.status, reused.contentType, reused.body.errors?.[0]?.field]).toEqual([
      422,
      expect.stringContaining('application/problem+json'),
      'Idempotency-Key',
    ]);
    expect((await post(path, pair.schoolKey, { ...body, role: 'Adviser' }, key)).status).toBe(422);

    // The operator's identical key is the operator's own participation; the school's key for a milestone is another kind.
    const operators = await post(path, ADMIN_TOKEN, { ...body, personId: `teacher-${randomUUID()}` }, key, operatorHeaders());
    expect([operators.status, operators.body.participants?.length]).toEqual([201, 2]);
    expect(operators.body.participants[1].participationId).not.toBe(participationId);
    const milestone = await post(
      `/v1/projects/${id}/milestones`,
      pair.schoolKey,
      { title: 'Rig', deliverables: ['Rig'], dueOn: '2026-06-30' },
      key,
    );
    expect([milestone.status, milestone.body.milestones?.length]).toEqual([201, 1]);

    // Closed meanwhile: the retry is answered as the first time and writes nothing; a new participant is refused.
    const closed = await post(`/v1/projects/${id}/close`, pair.enterpriseKey, { summary: 'Done.' });
    expect(closed.status).toBe(200);
    const afterClosure = await post(path, pair.schoolKey, body, key);
    expect([afterClosure.status, afterClosure.body.version, afterClosure.body.participants?.length]).toEqual([201, closed.body.version, 2]);
    expect((await post(path, pair.schoolKey, { ...body, personId: `teacher-${randomUUID()}` }, `new-${key}`)).status).toBe(409);
    expect(await settledCount(RdParticipationJoined.type, id, 2)).toBe(2);
  });

  it("answers a retried participation after the student's erasure: the pseudonymised row, nothing stored or published; another kind under the key is still a 422", async () => {
    const mongo = await new MongoClient(testMongoUri(rd.database)).connect();
    try {
      const id = await newProject();
      const path = `/v1/projects/${id}/participants`;
      const studentId = `student-${randomUUID()}`;
      const key = `join-${randomUUID()}`;
      const body = { kind: 'student', personId: studentId, name: `Li Wei ${randomUUID().slice(0, 6)}`, role: 'Vision labelling' };
      const first = await post(path, pair.schoolKey, body, key);
      expect(first.status).toBe(201);
      const participationId = first.body.participants[0].participationId;
      expect(await settledCount(RdParticipationJoined.type, id)).toBe(1);
      const stored = async () =>
        (await mongo
          .db()
          .collection('projects')
          .findOne({ _id: id } as never)) as unknown as {
          version: number;
          participants: Array<{ participationId: string; erased?: boolean }>;
        };

      await eraseStudent(studentId);
      const erased = await stored();
      expect(erased.participants.map((x) => [x.participationId, x.erased])).toEqual([[participationId, true]]);

      // The school lost the first answer and retries the same request: the erased row answers, nothing is written.
      const retry = await post(path, pair.schoolKey, body, key);
      expect([
        retry.status,
        retry.body.participants?.map((x: { participationId: string; name: string }) => [x.participationId, x.name]),
      ]).toEqual([201, [[participationId, '']]]);
      expect((await stored()).version).toBe(erased.version);
      expect(JSON.stringify(await stored())).not.toContain(studentId);
      expect(published(RdParticipationJoined.type, id)).toHaveLength(1);
      // The kind, all the erasure left of the request, still tells another request under the key.
      const reused = await post(path, pair.schoolKey, { ...body, kind: 'teacher' }, key);
      expect([reused.status, reused.body.errors?.[0]?.field]).toEqual([422, 'Idempotency-Key']);
    } finally {
      await mongo.close();
    }
  });

  it('makes one project for a retry (also at once): one project, one started event, also once closed; 422 for the key with another body; keys per caller and kind', async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const key = `project-${randomUUID()}`;
    const body = projectBody(proposal.id);
    const answers = await Promise.all([1, 2, 3].map(() => post('/v1/projects', pair.enterpriseKey, body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const id = answers[0].body.id;
    expect(answers.map((a) => a.body.id)).toEqual([id, id, id]);
    expect(await settledCount(RdProjectStarted.type, id)).toBe(1);

    const reused = await post('/v1/projects', pair.enterpriseKey, projectBody(proposal.id, { title: 'Another title' }), key);
    expect([reused.status, reused.contentType, reused.body.errors?.[0]?.field]).toEqual([
      422,
      expect.stringContaining('application/problem+json'),
      'Idempotency-Key',
    ]);
    // Without the key, the proposal that became a project is still a 409.
    expect((await post('/v1/projects', pair.enterpriseKey, body)).status).toBe(409);

    // Another enterprise's identical key makes its own project; the enterprise's key for a challenge is another kind.
    const others = await post('/v1/projects', other.enterpriseKey, projectBody((await selectedProposal(rd, other)).proposal.id), key);
    expect(others.status).toBe(201);
    expect(others.body.id).not.toBe(id);
    const challenge = await post('/v1/challenges', pair.enterpriseKey, challengeBody(), key);
    expect(challenge.status).toBe(201);

    // Closed meanwhile: a retry answers the project as it stands and writes nothing.
    const closed = await post(`/v1/projects/${id}/close`, pair.enterpriseKey, { summary: 'Done.' });
    expect(closed.status).toBe(200);
    const retry = await post('/v1/projects', pair.enterpriseKey, body, key);
    expect([retry.status, retry.body.id, retry.body.status, retry.body.version]).toEqual([201, id, 'closed', closed.body.version]);
    expect(published(RdProjectStarted.type, id)).toHaveLength(1);
  });

  it('records one NDA for a retry (also at once); 422 for the key with another NDA; keys per caller and kind; a school with an NDA is still a 409 without its key', async () => {
    const challenge = (await post('/v1/challenges', pair.enterpriseKey, challengeBody())).body;
    const path = `/v1/challenges/${challenge.id}/ndas`;
    const key = `nda-${randomUUID()}`;
    const body = { schoolId: pair.schoolId, signedOn: '2026-03-01', signedBy: 'Dean Wu' };
    const answers = await Promise.all([1, 2, 3].map(() => post(path, pair.enterpriseKey, body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const ndas = answers[0].body.ndas;
    expect(ndas).toEqual([{ ...body, recordedAt: expect.any(String) }]);
    expect(answers.map((a) => a.body.ndas)).toEqual([ndas, ndas, ndas]);
    const retry = await post(path, pair.enterpriseKey, body, key);
    expect([retry.status, retry.body.ndas]).toEqual([201, ndas]);

    const reused = await post(path, pair.enterpriseKey, { ...body, signedBy: 'Dean Li' }, key);
    expect([reused.status, reused.contentType, reused.body.errors?.[0]?.field]).toEqual([
      422,
      expect.stringContaining('application/problem+json'),
      'Idempotency-Key',
    ]);
    expect((await post(path, pair.enterpriseKey, { ...body, schoolId: other.schoolId }, key)).status).toBe(422);
    expect((await post(path, pair.enterpriseKey, body)).status).toBe(409);
    expect((await post(path, pair.enterpriseKey, body, `new-${key}`)).status).toBe(409);

    // The operator's identical key is the operator's own (another school's NDA); the enterprise's key for a challenge is another kind.
    const operators = await post(path, ADMIN_TOKEN, { ...body, schoolId: other.schoolId }, key, operatorHeaders());
    expect([operators.status, operators.body.ndas?.map((n: { schoolId: string }) => n.schoolId)]).toEqual([
      201,
      [pair.schoolId, other.schoolId],
    ]);
    expect((await post('/v1/challenges', pair.enterpriseKey, challengeBody(), key)).status).toBe(201);
    expect((await get(`/v1/challenges/${challenge.id}`, pair.enterpriseKey)).body.ndas).toHaveLength(2);
  });

  it('refuses a malformed Idempotency-Key on projects, participants and NDAs with 400 naming the header, storing nothing', async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const id = await newProject();
    const challenge = (await post('/v1/challenges', pair.enterpriseKey, challengeBody())).body;
    const before = (await get(`/v1/projects/${id}`, pair.schoolKey)).body.version;
    for (const key of ['has spaces', 'x'.repeat(201), 'café', '']) {
      for (const [path, token, body] of [
        ['/v1/projects', pair.enterpriseKey, projectBody(proposal.id)],
        [
          `/v1/projects/${id}/participants`,
          pair.schoolKey,
          { kind: 'teacher', personId: 'teacher-bad-key', name: 'Zhang Min', role: 'PI' },
        ],
        [
          `/v1/challenges/${challenge.id}/ndas`,
          pair.enterpriseKey,
          { schoolId: pair.schoolId, signedOn: '2026-03-01', signedBy: 'Dean Wu' },
        ],
      ] as const) {
        const refused = await post(path, token, body, key);
        expect([path, key, refused.status, refused.contentType, refused.body.errors?.[0]?.field]).toEqual([
          path,
          key,
          400,
          expect.stringContaining('application/problem+json'),
          'Idempotency-Key',
        ]);
      }
    }
    const project = (await get(`/v1/projects/${id}`, pair.schoolKey)).body;
    expect([project.participants, project.version]).toEqual([[], before]);
    expect((await get(`/v1/challenges/${challenge.id}`, pair.enterpriseKey)).body.ndas).toEqual([]);
    const projects = (await get('/v1/projects', pair.enterpriseKey)).body.items;
    expect(projects.filter((p: { proposalId: string }) => p.proposalId === proposal.id)).toEqual([]);
  });
});

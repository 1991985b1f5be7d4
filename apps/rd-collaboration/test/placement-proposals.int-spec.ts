import { randomUUID } from 'node:crypto';
import { Clock } from '@app/base';
import { deadLetterTopicOf, RdPlacementAccepted, RdPlacementProposed, RdPlacementRefused, Topics } from '@app/contracts';
import { documentedResponseSchema, httpJson, metricValue, responseProblems, TopicRecorder, waitFor } from '@app/testing';
import { projectBody, RdService, reviewerKey, seedPair, selectedProposal, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

describe('proposing a project student for an R&D internship (real Kafka + Mongo)', () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let recorder: TopicRecorder;
  let projectId: string;
  let studentParticipation: string;
  let teacherParticipation: string;
  let rollNumberParticipation: string;
  const studentId = randomUUID();
  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const propose = (token: string, body: unknown, participationId = studentParticipation) =>
    call('POST', `/v1/projects/${projectId}/participants/${participationId}/placement-proposals`, token, body);
  const proposals = () => recorder.withHeader('ce_type', RdPlacementProposed.type);
  const project = async () => (await call('GET', `/v1/projects/${projectId}`, pair.enterpriseKey)).body;
  const body = { role: 'Vision inspection intern', startDate: '2026-05-04', endDate: '2026-08-28' };
  /** Where the project as the enterprise reads it differs from the OpenAPI document's schema of GET /v1/projects/{id}. */
  const undocumented = async () =>
    responseProblems(
      documentedResponseSchema((await call('GET', '/docs-json', pair.enterpriseKey)).body, '/v1/projects/{id}', 'get', 200),
      await project(),
    );

  beforeAll(async () => {
    rd = await startRdCollaboration();
    recorder = new TopicRecorder(rd.kafka, [
      `${rd.prefix}${Topics.rdPlacementProposals}`,
      `${rd.prefix}${deadLetterTopicOf(Topics.rdPlacementDecisions)}`,
    ]);
    await recorder.start();
    pair = await seedPair(rd);
    const { proposal } = await selectedProposal(rd, pair);
    projectId = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id))).body.id;
    /** Adds a participant and answers its participation id. */
    const join = async (kind: 'student' | 'teacher', personId: string, name: string, role: string) => {
      const joined = await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, { kind, personId, name, role });
      return joined.body.participants.find((p: { personId: string }) => p.personId === personId).participationId as string;
    };
    studentParticipation = await join('student', studentId, 'Li Wei', 'Integration');
    teacherParticipation = await join('teacher', 'teacher-1', 'Zhang Min', 'PI');
    // A student named by the school's own roll number instead of the talent pipeline's student id.
    rollNumberParticipation = await join('student', 'S2019-0042', 'Wang Fang', 'Testing');
  });
  afterAll(async () => {
    await recorder?.stop();
    await rd?.close();
  });

  it('refuses bad input, the wrong party, a teacher and a start outside the project period, storing and publishing nothing', async () => {
    const before = (await project()).version;
    const missing = await propose(pair.enterpriseKey, { role: 'Intern' });
    expect(missing.status).toBe(400);
    expect(missing.contentType).toContain('application/problem+json');
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('startDate');
    const backwards = await propose(pair.enterpriseKey, { ...body, endDate: '2026-05-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { field: string }) => e.field)).toEqual(['endDate']);
    const unknownField = await propose(pair.enterpriseKey, { ...body, kind: 'job' });
    expect(unknownField.status).toBe(400);

    const outside = await propose(pair.enterpriseKey, { ...body, startDate: '2027-02-01', endDate: undefined });
    expect([outside.status, outside.body.errors?.[0]?.field]).toEqual([422, 'startDate']);
    const teacher = await propose(pair.schoolKey, body, teacherParticipation);
    expect([teacher.status, teacher.body.errors?.[0]?.field]).toEqual([422, 'participationId']);
    // The talent pipeline would refuse the proposal for good (its students are known by UUID): refused here, at once.
    const rollNumber = await propose(pair.schoolKey, body, rollNumberParticipation);
    expect([rollNumber.status, rollNumber.body.errors?.[0]?.field]).toEqual([422, 'participationId']);
    expect(rollNumber.body.errors[0].message).toContain('S2019-0042');
    expect((await propose(pair.schoolKey, body, randomUUID())).status).toBe(404);

    const stranger = await seedPair(rd);
    expect((await propose(stranger.enterpriseKey, body)).status).toBe(404);
    expect((await propose(stranger.schoolKey, body)).status).toBe(404);
    expect((await propose(await reviewerKey(rd, 'r-1'), body)).status).toBe(403);

    expect((await project()).version).toBe(before);
    expect((await project()).participants[0].placementProposal).toBeUndefined();
    const byRollNumber = (await project()).participants.find(
      (p: { participationId: string }) => p.participationId === rollNumberParticipation,
    );
    expect(byRollNumber.placementProposal).toBeUndefined();
  });

  it('links the participant to the placement id at once and publishes rd.placement.proposed.v1 once, keyed by the student', async () => {
    const answer = await propose(pair.enterpriseKey, body);
    expect(answer.status).toBe(201);
    const participant = answer.body.participants.find((p: { participationId: string }) => p.participationId === studentParticipation);
    expect(participant.placementProposal).toMatchObject({ ...body, proposedBy: 'enterprise' });
    const placementId = participant.placementProposal.placementId;
    expect(placementId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(participant.placementId).toBe(placementId);

    const record = await waitFor('the proposal on Kafka', () => proposals()[0]);
    expect(record.key).toBe(studentId);
    expect(record.headers.ce_subject).toBe(`projects/${projectId}`);
    expect(JSON.parse(record.value!)).toEqual({
      placementId,
      projectId,
      participationId: studentParticipation,
      enterpriseId: pair.enterpriseId,
      schoolId: pair.schoolId,
      studentId,
      ...body,
      proposedBy: 'enterprise',
      occurredAt: participant.placementProposal.proposedAt,
    });

    // The same proposal again (a retry, or the school repeating it): the same project, nothing published.
    const version = (await project()).version;
    const again = await propose(pair.schoolKey, body);
    expect(again.status).toBe(201);
    expect(again.body.version).toBe(version);
    // Other terms for the same student: a conflict naming the earlier placement.
    const other = await propose(pair.schoolKey, { ...body, role: 'Another role' });
    expect(other.status).toBe(409);
    expect(other.body.detail).toContain(placementId);
    // Give a second record the time to show up if one were (wrongly) published.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(proposals()).toHaveLength(1);
    expect((await project()).version).toBe(version);
  });

  it('keeps the talent pipeline’s answer on the proposal: a refusal unlinks the id and lets the student be proposed again; an answer to an earlier proposal changes nothing', async () => {
    const first = (await project()).participants.find((p: { participationId: string }) => p.participationId === studentParticipation);
    const { placementId, proposalEventId } = first.placementProposal;
    expect(proposalEventId).toBe(proposals()[0].headers.ce_id);
    const answer = { placementId, projectId, participationId: studentParticipation };
    const decisionOf = async () =>
      (await project()).participants.find((p: { participationId: string }) => p.participationId === studentParticipation);

    await rd.produce(
      RdPlacementRefused,
      {
        ...answer,
        proposalEventId,
        reason: 'no-agreement',
        detail: 'no active agreement covers a rd-internship starting 2026-05-04',
        occurredAt: new Date().toISOString(),
      },
      projectId,
    );
    const refused = await waitFor('the refusal on the project', async () => {
      const x = await decisionOf();
      return x.placementProposal.decision ? x : undefined;
    });
    expect(refused.placementProposal.decision).toEqual({
      status: 'refused',
      reason: 'no-agreement',
      detail: 'no active agreement covers a rd-internship starting 2026-05-04',
      decidedAt: expect.any(String),
    });
    expect(refused.placementId).toBeUndefined();
    // The answer is part of the project as the OpenAPI document describes it.
    expect(await undocumented()).toEqual([]);

    // An answer naming another proposal, then (same key, so after it) one for a project this service does not have.
    await rd.produce(RdPlacementAccepted, { ...answer, proposalEventId: randomUUID(), occurredAt: new Date().toISOString() }, projectId);
    const unknownProject = randomUUID();
    await rd.produce(
      RdPlacementAccepted,
      { ...answer, projectId: unknownProject, proposalEventId, occurredAt: new Date().toISOString() },
      projectId,
    );
    const letter = await waitFor('the answer for an unknown project dead-lettered', () =>
      recorder.messages.find((m) => m.value?.includes(unknownProject)),
    );
    expect(letter.headers['dlt-reason']).toBe('handler-failed');
    expect((await decisionOf()).placementProposal.decision.status).toBe('refused');

    // Refused: proposed again, with other terms, under the same placement id and a new event.
    const again = await propose(pair.schoolKey, { ...body, role: 'Line vision intern' });
    expect(again.status).toBe(201);
    const second = await waitFor('the second proposal on Kafka', () => proposals()[1]);
    expect(JSON.parse(second.value!)).toMatchObject({ placementId, role: 'Line vision intern', proposedBy: 'school' });
    const proposed = await decisionOf();
    expect(proposed.placementId).toBe(placementId);
    expect(proposed.placementProposal).toMatchObject({ placementId, role: 'Line vision intern', proposalEventId: second.headers.ce_id });
    expect(proposed.placementProposal.decision).toBeUndefined();

    await rd.produce(
      RdPlacementAccepted,
      { ...answer, proposalEventId: second.headers.ce_id!, occurredAt: new Date().toISOString() },
      projectId,
    );
    await waitFor('the acceptance on the project', async () => (await decisionOf()).placementProposal.decision?.status === 'accepted');
    // Accepted: other terms are a conflict again.
    expect((await propose(pair.schoolKey, body)).status).toBe(409);
  });

  it('shows a proposal the talent pipeline never answered as unanswered after RD_PLACEMENT_ANSWER_HOURS and counts it for the operators on /metrics; the same terms proposed again are sent again under a new event id, a late answer to an earlier sending is kept on it', async () => {
    /** rd_placement_proposals_unanswered on the service's /metrics, as Prometheus scrapes it. */
    const unansweredCounted = () => metricValue(rd.baseUrl, 'rd_placement_proposals_unanswered');
    const otherStudent = randomUUID();
    const joined = await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'student',
      personId: otherStudent,
      name: 'Chen Jie',
      role: 'Labelling',
    });
    const participation = joined.body.participants.find((p: { personId: string }) => p.personId === otherStudent).participationId;
    const row = async () => (await project()).participants.find((p: { participationId: string }) => p.participationId === participation);
    const sent = () => proposals().filter((m) => JSON.parse(m.value!).participationId === participation);
    const answer = (placementId: string, proposalEventId: string) => ({
      placementId,
      projectId,
      participationId: participation,
      proposalEventId,
      occurredAt: new Date().toISOString(),
    });

    const first = (await propose(pair.schoolKey, body, participation)).body.participants.find(
      (p: { participationId: string }) => p.participationId === participation,
    ).placementProposal;
    const { placementId } = first;
    const answerDueBy = new Date(Date.parse(first.proposedAt) + 24 * 3_600_000).toISOString();
    expect(first).toMatchObject({ status: 'awaiting-answer', answerDueBy });
    await waitFor('the first sending on Kafka', () => sent()[0]);
    // Awaiting: the same terms again change and send nothing.
    const version = (await project()).version;
    expect((await propose(pair.schoolKey, body, participation)).body.version).toBe(version);

    // The service's clock is moved past the answer's due instant instead of waiting a day.
    const clock = jest.spyOn(rd.app.get(Clock), 'now');
    const after = (iso: string) => clock.mockImplementation(() => new Date(Date.parse(iso) + 1000));
    try {
      after(answerDueBy);
      expect((await row()).placementProposal).toMatchObject({ status: 'unanswered', answerDueBy });
      // Counted (with any other proposal of this file unanswered by then: the readings are compared at one instant).
      const counted = (await unansweredCounted())!;
      expect(counted).toBeGreaterThanOrEqual(1);
      // The view carrying the new fields is the documented one.
      expect(await undocumented()).toEqual([]);
      // Other terms: a 409 saying why (the placement may yet be created under the first ones).
      const other = await propose(pair.schoolKey, { ...body, role: 'Another role' }, participation);
      expect([other.status, other.body.errors?.[0]?.field]).toEqual([409, 'participationId']);
      expect(other.body.detail).toContain('got no answer');
      // The same terms: sent again, same placement id, a new event; the first sending kept as unanswered.
      const again = await propose(pair.schoolKey, body, participation);
      expect(again.status).toBe(201);
      // Sent again: awaiting its answer, no longer counted.
      expect(await unansweredCounted()).toBe(counted - 1);
    } finally {
      clock.mockRestore();
    }
    const second = await waitFor('the second sending on Kafka', () => sent()[1]);
    expect(second.headers.ce_id).not.toBe(first.proposalEventId);
    expect(JSON.parse(second.value!)).toMatchObject({ placementId, studentId: otherStudent, ...body, proposedBy: 'school' });
    const resent = (await row()).placementProposal;
    expect(resent).toMatchObject({ placementId, proposalEventId: second.headers.ce_id, status: 'awaiting-answer', proposedBy: 'school' });
    expect(resent.unansweredAttempts).toEqual([
      { proposalEventId: first.proposalEventId, proposedBy: 'school', proposedAt: first.proposedAt },
    ]);
    expect((await row()).placementId).toBe(placementId);

    // A late refusal of the first sending: kept on it, the current proposal still awaits its own answer.
    await rd.produce(
      RdPlacementRefused,
      { ...answer(placementId, first.proposalEventId), reason: 'consent-missing', detail: 'no placement consent' },
      projectId,
    );
    const late = await waitFor('the late answer kept on the first sending', async () => {
      const p = (await row()).placementProposal;
      return p.unansweredAttempts[0].lateAnswer ? p : undefined;
    });
    expect(late.unansweredAttempts[0].lateAnswer).toMatchObject({ status: 'refused', reason: 'consent-missing' });
    expect(late.decision).toBeUndefined();
    expect(late.status).toBe('awaiting-answer');
    expect((await row()).placementId).toBe(placementId);

    // Unanswered again and sent a third time; then a late acceptance of the second sending answers
    // the current proposal too (same placement id and terms: the placement exists).
    const clockAgain = jest.spyOn(rd.app.get(Clock), 'now').mockImplementation(() => new Date(Date.parse(resent.answerDueBy) + 1000));
    try {
      expect((await propose(pair.enterpriseKey, body, participation)).status).toBe(201);
    } finally {
      clockAgain.mockRestore();
    }
    const third = await waitFor('the third sending on Kafka', () => sent()[2]);
    expect((await row()).placementProposal.unansweredAttempts.map((a: any) => a.proposalEventId)).toEqual([
      first.proposalEventId,
      second.headers.ce_id,
    ]);
    await rd.produce(RdPlacementAccepted, answer(placementId, second.headers.ce_id!), projectId);
    const adopted = await waitFor('the late acceptance on the proposal', async () => {
      const p = (await row()).placementProposal;
      return p.decision ? p : undefined;
    });
    expect(adopted).toMatchObject({ proposalEventId: third.headers.ce_id, status: 'accepted', decision: { status: 'accepted' } });
    expect(adopted.unansweredAttempts[1].lateAnswer).toMatchObject({ status: 'accepted' });
    // Answered: the same terms again change nothing, and nothing more is sent.
    const answeredVersion = (await project()).version;
    expect((await propose(pair.schoolKey, body, participation)).body.version).toBe(answeredVersion);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sent()).toHaveLength(3);
  });
});

import { randomUUID } from 'node:crypto';
import { Clock } from '@app/base';
import {
  deadLetterTopicOf,
  RdParticipationJoined,
  SecondmentRdParticipantChecked,
  TalentRdParticipantChecked,
  Topics,
} from '@app/contracts';
import { documentedResponseSchema, httpJson, metricValue, responseProblems, TopicRecorder, waitFor } from '@app/testing';
import { projectBody, RdService, seedPair, selectedProposal, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

const SECONDMENT = 'urn:school-enterprise:teacher-secondment';
const TALENT = 'urn:school-enterprise:talent-pipeline';

/**
 * The R&D service's side of ADR 0082 alone, the owners' answers produced as they would write them:
 * each participation starts `pending` with the joined event it published, takes the answer,
 * ignores a redelivery and an older answer, and leaves the refused out of head counts.
 */
describe("R&D participations checked by the person's owner: the R&D service's side (real Kafka + Mongo)", () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let recorder: TopicRecorder;
  let projectId: string;
  const participations: Record<'teacher' | 'student', { id: string; joinedEventId: string }> = {
    teacher: { id: '', joinedEventId: '' },
    student: { id: '', joinedEventId: '' },
  };
  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const project = async () => (await call('GET', `/v1/projects/${projectId}`, pair.schoolKey)).body;
  const checkOf = async (name: 'teacher' | 'student') =>
    (await project()).participants.find((p: { participationId: string }) => p.participationId === participations[name].id).check;
  const answer = (name: 'teacher' | 'student', outcome: 'confirmed' | 'refused', occurredAt: string, id = projectId) => ({
    participationId: participations[name].id,
    projectId: id,
    schoolId: pair.schoolId,
    joinedEventId: participations[name].joinedEventId,
    outcome,
    ...(outcome === 'refused' ? { reason: 'unknown-person' as const, detail: 'no teacher with this id' } : {}),
    occurredAt,
  });

  beforeAll(async () => {
    rd = await startRdCollaboration();
    recorder = new TopicRecorder(rd.kafka, [
      `${rd.prefix}${Topics.rdParticipation}`,
      `${rd.prefix}${deadLetterTopicOf(Topics.secondmentRdParticipantChecks)}`,
    ]);
    await recorder.start();
    pair = await seedPair(rd);
    const { proposal } = await selectedProposal(rd, pair);
    projectId = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id))).body.id;
  });
  afterAll(async () => {
    await recorder?.stop();
    await rd?.close();
  });

  it('adds a participant pending, naming the joined event it published, as documented', async () => {
    for (const kind of ['teacher', 'student'] as const) {
      const personId = randomUUID();
      const joined = await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, {
        kind,
        personId,
        name: 'Person',
        role: 'R&D',
      });
      expect(joined.status).toBe(201);
      const participant = joined.body.participants.find((p: { personId: string }) => p.personId === personId);
      const published = await waitFor(`the joined event of the ${kind}`, () =>
        recorder.withHeader('ce_type', RdParticipationJoined.type).find((m) => JSON.parse(m.value!).personId === personId),
      );
      expect(participant.check).toEqual({
        status: 'pending',
        joinedEventId: published.headers.ce_id,
        requestedAt: participant.joinedAt,
        answerDueBy: new Date(Date.parse(participant.joinedAt) + 24 * 3_600_000).toISOString(),
        overdue: false,
      });
      participations[kind] = { id: participant.participationId, joinedEventId: published.headers.ce_id };
    }
    const documented = documentedResponseSchema((await call('GET', '/docs-json', pair.schoolKey)).body, '/v1/projects/{id}', 'get', 200);
    expect(responseProblems(documented, await project())).toEqual([]);
  });

  it('keeps the answer, once: a redelivery and an older answer change nothing; the refused are out of head counts', async () => {
    const refused = await rd.produce(
      SecondmentRdParticipantChecked,
      answer('teacher', 'refused', '2026-04-20T08:00:01.000Z'),
      projectId,
      SECONDMENT,
    );
    const check = await waitFor('the refusal on the teacher', async () => {
      const found = await checkOf('teacher');
      return found.status === 'refused' ? found : undefined;
    });
    expect(check).toEqual({
      status: 'refused',
      joinedEventId: participations.teacher.joinedEventId,
      requestedAt: expect.any(String),
      reason: 'unknown-person',
      detail: 'no teacher with this id',
      checkedAt: '2026-04-20T08:00:01.000Z',
    });
    const version = (await project()).version;

    // The same record again, an older confirmation, then the student's answer on the same key (so after them, in order).
    await rd.resend(refused, Topics.secondmentRdParticipantChecks, projectId);
    await rd.produce(SecondmentRdParticipantChecked, answer('teacher', 'confirmed', '2026-04-20T08:00:00.000Z'), projectId, SECONDMENT);
    await rd.produce(TalentRdParticipantChecked, answer('student', 'confirmed', '2026-04-20T08:00:02.000Z'), projectId, TALENT);
    await waitFor('the student confirmed', async () => (await checkOf('student')).status === 'confirmed');
    expect(await checkOf('teacher')).toEqual(check);
    // The redelivery was not applied a second time (the older answer is applied, and changes nothing but the version).
    expect((await project()).version).toBe(version + 2);

    const people = (await call('GET', `/v1/projects/${projectId}/closure-report`, pair.schoolKey)).body.people;
    expect(people).toMatchObject({ teachers: 0, students: 1, refused: 1 });

    // A newer answer wins: the teacher confirmed (registered after being named).
    await rd.produce(SecondmentRdParticipantChecked, answer('teacher', 'confirmed', '2026-04-21T09:00:00.000Z'), projectId, SECONDMENT);
    await waitFor('the teacher confirmed', async () => (await checkOf('teacher')).status === 'confirmed');
    expect(await checkOf('teacher')).toEqual({
      status: 'confirmed',
      joinedEventId: participations.teacher.joinedEventId,
      requestedAt: check.requestedAt,
      checkedAt: '2026-04-21T09:00:00.000Z',
    });
  });

  it('dead-letters only an answer for a project it does not have', async () => {
    const stray = randomUUID();
    await rd.produce(SecondmentRdParticipantChecked, answer('teacher', 'confirmed', new Date().toISOString(), stray), stray, SECONDMENT);
    const dead = await waitFor('the stray answer dead-lettered', () =>
      recorder.messages.find((m) => m.topic === `${rd.prefix}${deadLetterTopicOf(Topics.secondmentRdParticipantChecks)}`),
    );
    expect([dead.key, dead.headers['dlt-reason']]).toEqual([stray, 'handler-failed']);
    expect(recorder.messages.filter((m) => m.topic.endsWith('.dlt'))).toHaveLength(1);
  });

  // ADR 0082 addendum: an owner that never answers (it dead-lettered the joined event, or is down).
  it('shows a check still pending after RD_PARTICIPANT_CHECK_HOURS overdue and counts it for its owner on /metrics (not a withdrawn row’s, nor a closed project’s); a late answer settles it', async () => {
    /** rd_participant_checks_overdue{owner} on the service's /metrics, as Prometheus scrapes it. */
    const overdueOf = (owner: string) => metricValue(rd.baseUrl, 'rd_participant_checks_overdue', { owner });
    const join = async (kind: 'teacher' | 'student', id = projectId) => {
      const personId = randomUUID();
      const joined = await call('POST', `/v1/projects/${id}/participants`, pair.schoolKey, { kind, personId, name: 'P', role: 'R' });
      return joined.body.participants.find((p: { personId: string }) => p.personId === personId);
    };
    const student = await join('student');
    const withdrawn = await join('teacher');
    const { check: withdrawnCheck } = (
      await call('POST', `/v1/projects/${projectId}/participants/${withdrawn.participationId}/withdrawal`, pair.schoolKey, {
        reason: 'entered-in-error',
      })
    ).body.participants.find((p: { participationId: string }) => p.participationId === withdrawn.participationId);
    // A project closed while its student's check is pending: nobody waits for that answer any more either.
    const closedId = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody((await selectedProposal(rd, pair)).proposal.id)))
      .body.id;
    const closedStudent = await join('student', closedId);
    expect((await call('POST', `/v1/projects/${closedId}/close`, pair.enterpriseKey, { summary: 'Stopped early.' })).status).toBe(200);
    expect([await overdueOf('talent-pipeline'), await overdueOf('teacher-secondment')]).toEqual([0, 0]);

    // The service's clock is moved an hour past the due instant of every check above instead of waiting a day; nothing answers meanwhile.
    const clock = jest
      .spyOn(rd.app.get(Clock), 'now')
      .mockImplementation(() => new Date(Date.parse(closedStudent.check.answerDueBy) + 3_600_000));
    try {
      const rowOf = async (id: string, of = projectId) =>
        (await call('GET', `/v1/projects/${of}`, pair.schoolKey)).body.participants.find(
          (p: { participationId: string }) => p.participationId === id,
        ).check;
      expect(await rowOf(student.participationId)).toEqual({ ...student.check, status: 'pending', overdue: true });
      // The withdrawn teacher's and the closed project's student's pending checks wait for nobody: still pending,
      // but with no due instant nor overdue (the schema allows both absent), and not counted for the alert.
      const { answerDueBy, overdue, ...asked } = withdrawn.check;
      expect([answerDueBy, overdue]).toEqual([expect.any(String), false]);
      expect([withdrawnCheck, await rowOf(withdrawn.participationId)]).toEqual([asked, asked]);
      const { answerDueBy: _due, overdue: _overdue, ...closedAsked } = closedStudent.check;
      expect(await rowOf(closedStudent.participationId, closedId)).toEqual(closedAsked);
      const documented = documentedResponseSchema((await call('GET', '/docs-json', pair.schoolKey)).body, '/v1/projects/{id}', 'get', 200);
      expect(responseProblems(documented, await project())).toEqual([]);
      expect(responseProblems(documented, (await call('GET', `/v1/projects/${closedId}`, pair.schoolKey)).body)).toEqual([]);
      expect([await overdueOf('talent-pipeline'), await overdueOf('teacher-secondment')]).toEqual([1, 0]);

      const joinedEventId = student.check.joinedEventId;
      await rd.produce(
        TalentRdParticipantChecked,
        {
          participationId: student.participationId,
          projectId,
          schoolId: pair.schoolId,
          joinedEventId,
          outcome: 'confirmed',
          occurredAt: new Date().toISOString(),
        },
        projectId,
        TALENT,
      );
      const settled = await waitFor('the late answer', async () => {
        const check = await rowOf(student.participationId);
        return check.status === 'confirmed' ? check : undefined;
      });
      expect(settled).toEqual({
        status: 'confirmed',
        joinedEventId,
        requestedAt: student.check.requestedAt,
        checkedAt: expect.any(String),
      });
      expect(await overdueOf('talent-pipeline')).toBe(0);
    } finally {
      clock.mockRestore();
    }
  });
});

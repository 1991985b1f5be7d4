import { randomUUID } from 'node:crypto';
import { Clock } from '@app/base';
import {
  PlacementStarted,
  RdHoursLogged,
  RdParticipationJoined,
  RdParticipationWithdrawn,
  SecondmentRdParticipantChecked,
  SecondmentStarted,
  Topics,
} from '@app/contracts';
import { documentedResponseSchema, httpJson, metricValue, responseProblems, TopicRecorder, waitFor } from '@app/testing';
import {
  placementOutcomeData,
  projectBody,
  RdService,
  secondmentData,
  seedPair,
  selectedProposal,
  startRdCollaboration,
} from './rd-collaboration.harness';

jest.setTimeout(120_000);

type Row = { participationId: string; personId: string; check: { status: string }; withdrawal?: unknown; secondmentId?: string };

/**
 * ADR 0082 addendum: the school takes a participant off its project (the wrong id, or a person who
 * left). The row stays, flagged with when, why and which side; it takes no more hours or proposals,
 * leaves the head counts when entered in error, links nothing new, and the person may be added again.
 */
describe('R&D participants withdrawn by the school (real Kafka + Mongo)', () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let other: Awaited<ReturnType<typeof seedPair>>;
  let recorder: TopicRecorder;
  let projectId: string;
  const teacherId = `teacher-${randomUUID().slice(0, 8)}`;
  const leaverId = `teacher-${randomUUID().slice(0, 8)}`;
  const studentId = randomUUID();
  const ids: Record<'teacher' | 'leaver' | 'student', string> = { teacher: '', leaver: '', student: '' };
  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const project = async () => (await call('GET', `/v1/projects/${projectId}`, pair.schoolKey)).body;
  const rowsOf = async (personId: string): Promise<Row[]> => (await project()).participants.filter((p: Row) => p.personId === personId);
  const withdraw = (participationId: string, reason: string, token = pair.schoolKey) =>
    call('POST', `/v1/projects/${projectId}/participants/${participationId}/withdrawal`, token, { reason });
  const join = (kind: 'teacher' | 'student', personId: string) =>
    call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, { kind, personId, name: 'Person', role: 'R&D' });
  const scorecard = async () =>
    (await call('GET', `/v1/scorecards/${pair.schoolId}/${pair.enterpriseId}?from=2026-Q1&to=2026-Q4`, pair.schoolKey)).body.totals;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    recorder = new TopicRecorder(rd.kafka, [`${rd.prefix}${Topics.rdParticipation}`]);
    await recorder.start();
    pair = await seedPair(rd);
    other = await seedPair(rd);
    const { proposal } = await selectedProposal(rd, pair);
    projectId = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id))).body.id;
    for (const [name, kind, personId] of [
      ['teacher', 'teacher', teacherId],
      ['leaver', 'teacher', leaverId],
      ['student', 'student', studentId],
    ] as const) {
      const joined = await join(kind, personId);
      ids[name] = joined.body.participants.find((p: Row) => p.personId === personId).participationId;
    }
  });
  afterAll(async () => {
    await recorder?.stop();
    await rd?.close();
  });

  it('withdraws a refused participant: the row stays flagged (when, why, which side), as documented, and leaves the head counts', async () => {
    const joinedEvent = await waitFor('the joined event of the teacher', () =>
      recorder.withHeader('ce_type', RdParticipationJoined.type).find((m) => JSON.parse(m.value!).personId === teacherId),
    );
    await rd.produce(
      SecondmentRdParticipantChecked,
      {
        participationId: ids.teacher,
        projectId,
        schoolId: pair.schoolId,
        joinedEventId: joinedEvent.headers.ce_id!,
        outcome: 'refused',
        reason: 'unknown-person',
        detail: 'no teacher with this id',
        occurredAt: new Date().toISOString(),
      },
      projectId,
      'urn:school-enterprise:teacher-secondment',
    );
    await waitFor('the refusal', async () => (await rowsOf(teacherId))[0].check.status === 'refused');

    const before = Date.now();
    const withdrawn = await withdraw(ids.teacher, 'entered-in-error');
    expect(withdrawn.status).toBe(200);
    const documented = documentedResponseSchema(
      (await call('GET', '/docs-json', pair.schoolKey)).body,
      '/v1/projects/{id}/participants/{participationId}/withdrawal',
      'post',
      200,
    );
    expect(responseProblems(documented, withdrawn.body)).toEqual([]);
    const row = withdrawn.body.participants.find((p: Row) => p.participationId === ids.teacher);
    expect(row).toMatchObject({ personId: teacherId, check: { status: 'refused' } });
    expect(row.withdrawal).toEqual({ reason: 'entered-in-error', withdrawnAt: expect.any(String), withdrawnBy: 'school' });
    expect(Date.parse(row.withdrawal.withdrawnAt)).toBeGreaterThanOrEqual(before - 1000);

    expect((await withdraw(ids.student, 'entered-in-error')).status).toBe(200);
    const logged = await call('POST', `/v1/projects/${projectId}/participants/${ids.leaver}/hours`, pair.schoolKey, {
      date: '2026-05-04',
      hours: 3,
      activity: 'Fixture design',
    });
    expect(logged.status).toBe(201);
    expect((await withdraw(ids.leaver, 'left-project')).status).toBe(200);
    // The one who left took part and still counts, hours included; the refused one corrected is no longer `refused`.
    const people = (await call('GET', `/v1/projects/${projectId}/closure-report`, pair.schoolKey)).body.people;
    expect(people).toEqual({ teachers: 1, students: 0, refused: 0, enteredInError: 2, teacherHours: 3 });
  });

  it('takes no more hours on a row entered in error nor placement proposals on a withdrawn row; the same withdrawal again changes nothing, another reason is a 409', async () => {
    const hours = await call('POST', `/v1/projects/${projectId}/participants/${ids.teacher}/hours`, pair.schoolKey, {
      date: '2026-05-05',
      hours: 2,
      activity: 'Calibration',
    });
    expect([hours.status, hours.contentType]).toEqual([409, expect.stringContaining('application/problem+json')]);
    expect(hours.body.errors.map((e: { field: string }) => e.field)).toEqual(['participationId']);
    const proposal = await call('POST', `/v1/projects/${projectId}/participants/${ids.student}/placement-proposals`, pair.enterpriseKey, {
      role: 'Vision intern',
      startDate: '2026-06-01',
    });
    expect(proposal.status).toBe(409);

    const version = (await project()).version;
    expect((await withdraw(ids.leaver, 'left-project')).status).toBe(200);
    expect((await project()).version).toBe(version);
    const rewritten = await withdraw(ids.leaver, 'entered-in-error');
    expect([rewritten.status, rewritten.contentType]).toEqual([409, expect.stringContaining('application/problem+json')]);
    expect((await project()).version).toBe(version);
  });

  it('refuses bad input (400 naming the field), the enterprise (403), another school (404) and an unknown participation (404)', async () => {
    const bad = await call('POST', `/v1/projects/${projectId}/participants/${ids.leaver}/withdrawal`, pair.schoolKey, { reason: 'bored' });
    expect([bad.status, bad.contentType]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    expect((await withdraw(ids.leaver, 'left-project', pair.enterpriseKey)).status).toBe(403);
    expect((await withdraw(ids.leaver, 'left-project', other.schoolKey)).status).toBe(404);
    expect((await withdraw(randomUUID(), 'left-project')).status).toBe(404);
  });

  it('lets the person be added again; the row entered in error links no secondment or placement and leaves the trail; each withdrawal is published once', async () => {
    const again = await join('teacher', teacherId);
    expect(again.status).toBe(201);
    const [old, current] = again.body.participants.filter((p: Row) => p.personId === teacherId);
    expect([old.participationId, old.withdrawal !== undefined, current.withdrawal, current.check.status]).toEqual([
      ids.teacher,
      true,
      undefined,
      'pending',
    ]);

    const secondmentId = `secondment-${randomUUID()}`;
    await rd.produce(
      SecondmentStarted,
      secondmentData({ secondmentId, teacherId, schoolId: pair.schoolId, enterpriseId: pair.enterpriseId }),
      secondmentId,
    );
    const placementId = `placement-${randomUUID()}`;
    await rd.produce(
      PlacementStarted,
      placementOutcomeData(
        { placementId, schoolId: pair.schoolId, enterpriseId: pair.enterpriseId, studentId },
        'started',
        '2026-06-01T08:00:00Z',
      ),
      pair.schoolId,
    );
    // Each handler links before it counts on the scorecard: once counted, the link was decided.
    await waitFor('both events counted', async () => {
      const totals = await scorecard();
      return totals.secondmentsHosted === 1 && totals.placementsStarted === 1;
    });
    const teacherRows = await rowsOf(teacherId);
    expect(teacherRows.map((r) => r.secondmentId)).toEqual([undefined, secondmentId]);
    const after = await project();
    expect(after.placementLinks).toEqual([]);
    expect(after.participants.find((p: Row) => p.personId === studentId).placementId).toBeUndefined();

    // The trail shows the current row; a person named only in error has none here.
    const trail = (await call('GET', `/v1/trails/teachers/${teacherId}`, pair.schoolKey)).body;
    expect(trail.projects).toEqual([expect.objectContaining({ projectId, joinedAt: current.joinedAt, linkedSecondmentId: secondmentId })]);
    expect((await call('GET', `/v1/trails/students/${studentId}`, pair.schoolKey)).status).toBe(404);

    // Each withdrawal was published once, keyed by the person, naming the hours published for its row (none here).
    await waitFor('the second join published', () =>
      recorder.messages.filter((m) => m.headers.ce_type === RdParticipationJoined.type && JSON.parse(m.value!).personId === teacherId)
        .length === 2
        ? true
        : undefined,
    );
    const leaverHours = recorder.withHeader('ce_type', RdHoursLogged.type).map((m) => JSON.parse(m.value!).entryId);
    expect(leaverHours).toHaveLength(1);
    const withdrawals = recorder.withHeader('ce_type', RdParticipationWithdrawn.type);
    expect(withdrawals.map((m) => [m.key, JSON.parse(m.value!)])).toEqual(
      (
        [
          [ids.teacher, 'teacher', teacherId, 'entered-in-error'],
          [ids.student, 'student', studentId, 'entered-in-error'],
          [ids.leaver, 'teacher', leaverId, 'left-project', leaverHours],
        ] as const
      ).map(([participationId, participantKind, personId, reason, hoursEntryIds = []]) => [
        personId,
        {
          participationId,
          projectId,
          enterpriseId: pair.enterpriseId,
          schoolId: pair.schoolId,
          participantKind,
          personId,
          reason,
          hoursEntryIds,
          occurredAt: expect.any(String),
        },
      ]),
    );
    expect(
      recorder.messages
        .map((m) => m.headers.ce_type)
        .filter((type) => !([RdParticipationJoined.type, RdParticipationWithdrawn.type, RdHoursLogged.type] as string[]).includes(type!)),
    ).toEqual([]);
  });

  /** The service's one Clock, moved to `iso` (as the overdue-check tests move it) until restored. */
  const clockAt = (iso: string) => jest.spyOn(rd.app.get(Clock), 'now').mockImplementation(() => new Date(iso));
  const publishedOf = (type: string, match: (data: Record<string, unknown>) => boolean) =>
    waitFor(`a ${type}`, () => recorder.withHeader('ce_type', type).find((m) => match(JSON.parse(m.value!))));

  it('records the times of a join, its check, hours, a withdrawal and a milestone on the service clock, which a moved clock moves', async () => {
    const personId = `teacher-${randomUUID().slice(0, 8)}`;
    const joinedAt = '2026-06-15T09:30:00.000Z';
    const withdrawnAt = '2026-07-01T16:00:00.000Z';
    const clock = clockAt(joinedAt);
    try {
      const row = (await join('teacher', personId)).body.participants.find((p: Row) => p.personId === personId);
      expect(row).toMatchObject({ joinedAt, check: { status: 'pending', requestedAt: joinedAt, overdue: false } });
      const logged = await call('POST', `/v1/projects/${projectId}/participants/${row.participationId}/hours`, pair.schoolKey, {
        date: '2026-06-15',
        hours: 2,
        activity: 'Set-up',
      });
      expect(logged.status).toBe(201);
      const joined = await publishedOf(RdParticipationJoined.type, (d) => d.personId === personId);
      const hours = await publishedOf(RdHoursLogged.type, (d) => d.teacherId === personId);
      expect([JSON.parse(joined.value!).occurredAt, JSON.parse(hours.value!).occurredAt]).toEqual([joinedAt, joinedAt]);

      clock.mockImplementation(() => new Date(withdrawnAt));
      const withdrawn = await withdraw(row.participationId, 'left-project');
      expect(withdrawn.body.participants.find((p: Row) => p.personId === personId).withdrawal).toEqual({
        reason: 'left-project',
        withdrawnAt,
        withdrawnBy: 'school',
      });
      const published = await publishedOf(RdParticipationWithdrawn.type, (d) => d.personId === personId);
      expect(JSON.parse(published.value!).occurredAt).toBe(withdrawnAt);
      const milestone = await call('POST', `/v1/projects/${projectId}/milestones`, pair.enterpriseKey, {
        title: 'Prototype',
        deliverables: ['A working fixture'],
        dueOn: '2026-09-30',
      });
      expect(milestone.body.milestones.at(-1).history).toEqual([{ status: 'planned', at: withdrawnAt, by: 'enterprise' }]);
    } finally {
      clock.mockRestore();
    }
  });

  it('still logs and publishes a leaver’s hours dated up to the withdrawal day (schools log late), refuses later days naming `date`', async () => {
    const personId = `teacher-${randomUUID().slice(0, 8)}`;
    // 07:00 on 1 July at a school in Shanghai (UTC+8), still 30 June in UTC: the withdrawal day is the
    // latest calendar day anywhere (UTC+14, 13:00 on 1 July), so the school keeps the day it withdrew on.
    const clock = clockAt('2026-06-30T23:00:00.000Z');
    try {
      const participationId = (await join('teacher', personId)).body.participants.find((p: Row) => p.personId === personId).participationId;
      const hoursOf = (date: string, key?: string) =>
        httpJson('POST', `${rd.baseUrl}/v1/projects/${projectId}/participants/${participationId}/hours`, {
          token: pair.schoolKey,
          body: { date, hours: 4, activity: 'Testing' },
          ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
        });
      // Logged before leaving: one dated before, one dated after the withdrawal day (planned work, logged ahead).
      expect((await hoursOf('2026-06-20', 'before')).status).toBe(201);
      expect((await hoursOf('2026-07-10', 'ahead')).status).toBe(201);
      expect((await withdraw(participationId, 'left-project')).status).toBe(200);
      const withdrawal = JSON.parse((await publishedOf(RdParticipationWithdrawn.type, (d) => d.personId === personId)).value!);

      const late = await hoursOf('2026-07-01', 'late');
      expect(late.status).toBe(201);
      const lateEntry = late.body.hours.at(-1);
      expect(lateEntry).toMatchObject({ participationId, date: '2026-07-01', hours: 4, published: true });
      // A retry of either is answered as the first time, and stored and published once.
      expect((await hoursOf('2026-07-01', 'late')).status).toBe(201);
      expect((await hoursOf('2026-07-10', 'ahead')).status).toBe(201);

      const after = await hoursOf('2026-07-02');
      expect([after.status, after.contentType]).toEqual([409, expect.stringContaining('application/problem+json')]);
      expect(after.body.errors.map((e: { field: string }) => e.field)).toEqual(['date']);

      const rows = (await project()).hours.filter((h: { participationId: string }) => h.participationId === participationId);
      expect(rows.map((h: { date: string }) => h.date)).toEqual(['2026-06-20', '2026-07-10', '2026-07-01']);
      // The late hours are published as any teacher's (the secondment service credits them); the withdrawal
      // published before names only the hours logged until then, and a leaver's hours stand anyway.
      await publishedOf(RdHoursLogged.type, (d) => d.entryId === lateEntry.entryId);
      const published = recorder.withHeader('ce_type', RdHoursLogged.type).filter((m) => JSON.parse(m.value!).teacherId === personId);
      expect(published.map((m) => [m.key, JSON.parse(m.value!).date])).toEqual([
        [personId, '2026-06-20'],
        [personId, '2026-07-10'],
        [personId, '2026-07-01'],
      ]);
      expect(withdrawal).toMatchObject({
        reason: 'left-project',
        hoursEntryIds: rows.slice(0, 2).map((h: { entryId: string }) => h.entryId),
      });
    } finally {
      clock.mockRestore();
    }
  });

  // No undo of a withdrawal (ADR 0082, last addendum): adding the person again is the way back.
  it('counts a person withdrawn and added again once, and hours re-logged after a withdrawal in error once', async () => {
    const people = async () => (await call('GET', `/v1/projects/${projectId}/closure-report`, pair.schoolKey)).body.people;
    const before = await people();
    const mistaken = `teacher-${randomUUID().slice(0, 8)}`;
    const logOn = async (personId: string) => {
      const row = (await project()).participants.find((p: Row) => p.personId === personId && !p.withdrawal);
      const logged = await call('POST', `/v1/projects/${projectId}/participants/${row.participationId}/hours`, pair.schoolKey, {
        date: '2026-05-11',
        hours: 5,
        activity: 'Trials',
      });
      expect(logged.status).toBe(201);
      return row.participationId;
    };
    // A real teacher withdrawn as entered in error by mistake: added again, the hours logged again on the new row.
    await join('teacher', mistaken);
    expect((await withdraw(await logOn(mistaken), 'entered-in-error')).status).toBe(200);
    expect((await join('teacher', mistaken)).status).toBe(201);
    await logOn(mistaken);
    // The leaver came back.
    expect((await join('teacher', leaverId)).status).toBe(201);

    expect(await people()).toEqual({
      ...before,
      teachers: before.teachers + 1,
      enteredInError: before.enteredInError + 1,
      teacherHours: before.teacherHours + 5,
    });
    expect((await rowsOf(leaverId)).map((r) => r.check.status)).toEqual(['pending', 'pending']);
  });

  it('shows the unanswered proposal of a student withdrawn since as awaiting its answer with no due instant, and does not count it for the operators', async () => {
    const proposed = randomUUID();
    const participationId = (await join('student', proposed)).body.participants.find((p: Row) => p.personId === proposed).participationId;
    const sent = await call('POST', `/v1/projects/${projectId}/participants/${participationId}/placement-proposals`, pair.enterpriseKey, {
      role: 'Vision intern',
      startDate: '2026-06-01',
    });
    expect(sent.status).toBe(201);
    // No talent pipeline runs here: the proposal is never answered.
    const proposalOf = async () =>
      (await project()).participants.find((p: { participationId: string }) => p.participationId === participationId).placementProposal;
    const { answerDueBy } = await proposalOf();
    const unanswered = async () => (await metricValue(rd.baseUrl, 'rd_placement_proposals_unanswered'))!;
    // One instant for every reading, so that only the withdrawal changes the count.
    const clock = clockAt(new Date(Date.parse(answerDueBy) + 1_000).toISOString());
    try {
      expect(await proposalOf()).toMatchObject({ status: 'unanswered', answerDueBy });
      const counted = await unanswered();
      expect(counted).toBeGreaterThanOrEqual(1);
      expect((await withdraw(participationId, 'left-project')).status).toBe(200);
      const shown = await proposalOf();
      expect(shown.status).toBe('awaiting-answer');
      expect(shown).not.toHaveProperty('answerDueBy');
      expect(await unanswered()).toBe(counted - 1);
    } finally {
      clock.mockRestore();
    }
  });
});

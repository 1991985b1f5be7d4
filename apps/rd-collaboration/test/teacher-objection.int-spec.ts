import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Clock } from '@app/base';
import { ConsentChanged, deadLetterTopicOf, TeacherHostObjectionChanged, Topics } from '@app/contracts';
import { httpJson, testMongoUri, TopicRecorder, waitFor } from '@app/testing';
import {
  ADMIN_TOKEN,
  challengeBody,
  projectBody,
  proposalBody,
  RdService,
  reviewerKey,
  seedPair,
  selectedProposal,
  startRdCollaboration,
} from './rd-collaboration.harness';

jest.setTimeout(120_000);

const SECONDMENT = 'urn:school-enterprise:teacher-secondment';
const TALENT = 'urn:school-enterprise:talent-pipeline';

describe("a teacher's objection to hosts reading their finished work reaches R&D (ADR 0077; real Kafka + Mongo)", () => {
  let rd: RdService;
  let mongo: MongoClient;
  let deadLetters: TopicRecorder;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let closedId: string;
  let activeId: string;
  const teacherId = randomUUID();
  const teacherName = `Zhang Min ${randomUUID().slice(0, 6)}`;
  const teacherRole = `Vision lead ${randomUUID().slice(0, 6)}`;
  const activity = `${teacherName} calibrated the cameras`;
  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await call(method, path, token, body);
    if (response.status >= 300) throw new Error(`${method} ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const teacherRowIn = (project: any, who = teacherId) => project.participants.find((p: any) => p.personId === who);
  const asEnterprise = (projectId: string) => ok('GET', `/v1/projects/${projectId}`, pair.enterpriseKey);
  const ledger = async (who = teacherId) => (await ok('GET', `/v1/privacy/disclosures/${who}`, ADMIN_TOKEN)).items as any[];
  const objection = (changedAt: string, objecting: boolean, who = teacherId) => ({
    teacherId: who,
    schoolId: pair.schoolId,
    objecting,
    ...(objecting ? { since: '2026-12-01T08:00:00Z' } : {}),
    changedAt,
  });
  const copies = () => mongo.db().collection('teacher_objection_copies');

  /** A project of the pair with the teacher on it and an hours entry of theirs. */
  const projectWithTeacher = async (who = teacherId) => {
    const { proposal } = await selectedProposal(rd, pair);
    const project = await ok('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id));
    const joined = await ok('POST', `/v1/projects/${project.id}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: who,
      name: teacherName,
      role: teacherRole,
    });
    await ok('POST', `/v1/projects/${project.id}/participants/${teacherRowIn(joined, who).participationId}/hours`, pair.schoolKey, {
      date: '2026-05-04',
      hours: 6,
      activity,
    });
    return project.id as string;
  };

  beforeAll(async () => {
    rd = await startRdCollaboration();
    mongo = await new MongoClient(testMongoUri(rd.database)).connect();
    deadLetters = new TopicRecorder(rd.kafka, [`${rd.prefix}${deadLetterTopicOf(Topics.teacherPrivacy)}`]);
    await deadLetters.start();
    pair = await seedPair(rd);
    closedId = await projectWithTeacher();
    activeId = await projectWithTeacher();
    await ok('POST', `/v1/projects/${closedId}/close`, pair.enterpriseKey, { summary: 'Line trial passed.' });
  });
  afterAll(async () => {
    await deadLetters?.stop();
    await mongo?.close();
    await rd?.close();
  });

  it('redacts the teacher in closed projects while they object, records nothing for the row, keeps active projects whole, and ignores late changes', async () => {
    // No objection: the enterprise sees the teacher whole in the closed project, and the read is a disclosure.
    const before = await asEnterprise(closedId);
    expect(before.status).toBe('closed');
    expect(teacherRowIn(before)).toMatchObject({ name: teacherName, role: teacherRole });
    expect(before.hours[0]).toMatchObject({ personId: teacherId, activity });
    await waitFor('the closed project read in the ledger', async () =>
      (await ledger()).some((e) => e.basis.agreementId === closedId && e.purpose === 'GET /v1/projects/{id}'),
    );

    // The objection arrives as the secondment service publishes it.
    await rd.produce(TeacherHostObjectionChanged, objection('2026-12-06T09:00:00Z', true), teacherId, SECONDMENT);
    await waitFor('the objection to redact the closed project', async () => teacherRowIn(await asEnterprise(closedId)).redacted === true);
    const recordedBefore = new Set((await ledger()).map((e) => e.disclosureId));
    const redacted = await asEnterprise(closedId);
    // Exactly as an unconsented student's row: ids kept, no name, role or activity.
    expect(teacherRowIn(redacted)).toEqual({
      participationId: teacherRowIn(before).participationId,
      kind: 'teacher',
      personId: teacherId,
      joinedAt: teacherRowIn(before).joinedAt,
      // The owner's check of the participation (ADR 0082) says nothing of the person: kept.
      check: teacherRowIn(before).check,
      redacted: true,
    });
    expect(redacted.hours[0]).toMatchObject({ personId: teacherId, hours: 6, redacted: true });
    expect(JSON.stringify(redacted)).not.toContain(teacherName);
    expect(JSON.stringify(redacted)).not.toContain(teacherRole);
    expect(JSON.stringify(redacted)).not.toContain(activity);

    // The active project stays whole: the collaboration cannot run without knowing who works on it.
    const active = await asEnterprise(activeId);
    expect(teacherRowIn(active)).toMatchObject({ name: teacherName, role: teacherRole });
    expect(active.hours[0]).toMatchObject({ activity });
    // A list answers per project: the same teacher redacted in the closed one, whole in the active one.
    const listed = (await ok('GET', '/v1/projects', pair.enterpriseKey)).items;
    expect(teacherRowIn(listed.find((p: any) => p.id === closedId))).toMatchObject({ redacted: true });
    expect(teacherRowIn(listed.find((p: any) => p.id === activeId))).toMatchObject({ name: teacherName });
    // The trail lists the closed project without the teacher's role.
    const trail = await ok('GET', `/v1/trails/teachers/${teacherId}`, pair.enterpriseKey);
    expect(trail.projects.find((p: any) => p.projectId === closedId)).toMatchObject({ redacted: true });
    expect(trail.projects.find((p: any) => p.projectId === closedId).role).toBeUndefined();
    expect(trail.projects.find((p: any) => p.projectId === activeId)).toMatchObject({ role: teacherRole });
    // The school and the operator still see the teacher whole.
    expect(teacherRowIn(await ok('GET', `/v1/projects/${closedId}`, pair.schoolKey))).toMatchObject({ name: teacherName });
    expect(teacherRowIn(await ok('GET', `/v1/projects/${closedId}`, ADMIN_TOKEN))).toMatchObject({ name: teacherName });

    // The ledger (written before each answer leaves) records what was shown: the active project,
    // the list (for the active project's row) and the trail; never the redacted row.
    const since = (await ledger()).filter((e) => !recordedBefore.has(e.disclosureId));
    expect(since.map((e) => e.purpose).sort()).toEqual([
      'GET /v1/projects',
      'GET /v1/projects/{id}',
      'GET /v1/trails/teachers/{teacherId}',
    ]);
    expect(since.filter((e) => e.basis.agreementId === closedId)).toEqual([]);
    expect(since.find((e) => e.purpose === 'GET /v1/projects')).toMatchObject({
      basis: { kind: 'agreement', agreementId: activeId },
      fields: ['name', 'role', 'hours.activity'],
    });
    expect(since.find((e) => e.purpose === 'GET /v1/trails/teachers/{teacherId}')).toMatchObject({
      basis: { kind: 'agreement', agreementId: activeId },
    });
    // A read of the closed project alone records nothing.
    const count = (await ledger()).length;
    await asEnterprise(closedId);
    expect((await ledger()).length).toBe(count);

    // Withdrawn: whole again.
    await rd.produce(TeacherHostObjectionChanged, objection('2026-12-08T09:00:00Z', false), teacherId, SECONDMENT);
    await waitFor('the withdrawal to show the teacher again', async () => teacherRowIn(await asEnterprise(closedId)).name === teacherName);
    expect((await asEnterprise(closedId)).hours[0]).toMatchObject({ activity });

    // An older filing arriving late (and a redelivery of it) changes nothing; a later record on the same key shows it was consumed.
    const late = await rd.produce(TeacherHostObjectionChanged, objection('2026-12-07T09:00:00.000Z', true), teacherId, SECONDMENT);
    await rd.resend(late, Topics.teacherPrivacy, teacherId);
    const marker = randomUUID();
    await rd.produce(TeacherHostObjectionChanged, { ...objection('2026-12-07T09:00:00Z', true), teacherId: marker }, teacherId, SECONDMENT);
    await waitFor('the later record on the same key', async () => (await copies().countDocuments({ _id: marker as never })) === 1);
    expect(await copies().findOne({ _id: teacherId as never })).toMatchObject({ objecting: false, changedAt: '2026-12-08T09:00:00Z' });
    expect(teacherRowIn(await asEnterprise(closedId))).toMatchObject({ name: teacherName, role: teacherRole });
  });

  it('dead-letters an objection the contract refuses (objecting without since) and applies the next one', async () => {
    const other = randomUUID();
    await rd.produceInvalid(
      TeacherHostObjectionChanged,
      { teacherId: other, schoolId: pair.schoolId, objecting: true, changedAt: '2026-12-06T09:00:00Z' },
      other,
    );
    const letter = await waitFor('the invalid record on the DLT', () => deadLetters.messages.find((m) => m.key === other));
    expect(letter.headers['dlt-reason']).toBe('invalid');
    expect(await copies().countDocuments({ _id: other as never })).toBe(0);
    await rd.produce(
      TeacherHostObjectionChanged,
      { teacherId: other, schoolId: pair.schoolId, objecting: true, since: '2026-12-06T09:00:00Z', changedAt: '2026-12-06T09:00:00Z' },
      other,
      SECONDMENT,
    );
    await waitFor('the valid one copied', async () => (await copies().countDocuments({ _id: other as never })) === 1);
  });
  const teamRowIn = (proposal: any, who: string) => proposal.team.find((m: any) => m.personId === who);
  /** A proposal of the pair naming the teacher and a student, moved through `stages`; in a new challenge unless one is given. */
  const proposalWith = async (who: string, stages: string[], options: { challengeId?: string; studentId?: string } = {}) => {
    const challengeId =
      options.challengeId ?? (await ok('POST', '/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }))).id;
    const team = [
      { kind: 'teacher', personId: who, name: teacherName, role: teacherRole },
      { kind: 'student', personId: options.studentId ?? randomUUID(), name: 'Li Wei', role: 'Labelling' },
    ];
    const proposal = await ok('POST', `/v1/challenges/${challengeId}/proposals`, pair.schoolKey, proposalBody({ team }));
    for (const to of stages) await ok('POST', `/v1/proposals/${proposal.id}/stage`, pair.enterpriseKey, { to });
    return { challengeId: challengeId as string, proposalId: proposal.id as string };
  };

  it("withholds an objecting teacher from a finished proposal's team (declined, or selected with its project closed) for the enterprise and its reviewers, keeps a live one whole, and records only what was shown", async () => {
    const who = randomUUID();
    const declined = await proposalWith(who, ['declined']);
    const live = await proposalWith(who, ['qualified', 'shortlisted'], { challengeId: declined.challengeId });
    const selected = await proposalWith(who, ['qualified', 'shortlisted', 'selected']);
    const project = await ok('POST', '/v1/projects', pair.enterpriseKey, projectBody(selected.proposalId));
    const reviewerId = `reviewer-${randomUUID().slice(0, 8)}`;
    const reviewer = await reviewerKey(rd, reviewerId);
    for (const { proposalId } of [declined, live])
      await ok('POST', `/v1/proposals/${proposalId}/reviewers`, pair.enterpriseKey, { reviewerId });
    const proposal = (id: string, token = pair.enterpriseKey) => ok('GET', `/v1/proposals/${id}`, token);

    // The answers say when a proposal finished: a declined one at its decline, a selected one only once its project closed.
    expect(Date.parse((await proposal(declined.proposalId)).finishedAt)).toBeGreaterThan(Date.now() - 600_000);
    expect((await proposal(live.proposalId)).finishedAt).toBeNull();
    expect((await proposal(selected.proposalId)).finishedAt).toBeNull();
    // No objection: the declined proposal shows the teacher to the enterprise and its reviewer.
    expect(teamRowIn(await proposal(declined.proposalId), who)).toMatchObject({ name: teacherName, role: teacherRole });
    expect(teamRowIn(await proposal(declined.proposalId, reviewer), who)).toMatchObject({ name: teacherName, role: teacherRole });

    await rd.produce(TeacherHostObjectionChanged, objection('2026-12-06T09:00:00Z', true, who), who, SECONDMENT);
    await waitFor(
      'the objection to redact the declined proposal',
      async () => teamRowIn(await proposal(declined.proposalId), who).redacted === true,
    );
    const recordedBefore = new Set((await ledger(who)).map((e) => e.disclosureId));
    const withheld = await proposal(declined.proposalId);
    // The same shape as a project row: ids kept, no name or role.
    expect(teamRowIn(withheld, who)).toEqual({ kind: 'teacher', personId: who, redacted: true });
    expect(JSON.stringify(withheld)).not.toContain(teacherName);
    expect(JSON.stringify(withheld)).not.toContain(teacherRole);
    // Live work stays whole: a bid still being decided, and a selected one whose project runs.
    expect(teamRowIn(await proposal(live.proposalId), who)).toMatchObject({ name: teacherName, role: teacherRole });
    expect(teamRowIn(await proposal(selected.proposalId), who)).toMatchObject({ name: teacherName, role: teacherRole });
    // The selected proposal is finished once its project closed.
    await ok('POST', `/v1/projects/${project.id}/close`, pair.enterpriseKey, { summary: 'Line trial passed.' });
    const afterClose = await proposal(selected.proposalId);
    expect(afterClose.finishedAt).toBe((await ok('GET', `/v1/projects/${project.id}`, ADMIN_TOKEN)).closure.closedAt);
    expect(teamRowIn(afterClose, who)).toEqual({ kind: 'teacher', personId: who, redacted: true });
    // A list answers per proposal: the declined one withheld, the live one whole.
    const listed = (await ok('GET', `/v1/challenges/${declined.challengeId}/proposals`, pair.enterpriseKey)).items;
    expect(
      teamRowIn(
        listed.find((p: any) => p.id === declined.proposalId),
        who,
      ),
    ).toEqual({ kind: 'teacher', personId: who, redacted: true });
    expect(
      teamRowIn(
        listed.find((p: any) => p.id === live.proposalId),
        who,
      ),
    ).toMatchObject({ name: teacherName });
    // The reviewer the enterprise named reads as the enterprise does, on a single read and in its assignments.
    expect(teamRowIn(await proposal(declined.proposalId, reviewer), who)).toEqual({ kind: 'teacher', personId: who, redacted: true });
    expect(teamRowIn(await proposal(live.proposalId, reviewer), who)).toMatchObject({ name: teacherName, role: teacherRole });
    const assigned = (await ok('GET', '/v1/reviewer/assignments', reviewer)).items;
    expect(teamRowIn(assigned.find((a: any) => a.proposal.id === declined.proposalId).proposal, who)).toMatchObject({ redacted: true });
    expect(teamRowIn(assigned.find((a: any) => a.proposal.id === live.proposalId).proposal, who)).toMatchObject({ name: teacherName });
    // The school and the operator see the teacher whole.
    expect(teamRowIn(await proposal(declined.proposalId, pair.schoolKey), who)).toMatchObject({ name: teacherName, role: teacherRole });
    expect(teamRowIn(await proposal(declined.proposalId, ADMIN_TOKEN), who)).toMatchObject({ name: teacherName, role: teacherRole });

    // The ledger names what the enterprise was shown, exactly as for projects: the live proposal,
    // the selected one while its project ran, and the list (for the live row); and what its
    // reviewer read: the live proposal and its assignments (for the live row); never a withheld row.
    const since = (await ledger(who)).filter((e) => !recordedBefore.has(e.disclosureId));
    expect(since.map((e) => e.purpose).sort()).toEqual([
      'GET /v1/challenges/{challengeId}/proposals',
      'GET /v1/proposals/{id}',
      'GET /v1/proposals/{id}',
      `GET /v1/proposals/{id}, read by reviewer ${reviewerId}`,
      `GET /v1/reviewer/assignments, read by reviewer ${reviewerId}`,
    ]);
    for (const entry of since) {
      expect(entry).toMatchObject({
        personKind: 'teacher',
        recipient: { kind: 'enterprise', id: pair.enterpriseId },
        fields: ['name', 'role'],
      });
      expect(entry.basis).toEqual({ kind: 'agreement' });
    }
    const count = (await ledger(who)).length;
    await proposal(declined.proposalId);
    await proposal(selected.proposalId);
    expect((await ledger(who)).length).toBe(count);

    // Withdrawn: whole again, and the read is a disclosure again.
    await rd.produce(TeacherHostObjectionChanged, objection('2026-12-07T09:00:00Z', false, who), who, SECONDMENT);
    await waitFor(
      'the withdrawal to show the teacher again',
      async () => teamRowIn(await proposal(declined.proposalId), who).name === teacherName,
    );
    expect(teamRowIn(await proposal(selected.proposalId), who)).toMatchObject({ name: teacherName, role: teacherRole });
    expect(teamRowIn(await proposal(declined.proposalId, reviewer), who)).toMatchObject({ name: teacherName });
    expect((await ledger(who)).length).toBeGreaterThanOrEqual(count + 2);
  });

  it('withholds the teachers of a project or proposal finished more than RD_HOST_VIEW_DAYS ago, objection or not; students follow their consent', async () => {
    const who = randomUUID();
    const studentId = randomUUID();
    const oldProjectId = await projectWithTeacher(who);
    const recentProjectId = await projectWithTeacher(who);
    for (const id of [oldProjectId, recentProjectId])
      await ok('POST', `/v1/projects/${id}/close`, pair.enterpriseKey, { summary: 'Done.' });
    const declined = await proposalWith(who, ['declined'], { studentId });
    await rd.produce(
      ConsentChanged,
      {
        consentId: randomUUID(),
        studentId,
        schoolId: pair.schoolId,
        enterpriseId: pair.enterpriseId,
        purpose: 'rd-project',
        grantedAt: '2026-01-01T08:00:00Z',
        changedAt: '2026-01-01T08:00:00Z',
      },
      studentId,
      TALENT,
    );
    const read = async (service: RdService, path: string, token: string) => {
      const response = await httpJson('GET', `${service.baseUrl}${path}`, { token });
      if (response.status !== 200) throw new Error(`GET ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    await waitFor(
      'the consent to show the student',
      async () => teamRowIn(await read(rd, `/v1/proposals/${declined.proposalId}`, pair.enterpriseKey), studentId).name === 'Li Wei',
    );
    // The project closed and the proposal declined ten days ago (written directly: the service takes the time from the clock).
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await mongo
      .db()
      .collection('projects')
      .updateOne({ _id: oldProjectId as never }, { $set: { 'closure.closedAt': tenDaysAgo.toISOString() } });
    const stored = await mongo
      .db()
      .collection('proposals')
      .findOne({ _id: declined.proposalId as never });
    await mongo
      .db()
      .collection('proposals')
      .updateOne(
        { _id: declined.proposalId as never },
        { $set: { history: stored!.history.map((h: any) => (h.stage === 'declined' ? { ...h, at: tenDaysAgo } : h)) } },
      );

    // The default replica (365 days) still shows the teacher.
    expect(teacherRowIn(await read(rd, `/v1/projects/${oldProjectId}`, pair.enterpriseKey), who)).toMatchObject({ name: teacherName });
    expect(teamRowIn(await read(rd, `/v1/proposals/${declined.proposalId}`, pair.enterpriseKey), who)).toMatchObject({ name: teacherName });

    // A replica of the same deployment keeping an enterprise's view of finished work for 3 days only.
    const shortView = await startRdCollaboration({ RD_HOST_VIEW_DAYS: '3' }, { replicaOf: rd });
    try {
      const recordedBefore = new Set((await ledger(who)).map((e) => e.disclosureId));
      const oldProject = await read(shortView, `/v1/projects/${oldProjectId}`, pair.enterpriseKey);
      expect(teacherRowIn(oldProject, who)).toMatchObject({ kind: 'teacher', personId: who, redacted: true });
      expect(teacherRowIn(oldProject, who).name).toBeUndefined();
      expect(oldProject.hours[0]).toMatchObject({ personId: who, redacted: true });
      expect(JSON.stringify(oldProject)).not.toContain(activity);
      // Closed today: within the 3 days, whole.
      expect(teacherRowIn(await read(shortView, `/v1/projects/${recentProjectId}`, pair.enterpriseKey), who)).toMatchObject({
        name: teacherName,
        role: teacherRole,
      });
      const oldProposal = await read(shortView, `/v1/proposals/${declined.proposalId}`, pair.enterpriseKey);
      expect(teamRowIn(oldProposal, who)).toEqual({ kind: 'teacher', personId: who, redacted: true });
      // The consented student stays: their consent, not the teacher's limit, decides.
      expect(teamRowIn(oldProposal, studentId)).toMatchObject({ name: 'Li Wei', role: 'Labelling' });
      // The trail lists the old project without the teacher's role, the recent one with it.
      const trail = await read(shortView, `/v1/trails/teachers/${who}`, pair.enterpriseKey);
      expect(trail.projects.find((p: any) => p.projectId === oldProjectId)).toMatchObject({ redacted: true });
      expect(trail.projects.find((p: any) => p.projectId === oldProjectId).role).toBeUndefined();
      expect(trail.projects.find((p: any) => p.projectId === recentProjectId)).toMatchObject({ role: teacherRole });
      // The school and the operator read it whole on the same replica.
      expect(teacherRowIn(await read(shortView, `/v1/projects/${oldProjectId}`, pair.schoolKey), who)).toMatchObject({ name: teacherName });
      expect(teamRowIn(await read(shortView, `/v1/proposals/${declined.proposalId}`, ADMIN_TOKEN), who)).toMatchObject({
        name: teacherName,
      });

      // The ledger: the recent project and the trail for the teacher (under the recent project), nothing for withheld rows; the student's read recorded.
      const since = (await ledger(who)).filter((e) => !recordedBefore.has(e.disclosureId));
      expect(since.map((e) => e.purpose).sort()).toEqual(['GET /v1/projects/{id}', 'GET /v1/trails/teachers/{teacherId}']);
      expect(since.every((e) => e.basis.agreementId === recentProjectId)).toBe(true);
      expect((await ledger(studentId)).filter((e) => e.purpose === 'GET /v1/proposals/{id}').length).toBeGreaterThanOrEqual(2);
    } finally {
      await shortView.close();
    }
  });

  it('a selected proposal no project was made from lapses RD_SELECTED_PROPOSAL_DAYS after its selection: finished then, withheld as finished work, no project made from it', async () => {
    const who = randomUUID();
    const lapsing = await proposalWith(who, ['qualified', 'shortlisted', 'selected']);
    const running = await proposalWith(who, ['qualified', 'shortlisted', 'selected']);
    await ok('POST', '/v1/projects', pair.enterpriseKey, projectBody(running.proposalId));
    const proposal = (id: string, token = pair.enterpriseKey) => ok('GET', `/v1/proposals/${id}`, token);
    const selectedAt = Date.parse((await proposal(lapsing.proposalId)).history.find((h: any) => h.stage === 'selected').at);
    const lapsesAt = new Date(selectedAt + 90 * 86_400_000);
    await rd.produce(TeacherHostObjectionChanged, objection('2026-12-06T09:00:00Z', true, who), who, SECONDMENT);
    await waitFor('the objection copied', async () => (await copies().countDocuments({ _id: who as never, objecting: true })) === 1);
    // The service's clock is moved (one Clock for the whole service) instead of waiting 90 days.
    const clock = jest.spyOn(rd.app.get(Clock), 'now');
    const at = (ms: number) => clock.mockImplementation(() => new Date(ms));
    try {
      // A minute before the lapse: live, whole to the enterprise though the teacher objects.
      at(lapsesAt.getTime() - 60_000);
      expect((await proposal(lapsing.proposalId)).finishedAt).toBeNull();
      expect(teamRowIn(await proposal(lapsing.proposalId), who)).toMatchObject({ name: teacherName, role: teacherRole });

      // A minute after: finished at the lapse instant, the objecting teacher withheld from the enterprise, whole to the school.
      at(lapsesAt.getTime() + 60_000);
      const lapsed = await proposal(lapsing.proposalId);
      expect([lapsed.stage, lapsed.finishedAt]).toEqual(['selected', lapsesAt.toISOString()]);
      expect(teamRowIn(lapsed, who)).toEqual({ kind: 'teacher', personId: who, redacted: true });
      expect(teamRowIn(await proposal(lapsing.proposalId, pair.schoolKey), who)).toMatchObject({ name: teacherName });
      // The selected proposal whose project runs does not lapse.
      expect((await proposal(running.proposalId)).finishedAt).toBeNull();
      expect(teamRowIn(await proposal(running.proposalId), who)).toMatchObject({ name: teacherName });
      // No project is made from a lapsed selection: a 409 naming the reason and the field.
      const refused = await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(lapsing.proposalId));
      expect([refused.status, refused.contentType, refused.body.title]).toEqual([
        409,
        expect.stringContaining('problem+json'),
        'selection lapsed',
      ]);
      expect(refused.body.detail).toContain('RD_SELECTED_PROPOSAL_DAYS');
      expect(refused.body.detail).toContain(lapsesAt.toISOString());
      expect(refused.body.errors.map((e: any) => e.field)).toEqual(['proposalId']);
      expect((await ok('GET', '/v1/projects', pair.enterpriseKey)).items.some((p: any) => p.proposalId === lapsing.proposalId)).toBe(false);

      // The objection withdrawn: whole again; then RD_HOST_VIEW_DAYS (365) counts from the lapse, objection or not.
      await rd.produce(TeacherHostObjectionChanged, objection('2026-12-07T09:00:00Z', false, who), who, SECONDMENT);
      await waitFor(
        'the withdrawal to show the teacher again',
        async () => teamRowIn(await proposal(lapsing.proposalId), who).name === teacherName,
      );
      at(lapsesAt.getTime() + 365 * 86_400_000);
      expect(teamRowIn(await proposal(lapsing.proposalId), who)).toMatchObject({ name: teacherName });
      at(lapsesAt.getTime() + 366 * 86_400_000);
      expect(teamRowIn(await proposal(lapsing.proposalId), who)).toEqual({ kind: 'teacher', personId: who, redacted: true });
      expect(teamRowIn(await proposal(running.proposalId), who)).toMatchObject({ name: teacherName });
    } finally {
      clock.mockRestore();
    }
    // Back to today: a new selection is live and becomes a project as before.
    const fresh = await proposalWith(who, ['qualified', 'shortlisted', 'selected']);
    expect((await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(fresh.proposalId))).status).toBe(201);
  });
});

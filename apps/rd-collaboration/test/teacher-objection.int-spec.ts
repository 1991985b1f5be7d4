import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { deadLetterTopicOf, TeacherHostObjectionChanged, Topics } from '@app/contracts';
import { httpJson, testMongoUri, TopicRecorder, waitFor } from '@app/testing';
import { ADMIN_TOKEN, projectBody, RdService, seedPair, selectedProposal, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

const SECONDMENT = 'urn:school-enterprise:teacher-secondment';

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
  const teacherRowIn = (project: any) => project.participants.find((p: any) => p.personId === teacherId);
  const asEnterprise = (projectId: string) => ok('GET', `/v1/projects/${projectId}`, pair.enterpriseKey);
  const ledger = async () => (await ok('GET', `/v1/privacy/disclosures/${teacherId}`, ADMIN_TOKEN)).items as any[];
  const objection = (changedAt: string, objecting: boolean) => ({
    teacherId,
    schoolId: pair.schoolId,
    objecting,
    ...(objecting ? { since: '2026-12-01T08:00:00Z' } : {}),
    changedAt,
  });
  const copies = () => mongo.db().collection('teacher_objection_copies');

  /** A project of the pair with the teacher on it and an hours entry of theirs. */
  const projectWithTeacher = async () => {
    const { proposal } = await selectedProposal(rd, pair);
    const project = await ok('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id));
    const joined = await ok('POST', `/v1/projects/${project.id}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: teacherId,
      name: teacherName,
      role: teacherRole,
    });
    await ok('POST', `/v1/projects/${project.id}/participants/${teacherRowIn(joined).participationId}/hours`, pair.schoolKey, {
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
});

import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { Db } from 'mongodb';
import { RdParticipationJoined, SecondmentRdParticipantChecked, TalentRdParticipantChecked, Topics } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';
import {
  connectedProducer,
  e2eServiceEnv,
  httpJson,
  InProcessService,
  startInProcessService,
  testKafka,
  TopicRecorder,
  uniqueName,
  waitFor,
  waitForConsumed,
} from '@app/testing';
import { RdCollaborationConfigSchema } from '../../apps/rd-collaboration/src/config/rd-collaboration.config';
import { ProjectViewSchema } from '../../apps/rd-collaboration/src/projects/project-view.response';
import { RdCollaborationModule } from '../../apps/rd-collaboration/src/rd-collaboration.module';
import { projectFromTalentPipeline } from '../../apps/rd-collaboration/test/rd-collaboration.harness';
import { TalentPipelineConfigSchema } from '../../apps/talent-pipeline/src/config/talent-pipeline.config';
import { TalentPipelineModule } from '../../apps/talent-pipeline/src/talent-pipeline.module';
import { TeacherSecondmentConfigSchema } from '../../apps/teacher-secondment/src/config/teacher-secondment.config';
import { RdParticipantChecksService } from '../../apps/teacher-secondment/src/rd-participants/rd-participant-checks.service';
import { TeacherSecondmentModule } from '../../apps/teacher-secondment/src/teacher-secondment.module';
import { TeachersService } from '../../apps/teacher-secondment/src/teachers/teachers.service';

jest.setTimeout(240_000);

const ADMIN = 'rd-participant-check-admin-token';

type Name =
  'student' | 'unknownStudent' | 'otherSchoolStudent' | 'erasedStudent' | 'teacher' | 'otherSchoolTeacher' | 'teacherRegisteredLater';

/**
 * Choreography across the three services on one broker (ADR 0082): a school names people as R&D
 * project participants (rd.participation.joined.v1), the service owning each person answers
 * (talent pipeline for students, secondment service for teachers) on its own topic, confirmed or
 * refused with why, and the project shows the answer on the participation.
 */
describe('R&D participants checked by the service owning the person (talent-pipeline + teacher-secondment + rd-collaboration, real Kafka + Mongo)', () => {
  const prefix = `${uniqueName('rdck')}.`;
  // Each service its own database and consumer group, the topics under this run's prefix.
  const common = (service: string) => ({
    ...e2eServiceEnv(prefix, service),
    ADMIN_API_TOKEN: ADMIN,
    OUTBOX_POLL_MS: '200',
    CONSUMER_RETRY_BASE_MS: '20',
  });
  const participationTopic = `${prefix}${Topics.rdParticipation}`;
  const talentChecks = `${prefix}${Topics.talentRdParticipantChecks}`;
  const secondmentChecks = `${prefix}${Topics.secondmentRdParticipantChecks}`;
  let talent: InProcessService;
  let secondment: InProcessService;
  let rd: InProcessService;
  let recorder: TopicRecorder;
  let producer: Producer;
  let schoolId: string;
  let otherSchoolId: string;
  let projectId: string;
  let keys: { school: string; enterprise: string };
  const people = {} as Record<Name, string>;
  const participations = {} as Record<Name, string>;

  const tp = (method: string, path: string, body?: unknown) => httpJson(method, `${talent.baseUrl}${path}`, { token: ADMIN, body });
  const ts = (method: string, path: string, body?: unknown) => httpJson(method, `${secondment.baseUrl}${path}`, { token: ADMIN, body });
  const rdCall = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const ok = async (what: string, answer: Promise<{ status: number; body: any }>) => {
    const { status, body } = await answer;
    if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
    return body;
  };
  const project = async () => (await rdCall('GET', `/v1/projects/${projectId}`, keys.school)).body;
  const checkOf = async (name: Name) =>
    (await project()).participants.find((p: { participationId: string }) => p.participationId === participations[name]).check;
  const answers = () =>
    recorder.messages
      .filter((m) => m.topic === talentChecks || m.topic === secondmentChecks)
      .map((m) => ({ topic: m.topic, key: m.key, type: m.headers.ce_type, data: JSON.parse(m.value!) }));
  const answersFor = (name: Name) => answers().filter((a) => a.data.participationId === participations[name]);
  const registerTeacher = (school: string, id?: string) =>
    ok(
      'teacher',
      ts('POST', '/v1/teachers', {
        ...(id ? { id } : {}),
        schoolId: school,
        displayName: 'Chen Jing',
        subject: 'Mechatronics',
        professionalCourse: true,
        hireDate: '2012-09-01',
        priorEnterpriseExperienceMonths: 0,
      }),
    );
  /** A teacher id nobody registered, named on the project: refused as unknown by the secondment service. */
  const unknownTeacherRefused = async () => {
    const teacherId = randomUUID();
    const joined = await ok(
      'participant of an unknown teacher',
      rdCall('POST', `/v1/projects/${projectId}/participants`, keys.school, {
        kind: 'teacher',
        personId: teacherId,
        name: 'Person',
        role: 'Integration',
      }),
    );
    const participationId: string = joined.participants.find((p: { personId: string }) => p.personId === teacherId).participationId;
    const checkOfTeacher = async () =>
      (await project()).participants.find((p: { participationId: string }) => p.participationId === participationId).check;
    await waitForConsumed(rd, 'the unknown teacher refused', async () => (await checkOfTeacher()).status === 'refused');
    return { teacherId, participationId, checkOfTeacher };
  };
  const registerStudent = async (school: string) =>
    (
      await ok(
        'student',
        tp('POST', '/v1/students', { schoolId: school, givenName: 'Li', familyName: 'Wei', programme: 'mechatronics', cohort: '2025' }),
      )
    ).id as string;

  beforeAll(async () => {
    talent = await startInProcessService({
      configSchema: TalentPipelineConfigSchema,
      rootModule: (c) => TalentPipelineModule.forRoot(c),
      env: common('talent-pipeline'),
    });
    secondment = await startInProcessService({
      configSchema: TeacherSecondmentConfigSchema,
      rootModule: (c) => TeacherSecondmentModule.forRoot(c),
      // No repair pass at start: the last test runs it itself, when it has a lost recheck to repair.
      env: { ...common('teacher-secondment'), COMPLIANCE_SWEEP_ON_START: 'false' },
    });
    rd = await startInProcessService({
      configSchema: RdCollaborationConfigSchema,
      rootModule: (c) => RdCollaborationModule.forRoot(c),
      env: common('rd-collaboration'),
    });
    const kafka = testKafka(`${prefix}test`);
    recorder = new TopicRecorder(kafka, [participationTopic, `${participationTopic}.dlt`, talentChecks, secondmentChecks]);
    await recorder.start();
    producer = await connectedProducer(kafka);

    schoolId = (await ok('school', tp('POST', '/v1/schools', { name: 'Riverside Vocational College', country: 'CN' }))).id;
    otherSchoolId = (await ok('other school', tp('POST', '/v1/schools', { name: 'Hillside Technical School', country: 'CN' }))).id;
    const enterprise = await ok('enterprise', tp('POST', '/v1/enterprises', { name: 'Precision Motors', country: 'CN' }));
    const agreement = await ok(
      'agreement',
      tp('POST', '/v1/agreements', {
        schoolId,
        enterpriseId: enterprise.id,
        scope: 'Joint R&D in vision inspection',
        period: { from: '2020-01-01', to: '2099-12-31' },
        placementKinds: ['internship', 'rd-internship'],
      }),
    );
    await ok('activate', tp('POST', `/v1/agreements/${agreement.id}/status`, { to: 'active' }));

    // Students in the talent pipeline: one of the school, one of another school, one erased.
    people.student = await registerStudent(schoolId);
    people.otherSchoolStudent = await registerStudent(otherSchoolId);
    people.erasedStudent = await registerStudent(schoolId);
    people.unknownStudent = randomUUID();
    await ok('erasure', tp('POST', '/v1/operator/erasure-requests', { studentId: people.erasedStudent, reason: 'the student asked' }));
    await waitFor('the student erased', async () => (await tp('GET', `/v1/students/${people.erasedStudent}`)).status === 404);

    // Teachers in the secondment service (which learns the schools from talent.partner.v1).
    await waitForConsumed(secondment, 'the schools in the secondment service', async () => {
      const found = await Promise.all([schoolId, otherSchoolId].map((id) => ts('GET', `/v1/partners/${id}`)));
      return found.every((answer) => answer.status === 200);
    });
    people.teacher = (await registerTeacher(schoolId)).id;
    people.otherSchoolTeacher = (await registerTeacher(otherSchoolId)).id;
    // Named in the project before the school registers them (their R&D hours wait for the registration, ADR 0024).
    people.teacherRegisteredLater = randomUUID();

    ({ keys, projectId } = await projectFromTalentPipeline(rd, ADMIN, {
      schoolId,
      enterpriseId: enterprise.id,
      agreementId: agreement.id,
    }));
  });

  afterAll(async () => {
    await recorder?.stop();
    await producer?.disconnect();
    await Promise.all([talent?.close(), secondment?.close(), rd?.close()]);
  });

  it('shows every new participation pending, then confirmed or refused with why by the service owning the person', async () => {
    for (const name of Object.keys(people) as Name[]) {
      const kind = name.toLowerCase().includes('teacher') ? 'teacher' : 'student';
      const joined = await ok(
        `participant ${name}`,
        rdCall('POST', `/v1/projects/${projectId}/participants`, keys.school, {
          kind,
          personId: people[name],
          name: 'Person',
          role: 'Integration',
        }),
      );
      const participant = joined.participants.find((p: { personId: string }) => p.personId === people[name]);
      participations[name] = participant.participationId;
      // The check is asked for with the joined event, and is answered afterwards.
      expect(participant.check).toMatchObject({ status: 'pending', requestedAt: participant.joinedAt, joinedEventId: expect.any(String) });
    }

    const expected: Record<Name, { status: string; reason?: string }> = {
      student: { status: 'confirmed' },
      unknownStudent: { status: 'refused', reason: 'unknown-person' },
      otherSchoolStudent: { status: 'refused', reason: 'person-of-another-school' },
      erasedStudent: { status: 'refused', reason: 'person-erased' },
      teacher: { status: 'confirmed' },
      otherSchoolTeacher: { status: 'refused', reason: 'person-of-another-school' },
      teacherRegisteredLater: { status: 'refused', reason: 'unknown-person' },
    };
    await waitForConsumed(rd, 'every participation answered', async () => {
      const checks = (await project()).participants.map((p: { check: { status: string } }) => p.check.status);
      return checks.every((status: string) => status !== 'pending');
    });
    const view = await project();
    expect(ProjectViewSchema.safeParse(view).error?.issues ?? []).toEqual([]);
    for (const name of Object.keys(expected) as Name[]) {
      const check = await checkOf(name);
      expect({ name, status: check.status, reason: check.reason }).toEqual({ name, ...expected[name] });
      if (check.status === 'refused') expect(check.detail).toEqual(expect.any(String));
      expect(check.checkedAt).toEqual(expect.any(String));
    }

    // Each owner answered its own people, on its own topic, keyed by project, naming the joined event; no person ids.
    const joinedEvents = recorder.messages.filter(
      (m) => m.topic === participationTopic && m.headers.ce_type === RdParticipationJoined.type,
    );
    for (const name of Object.keys(expected) as Name[]) {
      const sent = answersFor(name);
      expect(sent).toHaveLength(1);
      const teacher = name.toLowerCase().includes('teacher');
      expect(sent[0]).toMatchObject({
        topic: teacher ? secondmentChecks : talentChecks,
        type: teacher ? SecondmentRdParticipantChecked.type : TalentRdParticipantChecked.type,
        key: projectId,
        data: { projectId, schoolId, outcome: expected[name].status },
      });
      const joined = joinedEvents.find((m) => JSON.parse(m.value!).participationId === participations[name])!;
      expect(sent[0].data.joinedEventId).toBe(joined.headers.ce_id);
    }
    const sentText = JSON.stringify(answers());
    for (const id of Object.values(people)) expect(sentText).not.toContain(id);
    expect(sentText).not.toContain(otherSchoolId);
    // Refusals are answers: no joined event was dead-lettered by either owner.
    expect(recorder.messages.filter((m) => m.topic === `${participationTopic}.dlt`)).toEqual([]);

    // Head counts leave the refused out.
    const report = (await rdCall('GET', `/v1/projects/${projectId}/closure-report`, keys.school)).body;
    expect(report.people).toMatchObject({ students: 1, teachers: 1, refused: 5 });
  });

  it('answers a redelivered joined event once in each owner', async () => {
    const joined = recorder.messages.filter((m) => m.topic === participationTopic && m.headers.ce_type === RdParticipationJoined.type);
    const redelivered = joined.filter((m) =>
      [participations.student, participations.teacher].includes(JSON.parse(m.value!).participationId),
    );
    expect(redelivered).toHaveLength(2);
    for (const record of redelivered) {
      await producer.send({ topic: participationTopic, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
      // A sentinel on the same key (so the same partition, after it): once both owners dead-letter it, the redelivery was handled.
      await producer.send({
        topic: participationTopic,
        messages: [{ key: record.key, value: '{}', headers: { ...record.headers, ce_id: `sentinel-${record.headers.ce_id}` } }],
      });
    }
    await waitFor('both sentinels dead-lettered by both owners', () =>
      recorder.messages.filter((m) => m.topic === `${participationTopic}.dlt`).length >= 4 ? true : undefined,
    );
    expect(answersFor('student')).toHaveLength(1);
    expect(answersFor('teacher')).toHaveLength(1);
    expect((await checkOf('student')).status).toBe('confirmed');
  });

  it('confirms a teacher refused as unknown once the school registers them under that id', async () => {
    const before = await checkOf('teacherRegisteredLater');
    expect(before.status).toBe('refused');
    await registerTeacher(schoolId, people.teacherRegisteredLater);
    const after = await waitForConsumed(rd, 'the teacher confirmed after the registration', async () => {
      const check = await checkOf('teacherRegisteredLater');
      return check.status === 'confirmed' ? check : undefined;
    });
    expect(after).toEqual({
      status: 'confirmed',
      joinedEventId: before.joinedEventId,
      requestedAt: before.requestedAt,
      checkedAt: expect.any(String),
    });
    expect(answersFor('teacherRegisteredLater').map((a) => a.data.outcome)).toEqual(['refused', 'confirmed']);
    expect((await rdCall('GET', `/v1/projects/${projectId}/closure-report`, keys.school)).body.people).toMatchObject({
      teachers: 2,
      refused: 4,
    });
  });

  it('shows a participation recorded before checks existed as unchecked, and counts it', async () => {
    // As stored before this change: no check on the participation.
    await rd.app
      .get<Db>(MONGO_DB)
      .collection('projects')
      .updateOne(
        { _id: projectId as never, 'participants.participationId': participations.unknownStudent },
        { $unset: { 'participants.$.check': '' } },
      );
    expect(await checkOf('unknownStudent')).toEqual({ status: 'unchecked' });
    expect(ProjectViewSchema.safeParse(await project()).success).toBe(true);
    expect((await rdCall('GET', `/v1/projects/${projectId}/closure-report`, keys.school)).body.people).toMatchObject({
      students: 2,
      refused: 3,
    });
  });
  it('confirms a teacher whose registration lost its recheck (a crash after the write) at the periodic repair pass', async () => {
    const { teacherId, participationId, checkOfTeacher } = await unknownTeacherRefused();

    // The registration's write, without the recheck that follows it in the process (it died in between).
    const checks = secondment.app.get(RdParticipantChecksService);
    const lost = jest.spyOn(checks, 'recheck').mockResolvedValue(0);
    try {
      await registerTeacher(schoolId, teacherId);
      await waitFor('the registration signalled', () => lost.mock.calls.some(([id]) => id === teacherId));
    } finally {
      lost.mockRestore();
    }
    expect((await checkOfTeacher()).status).toBe('refused');

    // The repair pass (every COMPLIANCE_SWEEP_MS, and once after start) answers it again; a second pass finds nothing more.
    // It looks the unknown ids up a batch at a time (the ids refused earlier in this file never name a teacher), not one by one.
    const teacherReads = jest.spyOn(secondment.app.get(TeachersService), 'findById');
    try {
      expect(await checks.recheckRegisteredSince()).toBe(1);
      expect(await checks.recheckRegisteredSince()).toBe(0);
      expect(teacherReads).not.toHaveBeenCalled();
    } finally {
      teacherReads.mockRestore();
    }
    await waitForConsumed(rd, 'the teacher confirmed by the repair', async () => (await checkOfTeacher()).status === 'confirmed');
    const outcomes = () =>
      answers()
        .filter((a) => a.data.participationId === participationId)
        .map((a) => a.data.outcome);
    await waitFor('the confirmation on the check topic', () => outcomes().length === 2);
    expect(outcomes()).toEqual(['refused', 'confirmed']);
  });

  it('confirms a teacher registered later even when the replica that refused them had a clock ahead of the one that confirms', async () => {
    const { teacherId, participationId, checkOfTeacher } = await unknownTeacherRefused();
    // As if the refusal had been written a minute ahead of this replica's clock (the R&D service saw that time too).
    const ahead = new Date(Date.now() + 60_000);
    await secondment.app
      .get<Db>(MONGO_DB)
      .collection('rd_participant_checks')
      .updateOne({ _id: participationId as never }, { $set: { checkedAt: ahead } });
    await rd.app
      .get<Db>(MONGO_DB)
      .collection('projects')
      .updateOne(
        { _id: projectId as never, 'participants.participationId': participationId },
        { $set: { 'participants.$.check.checkedAt': ahead.toISOString() } },
      );

    await registerTeacher(schoolId, teacherId);
    await waitForConsumed(rd, 'the teacher confirmed', async () => (await checkOfTeacher()).status === 'confirmed');
    expect(Date.parse((await checkOfTeacher()).checkedAt)).toBeGreaterThan(ahead.getTime());
  });
});

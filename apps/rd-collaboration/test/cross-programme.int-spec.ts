import { randomUUID } from 'node:crypto';
import {
  CredentialIssued,
  CredentialRevoked,
  EngineerTeachingSignedOff,
  PlacementHired,
  PlacementStarted,
  RdContributionDelivered,
  RdParticipationJoined,
  SecondmentApproved,
  SecondmentStarted,
  Topics,
} from '@app/contracts';
import { httpJson, waitFor, TopicRecorder } from '@app/testing';
import {
  ADMIN_TOKEN,
  placementOutcomeData,
  projectBody,
  RdService,
  seedPair,
  selectedProposal,
  startRdCollaboration,
  secondmentData,
} from './rd-collaboration.harness';

jest.setTimeout(120_000);

describe('links across the programmes and the partnership scorecard, from Kafka events (real Kafka + Mongo)', () => {
  let rd: RdService;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let projectId: string;
  let recorder: TopicRecorder;
  const teacherId = `teacher-${randomUUID().slice(0, 8)}`;
  const secondedTeacherId = `teacher-${randomUUID().slice(0, 8)}`;
  const studentId = `student-${randomUUID().slice(0, 8)}`;
  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const project = async () => (await call('GET', `/v1/projects/${projectId}`, pair.enterpriseKey)).body;
  const secondment = (id: string, teacher: string) =>
    secondmentData({ secondmentId: id, teacherId: teacher, schoolId: pair.schoolId, enterpriseId: pair.enterpriseId });
  const placement = <O extends 'started' | 'hired'>(outcome: O, occurredAt: string) =>
    placementOutcomeData(
      { placementId: `placement-${studentId}`, schoolId: pair.schoolId, enterpriseId: pair.enterpriseId, studentId },
      outcome,
      occurredAt,
    );
  const scorecard = async (format = 'json') =>
    call('GET', `/v1/scorecards/${pair.schoolId}/${pair.enterpriseId}?from=2026-Q1&to=2026-Q4&format=${format}`, pair.schoolKey);

  beforeAll(async () => {
    rd = await startRdCollaboration();
    recorder = new TopicRecorder(rd.kafka, [`${rd.prefix}${Topics.rdParticipation}`, `${rd.prefix}${Topics.placementOutcomes}.dlt`]);
    await recorder.start();
    pair = await seedPair(rd);
    const { proposal } = await selectedProposal(rd, pair);
    projectId = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposal.id))).body.id;
    await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: teacherId,
      name: 'Zhang Min',
      role: 'PI',
    });
    await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'student',
      personId: studentId,
      name: 'Li Wei',
      role: 'Integration',
    });
  });
  afterAll(async () => {
    await recorder?.stop();
    await rd?.close();
  });

  it('links a teacher to a secondment, whether it is known before joining or arrives after', async () => {
    const after = `secondment-${randomUUID()}`;
    await rd.produce(SecondmentApproved, secondment(after, teacherId), after);
    await waitFor(
      'the participation to link the secondment',
      async () => (await project()).participants.find((p: any) => p.personId === teacherId).secondmentId === after,
    );

    const before = `secondment-${randomUUID()}`;
    await rd.produce(SecondmentStarted, secondment(before, secondedTeacherId), before);
    // The copy exists before the teacher joins: the join links it and says so in its event.
    await waitFor('the scorecard to count the hosted secondment', async () => (await scorecard()).body.totals.secondmentsHosted === 1);
    const joined = await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: secondedTeacherId,
      name: 'Wang Fang',
      role: 'Controls',
    });
    expect(joined.body.participants.find((p: any) => p.personId === secondedTeacherId).secondmentId).toBe(before);
    const event = await waitFor('the joined event', () =>
      recorder.withHeader('ce_type', RdParticipationJoined.type).find((m) => JSON.parse(m.value!).personId === secondedTeacherId),
    );
    expect(JSON.parse(event.value!)).toMatchObject({ participantKind: 'teacher', secondmentId: before, projectId });

    // The teacher trail: project -> secondment -> credential (issued, then revoked).
    const credentialId = `cred-${randomUUID()}`;
    await rd.produce(
      CredentialIssued,
      {
        credentialId,
        teacherId: secondedTeacherId,
        schoolId: pair.schoolId,
        tier: 'intermediate',
        issuedAt: '2026-10-01T00:00:00Z',
        verifyUrl: 'https://example.test/v/1',
        occurredAt: '2026-10-01T00:00:00Z',
      },
      secondedTeacherId,
    );
    const trail = await waitFor('the credential in the trail', async () => {
      const t = await call('GET', `/v1/trails/teachers/${secondedTeacherId}`, pair.schoolKey);
      return t.body.credentials?.length ? t.body : undefined;
    });
    expect(trail.projects[0]).toMatchObject({
      projectId,
      linkedSecondmentId: before,
      secondments: [expect.objectContaining({ secondmentId: before, status: 'started' })],
    });
    expect(trail).toMatchObject({
      doubleQualified: true,
      credentials: [expect.objectContaining({ credentialId, tier: 'intermediate', status: 'issued' })],
    });
    await rd.produce(
      CredentialRevoked,
      {
        credentialId,
        teacherId: secondedTeacherId,
        schoolId: pair.schoolId,
        tier: 'intermediate',
        reason: 'practice lapsed',
        occurredAt: '2026-11-01T00:00:00Z',
      },
      secondedTeacherId,
    );
    await waitFor(
      'the revocation',
      async () => (await call('GET', `/v1/trails/teachers/${secondedTeacherId}`, ADMIN_TOKEN)).body.doubleQualified === false,
    );
    // Another school sees no trail.
    const stranger = await seedPair(rd);
    expect((await call('GET', `/v1/trails/teachers/${secondedTeacherId}`, stranger.schoolKey)).status).toBe(404);
  });

  it('records a placement and then a hire for a participating student: the project led to a hire, the trail and scorecard show it', async () => {
    await rd.produce(PlacementStarted, placement('started', '2026-05-10T08:00:00.000Z'), pair.schoolId);
    await waitFor('the placement link', async () => (await project()).placementLinks.length === 1);
    expect((await project()).ledToHire).toBe(false);
    const hired = await rd.produce(PlacementHired, placement('hired', '2026-11-02T08:00:00.000Z'), pair.schoolId);
    await waitFor('led to a hire', async () => (await project()).ledToHire === true);
    const p = await project();
    expect(p.placementLinks).toEqual([
      expect.objectContaining({
        placementId: `placement-${studentId}`,
        status: 'hired',
        ledToHire: true,
        hire: { positionTitle: 'Vision technician', hireDate: '2026-11-02' },
      }),
    ]);
    expect(p.participants.find((x: any) => x.personId === studentId).placementId).toBe(`placement-${studentId}`);

    const trail = (await call('GET', `/v1/trails/students/${studentId}`, pair.enterpriseKey)).body;
    expect(trail).toMatchObject({
      hired: true,
      projects: [{ projectId, ledToHire: true, placements: [expect.objectContaining({ status: 'hired' })] }],
    });

    // A redelivery of the same hire changes nothing; an invalid event is dead-lettered and changes nothing.
    await rd.resend(hired, Topics.placementOutcomes, pair.schoolId);
    await rd.produceInvalid(PlacementHired, { ...placement('hired', '2026-11-03T08:00:00.000Z'), studentId: undefined }, pair.schoolId);
    await waitFor('the invalid record on the DLT', () => recorder.messages.some((m) => m.topic.endsWith('.dlt')));
    const card = (await scorecard()).body;
    expect(card.quarters.find((q: any) => q.quarter === '2026-Q2')).toMatchObject({ placementsStarted: 1, hires: 0, secondmentsHosted: 1 });
    expect(card.quarters.find((q: any) => q.quarter === '2026-Q4')).toMatchObject({
      hires: 1,
      conversionToDate: 1,
      rdProjectsStarted: 1,
      rdParticipantHires: 1,
    });
    expect(card.totals).toMatchObject({ placementsStarted: 1, hires: 1, conversion: 1 });
    expect((await project()).version).toBe(p.version);
  });

  it('counts engineers teaching, contributions and outcomes per quarter; serves CSV and an HTML page with a chart; 404 for other tenants', async () => {
    const engagement = await rd.produce(
      EngineerTeachingSignedOff,
      {
        engagementId: randomUUID(),
        enterpriseId: pair.enterpriseId,
        schoolId: pair.schoolId,
        engineerId: 'eng-1',
        course: 'PLC basics',
        hours: 24,
        signedOffAt: '2026-08-20T00:00:00Z',
        occurredAt: '2026-08-20T00:00:00Z',
      },
      randomUUID(),
    );
    await rd.resend(engagement, Topics.engineerTeaching, 'again');
    await call('POST', `/v1/projects/${projectId}/contributions`, pair.enterpriseKey, {
      pledgeId: 'pledge-1',
      amount: { currency: 'CNY', amountMinor: 1_234_567 },
      deliveredOn: '2026-05-01',
    });
    // A yen contribution of another project of the pair, as rd.project.v1 carries it: JPY has no minor unit.
    await rd.produce(
      RdContributionDelivered,
      {
        projectId: randomUUID(),
        enterpriseId: pair.enterpriseId,
        schoolId: pair.schoolId,
        contributionId: randomUUID(),
        side: 'enterprise',
        kind: 'funding',
        form: 'cash',
        value: { currency: 'JPY', amountMinor: 1_500_000 },
        occurredAt: '2026-08-20T00:00:00Z',
      },
      randomUUID(),
    );
    await call('POST', `/v1/projects/${projectId}/outcomes`, pair.enterpriseKey, {
      kind: 'patent',
      title: 'Scratch detection',
      patent: { status: 'filed', applicationNumber: 'CN1', office: 'CNIPA', filedOn: '2026-09-01' },
    });
    const card = await waitFor('the counters', async () => {
      const c = (await scorecard()).body;
      return c.totals.outcomes.patent === 1 &&
        c.totals.contributions.CNY === 1_234_567 &&
        c.totals.contributions.JPY === 1_500_000 &&
        c.totals.engineerEngagements === 1
        ? c
        : undefined;
    });
    expect(card.quarters.find((q: any) => q.quarter === '2026-Q3')).toMatchObject({ engineerEngagements: 1, engineerTeachingHours: 24 });
    expect(card.quarters.map((q: any) => q.agreementsInForce)).toEqual([1, 1, 1, 1]);

    const csv = await scorecard('csv');
    expect(csv.contentType).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('contributions_CNY_minor');
    expect(csv.body.split('\r\n')).toHaveLength(6);
    // The format comes from ?format only, never from Accept, so one URL has one answer and needs no Vary: Accept.
    const byAccept = await httpJson('GET', `${rd.baseUrl}/v1/scorecards/${pair.schoolId}/${pair.enterpriseId}?from=2026-Q1&to=2026-Q4`, {
      token: pair.schoolKey,
      headers: { accept: 'text/csv' },
    });
    expect(byAccept.contentType).toContain('application/json');
    const html = await scorecard('html');
    expect(html.contentType).toContain('text/html');
    expect(html.body).toContain('<svg');
    expect(html.body).toContain('Riverside Vocational College');
    // Each currency with its own minor unit: yen without decimals, yuan with two.
    expect(html.body).toContain('JPY 1,500,000<');
    expect(html.body).not.toContain('JPY 15,000.00');
    expect(html.body).toContain('CNY 12,345.67');

    const pairs = (await call('GET', '/v1/scorecards', pair.enterpriseKey)).body.items;
    expect(pairs).toEqual([
      expect.objectContaining({
        schoolId: pair.schoolId,
        enterpriseId: pair.enterpriseId,
        links: expect.objectContaining({ csv: `/v1/scorecards/${pair.schoolId}/${pair.enterpriseId}?format=csv` }),
      }),
    ]);
    const stranger = await seedPair(rd);
    expect((await call('GET', '/v1/scorecards', stranger.schoolKey)).body.items.map((p: any) => p.enterpriseId)).not.toContain(
      pair.enterpriseId,
    );
    expect((await call('GET', `/v1/scorecards/${pair.schoolId}/${pair.enterpriseId}`, stranger.schoolKey)).status).toBe(404);
    expect(
      (await call('GET', `/v1/scorecards/${pair.schoolId}/${pair.enterpriseId}?from=2026-Q5`, pair.schoolKey)).body.errors[0].field,
    ).toBe('from');
  });

  it('follows a student linked to a placement when joining (an R&D internship that started before) to "led to a hire"', async () => {
    const lateStudent = `student-${randomUUID().slice(0, 8)}`;
    const placementId = `placement-${lateStudent}`;
    const outcome = <O extends 'started' | 'hired'>(kind: O, occurredAt: string) => ({
      ...placement(kind, occurredAt),
      placementId,
      studentId: lateStudent,
      kind: 'rd-internship' as const,
      role: 'R&D intern',
    });
    const startedBefore = (await scorecard()).body.totals.placementsStarted;
    await rd.produce(PlacementStarted, outcome('started', '2026-06-01T08:00:00.000Z'), pair.schoolId);
    await waitFor('the started placement copied', async () => (await scorecard()).body.totals.placementsStarted === startedBefore + 1);

    const joined = await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'student',
      personId: lateStudent,
      name: 'Chen Jing',
      role: 'Vision intern',
    });
    expect(joined.status).toBe(201);
    expect(joined.body.participants.find((p: any) => p.personId === lateStudent).placementId).toBe(placementId);
    const event = await waitFor('the joined event', () =>
      recorder.withHeader('ce_type', RdParticipationJoined.type).find((m) => JSON.parse(m.value!).personId === lateStudent),
    );
    expect(JSON.parse(event.value!)).toMatchObject({ participantKind: 'student', placementId, projectId });

    await rd.produce(PlacementHired, outcome('hired', '2026-11-20T08:00:00.000Z'), pair.schoolId);
    const link = await waitFor('the hire on the project', async () =>
      (await project()).placementLinks.find((l: any) => l.placementId === placementId && l.ledToHire),
    );
    expect(link).toMatchObject({
      studentId: lateStudent,
      status: 'hired',
      hire: { positionTitle: 'Vision technician', hireDate: '2026-11-02' },
    });
    const trail = (await call('GET', `/v1/trails/students/${lateStudent}`, pair.schoolKey)).body;
    expect(trail).toMatchObject({
      hired: true,
      projects: [
        { projectId, ledToHire: true, placements: [expect.objectContaining({ placementId, status: 'hired', kind: 'rd-internship' })] },
      ],
    });
  });
});

import { Producer } from 'kafkajs';
import { Db } from 'mongodb';
import { RdPlacementAccepted, RdPlacementProposed, RdPlacementRefused, Topics } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';
import {
  connectedProducer,
  erpHireEvent,
  grantPlacementConsent,
  httpJson,
  InProcessService,
  postErpEvents,
  startInProcessService,
  testKafka,
  testKafkaBrokers,
  testMongoUri,
  TopicRecorder,
  uniqueName,
  waitFor,
  waitForConsumed,
} from '@app/testing';
import { RdCollaborationConfigSchema } from '../../apps/rd-collaboration/src/config/rd-collaboration.config';
import { RdCollaborationModule } from '../../apps/rd-collaboration/src/rd-collaboration.module';
import { projectFromTalentPipeline } from '../../apps/rd-collaboration/test/rd-collaboration.harness';
import { TalentPipelineConfigSchema } from '../../apps/talent-pipeline/src/config/talent-pipeline.config';
import { RD_PLACEMENT_DECISIONS } from '../../apps/talent-pipeline/src/rd-placements/rd-placement-decisions.repository';
import { TalentPipelineModule } from '../../apps/talent-pipeline/src/talent-pipeline.module';

jest.setTimeout(180_000);

const ADMIN = 'rd-placement-admin-token';

/**
 * Choreography across two services on one broker: an R&D project proposes its student for an
 * R&D internship (rd.placement.proposed.v1), the talent pipeline creates the placement or refuses
 * it and says why (talent.rd-placement-decision.v1), and its outcomes up to an ERP hire come back
 * on talent.placement-outcome.v1 ("led to a hire").
 */
describe('an R&D project student proposed for an R&D internship, placed and hired (talent-pipeline + rd-collaboration, real Kafka + Mongo)', () => {
  const prefix = `${uniqueName('rdpl')}.`;
  const common = (service: string) => ({
    MONGO_URI: testMongoUri(uniqueName(service).replace(/-/g, '_')),
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}${service}`,
    ADMIN_API_TOKEN: ADMIN,
    OUTBOX_POLL_MS: '200',
    CONSUMER_RETRY_BASE_MS: '20',
  });
  const proposalsTopic = `${prefix}${Topics.rdPlacementProposals}`;
  const decisionsTopic = `${prefix}${Topics.rdPlacementDecisions}`;
  let talent: InProcessService;
  let rd: InProcessService;
  let recorder: TopicRecorder;
  let producer: Producer;
  let enterprise: { id: string; apiKey: string; erpSigningSecret: string };
  let schoolId: string;
  let projectId: string;
  let agreementId: string;
  let keys: { school: string; enterprise: string };
  const students: Record<'placed' | 'noConsent' | 'otherSchool', string> = { placed: '', noConsent: '', otherSchool: '' };
  const participations: Record<'placed' | 'noConsent' | 'otherSchool' | 'unknown', string> = {
    placed: '',
    noConsent: '',
    otherSchool: '',
    unknown: '',
  };
  let placementId: string;

  const tp = (method: string, path: string, body?: unknown) => httpJson(method, `${talent.baseUrl}${path}`, { token: ADMIN, body });
  const rdCall = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const ok = async (what: string, answer: Promise<{ status: number; body: any }>) => {
    const { status, body } = await answer;
    if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
    return body;
  };
  const project = async () => (await rdCall('GET', `/v1/projects/${projectId}`, keys.enterprise)).body;
  const propose = (participationId: string) =>
    rdCall('POST', `/v1/projects/${projectId}/participants/${participationId}/placement-proposals`, keys.enterprise, {
      role: 'Vision inspection intern',
      startDate: '2026-05-04',
      endDate: '2026-08-28',
    });
  const deadLetters = () => recorder.messages.filter((m) => m.topic === `${proposalsTopic}.dlt`);
  const decisions = () =>
    recorder.messages
      .filter((m) => m.topic === decisionsTopic)
      .map((m) => ({ key: m.key, type: m.headers.ce_type, data: JSON.parse(m.value!) }));
  const participantOf = async (participationId: string) =>
    (await project()).participants.find((p: { participationId: string }) => p.participationId === participationId);

  beforeAll(async () => {
    talent = await startInProcessService({
      configSchema: TalentPipelineConfigSchema,
      rootModule: (c) => TalentPipelineModule.forRoot(c),
      env: common('talent-pipeline'),
    });
    rd = await startInProcessService({
      configSchema: RdCollaborationConfigSchema,
      rootModule: (c) => RdCollaborationModule.forRoot(c),
      env: common('rd-collaboration'),
    });
    const kafka = testKafka(`${prefix}test`);
    recorder = new TopicRecorder(kafka, [proposalsTopic, `${proposalsTopic}.dlt`, decisionsTopic]);
    await recorder.start();
    producer = await connectedProducer(kafka);

    // The talent pipeline: partners, an agreement covering R&D internships (and R&D, for the R&D service), students.
    schoolId = (await ok('school', tp('POST', '/v1/schools', { name: 'Riverside Vocational College', country: 'CN' }))).id;
    enterprise = await ok('enterprise', tp('POST', '/v1/enterprises', { name: 'Precision Motors', country: 'CN' }));
    const agreement = await ok(
      'agreement',
      tp('POST', '/v1/agreements', {
        schoolId,
        enterpriseId: enterprise.id,
        scope: 'Internships and joint R&D in vision inspection',
        period: { from: '2020-01-01', to: '2099-12-31' },
        placementKinds: ['internship', 'rd-internship'],
      }),
    );
    await ok('activate', tp('POST', `/v1/agreements/${agreement.id}/status`, { to: 'active' }));
    agreementId = agreement.id;
    for (const [name, givenName] of [
      ['placed', 'Li'],
      ['noConsent', 'Hu'],
    ] as const) {
      students[name] = (
        await ok(
          'student',
          tp('POST', '/v1/students', { schoolId, givenName, familyName: 'Wei', programme: 'mechatronics', cohort: '2025' }),
        )
      ).id;
    }
    await grantPlacementConsent({ baseUrl: talent.baseUrl, adminToken: ADMIN, enterpriseId: enterprise.id, studentId: students.placed });
    // A student of another school, with consent: only the school check refuses the proposal.
    const otherSchoolId = (await ok('other school', tp('POST', '/v1/schools', { name: 'Hillside Technical School', country: 'CN' }))).id;
    students.otherSchool = (
      await ok(
        'student',
        tp('POST', '/v1/students', {
          schoolId: otherSchoolId,
          givenName: 'Ma',
          familyName: 'Lin',
          programme: 'mechatronics',
          cohort: '2025',
        }),
      )
    ).id;
    await grantPlacementConsent({
      baseUrl: talent.baseUrl,
      adminToken: ADMIN,
      enterpriseId: enterprise.id,
      studentId: students.otherSchool,
    });

    // The R&D service: its copies of the partners and the agreement, keys, a selected proposal and its project.
    ({ keys, projectId } = await projectFromTalentPipeline(rd, ADMIN, {
      schoolId,
      enterpriseId: enterprise.id,
      agreementId: agreement.id,
    }));
    for (const [name, personId] of [
      ['placed', students.placed],
      ['noConsent', students.noConsent],
      ['otherSchool', students.otherSchool],
      ['unknown', '5b0f3c1e-0000-4000-8000-000000000000'],
    ] as const) {
      const joined = await ok(
        'participant',
        rdCall('POST', `/v1/projects/${projectId}/participants`, keys.school, {
          kind: 'student',
          personId,
          name: 'Student',
          role: 'Integration',
        }),
      );
      participations[name] = joined.participants.find((p: { personId: string }) => p.personId === personId).participationId;
    }
  });

  afterAll(async () => {
    await recorder?.stop();
    await producer?.disconnect();
    await Promise.all([talent?.close(), rd?.close()]);
  });

  it('creates the placement (rd-internship, proposed) in the talent pipeline; a redelivered proposal creates nothing more', async () => {
    const proposed = await propose(participations.placed);
    expect(proposed.status).toBe(201);
    placementId = proposed.body.participants.find((p: { participationId: string }) => p.participationId === participations.placed)
      .placementProposal.placementId;

    const placement = await waitForConsumed(talent, 'the placement in the talent pipeline', async () => {
      const answer = await tp('GET', `/v1/placements/${placementId}`);
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(placement).toMatchObject({
      id: placementId,
      studentId: students.placed,
      enterpriseId: enterprise.id,
      schoolId,
      kind: 'rd-internship',
      role: 'Vision inspection intern',
      startDate: '2026-05-04',
      endDate: '2026-08-28',
      status: 'proposed',
    });
    const record = recorder.messages.find((m) => m.topic === proposalsTopic && m.headers.ce_type === RdPlacementProposed.type)!;
    expect(placement.history[0].cause).toBe(`${RdPlacementProposed.type} ${record.headers.ce_id}`);

    // The answer reaches the project: accepted, naming the proposal it answers.
    const participant = await waitForConsumed(rd, 'the accepted proposal on the project', async () => {
      const x = await participantOf(participations.placed);
      return x.placementProposal.decision ? x : undefined;
    });
    expect(participant.placementProposal).toMatchObject({
      placementId,
      proposalEventId: record.headers.ce_id,
      decision: { status: 'accepted', decidedAt: expect.any(String) },
    });
    expect(participant.placementId).toBe(placementId);
    expect(decisions()).toEqual([
      {
        key: projectId,
        type: RdPlacementAccepted.type,
        data: expect.objectContaining({
          placementId,
          projectId,
          participationId: participations.placed,
          proposalEventId: record.headers.ce_id,
        }),
      },
    ]);

    // The same record delivered again, then a sentinel on the same key (so the same partition, after it): once the
    // sentinel is dead-lettered, the redelivery was handled, and it left one placement.
    await producer.send({ topic: proposalsTopic, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    await producer.send({
      topic: proposalsTopic,
      messages: [{ key: record.key, value: JSON.stringify({ placementId }), headers: { ...record.headers, ce_id: 'sentinel' } }],
    });
    await waitFor('the sentinel on the dead-letter topic', () => deadLetters().some((m) => m.key === record.key));
    expect(
      deadLetters()
        .filter((m) => m.key === record.key)
        .map((m) => m.headers['dlt-reason']),
    ).toEqual(['invalid']);
    const listed = await tp('GET', `/v1/placements?studentId=${students.placed}`);
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([placementId]);
    // Answered once: the redelivery found its answer written.
    expect(decisions().filter((d) => d.data.placementId === placementId)).toHaveLength(1);

    // A crash between the placement and its answer (the answer's document never written): the proposal, delivered
    // again because its offset was not committed, finds the placement and answers then.
    await talent.app
      .get<Db>(MONGO_DB)
      .collection(RD_PLACEMENT_DECISIONS)
      .deleteOne({ _id: placementId as never });
    await producer.send({ topic: proposalsTopic, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    const answers = await waitFor('the answer written on the redelivery', () => {
      const found = decisions().filter((d) => d.data.placementId === placementId);
      return found.length === 2 ? found : undefined;
    });
    expect(answers[1]).toMatchObject({ type: RdPlacementAccepted.type, data: { proposalEventId: record.headers.ce_id } });
    expect((await tp('GET', `/v1/placements?studentId=${students.placed}`)).body.items).toHaveLength(1);
  });

  it('follows the placement from started to an ERP hire: the project shows it led to a hire', async () => {
    for (const to of ['offered', 'accepted']) await ok(to, tp('POST', `/v1/placements/${placementId}/transitions`, { to }));
    for (const party of ['school', 'enterprise', 'student']) {
      await ok(`${party} signs`, tp('POST', `/v1/placements/${placementId}/agreement/signatures`, { party, signedBy: party }));
    }
    await ok('active', tp('POST', `/v1/placements/${placementId}/transitions`, { to: 'active' }));
    await waitForConsumed(rd, 'the started placement on the project', async () =>
      (await project()).placementLinks.some(
        (l: { placementId: string; status: string }) => l.placementId === placementId && l.status === 'started',
      ),
    );
    expect((await project()).ledToHire).toBe(false);

    const hire = erpHireEvent(
      { placementId, position: { title: 'Vision technician' }, hireDate: '2026-09-01' },
      undefined,
      'urn:erp:precision-motors:sap',
    );
    const answer = await postErpEvents({
      baseUrl: talent.baseUrl,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: hire,
    });
    expect(answer.status).toBeLessThan(300);
    const hired = await waitForConsumed(rd, 'the project to show it led to a hire', async () => {
      const p = await project();
      return p.ledToHire ? p : undefined;
    });
    expect(hired.placementLinks).toEqual([
      expect.objectContaining({
        placementId,
        studentId: students.placed,
        status: 'hired',
        ledToHire: true,
        hire: { positionTitle: 'Vision technician', hireDate: '2026-09-01' },
      }),
    ]);
    const participant = hired.participants.find((p: { personId: string }) => p.personId === students.placed);
    expect(participant).toMatchObject({ placementId, placementProposal: expect.objectContaining({ placementId }) });
    const trail = (await rdCall('GET', `/v1/trails/students/${students.placed}`, keys.school)).body;
    expect(trail).toMatchObject({
      hired: true,
      path: [
        expect.objectContaining({
          placementId,
          placementStatus: 'hired',
          hire: { positionTitle: 'Vision technician', hireDate: '2026-09-01' },
        }),
      ],
    });
    expect((await tp('GET', `/v1/placements/${placementId}`)).body.status).toBe('hired');
  });

  it('answers a proposal it refuses with why (unknown student, no consent, another school, no agreement), creates nothing, and accepts it proposed again once the cause is fixed', async () => {
    const refused: Record<string, string> = {};
    for (const name of ['unknown', 'noConsent', 'otherSchool'] as const) {
      // Accepted by the R&D service (it cannot know the talent pipeline's students or consents); refused there.
      const answer = await ok(`propose the ${name} student`, propose(participations[name]));
      refused[name] = answer.participants.find(
        (p: { participationId: string }) => p.participationId === participations[name],
      ).placementProposal.placementId;
    }
    const reasons = { unknown: 'unknown-student', noConsent: 'consent-missing', otherSchool: 'student-of-another-school' } as const;
    for (const name of ['unknown', 'noConsent', 'otherSchool'] as const) {
      const participant = await waitForConsumed(rd, `the refusal of the ${name} student's proposal on the project`, async () => {
        const x = await participantOf(participations[name]);
        return x.placementProposal.decision ? x : undefined;
      });
      expect(participant.placementProposal.decision).toEqual({
        status: 'refused',
        reason: reasons[name],
        detail: expect.any(String),
        decidedAt: expect.any(String),
      });
      // The id names no placement: the participant no longer links to it.
      expect(participant.placementId).toBeUndefined();
      expect((await tp('GET', `/v1/placements/${refused[name]}`)).status).toBe(404);
    }
    const refusals = decisions().filter((d) => d.type === RdPlacementRefused.type);
    expect(refusals.map((d) => d.data.reason).sort()).toEqual(Object.values(reasons).sort());
    expect(refusals.every((d) => d.key === projectId)).toBe(true);
    expect(refusals.find((d) => d.data.reason === 'consent-missing')!.data.detail).toContain('consent');
    // No student data in the answers, and nothing dead-lettered but the sentinel of the first test.
    expect(JSON.stringify(refusals)).not.toContain(students.otherSchool);
    expect(deadLetters()).toHaveLength(1);

    // The cause fixed (the student consents), the school proposes the student again with the same terms: placed.
    const before = await participantOf(participations.noConsent);
    await grantPlacementConsent({ baseUrl: talent.baseUrl, adminToken: ADMIN, enterpriseId: enterprise.id, studentId: students.noConsent });
    // The refused proposal delivered again (a crash before its offset was committed, a replay), the consent given
    // meanwhile: its answer stands, so no placement is created behind the project's refusal. A sentinel on the same key
    // (so after it on the partition) shows the redelivery was handled once it is dead-lettered.
    const refusedRecord = recorder.messages.find(
      (m) => m.topic === proposalsTopic && m.headers.ce_id === before.placementProposal.proposalEventId,
    )!;
    const replayed = { key: refusedRecord.key, value: refusedRecord.value, headers: refusedRecord.headers };
    await producer.send({ topic: proposalsTopic, messages: [replayed] });
    await producer.send({
      topic: proposalsTopic,
      messages: [
        {
          ...replayed,
          value: JSON.stringify({ placementId: refused.noConsent }),
          headers: { ...refusedRecord.headers, ce_id: 'sentinel-2' },
        },
      ],
    });
    await waitFor('the second sentinel dead-lettered', () => deadLetters().length === 2);
    expect((await tp('GET', `/v1/placements/${refused.noConsent}`)).status).toBe(404);
    expect(
      decisions()
        .filter((d) => d.data.placementId === refused.noConsent)
        .map((d) => d.type),
    ).toEqual([RdPlacementRefused.type]);
    const again = await propose(participations.noConsent);
    expect(again.status).toBe(201);
    const proposal = again.body.participants.find(
      (p: { participationId: string }) => p.participationId === participations.noConsent,
    ).placementProposal;
    expect(proposal).toMatchObject({ placementId: refused.noConsent });
    expect(proposal.decision).toBeUndefined();
    expect(proposal.proposalEventId).not.toBe(before.placementProposal.proposalEventId);
    const accepted = await waitForConsumed(rd, 'the second proposal accepted', async () => {
      const x = await participantOf(participations.noConsent);
      return x.placementProposal.decision?.status === 'accepted' ? x : undefined;
    });
    expect(accepted.placementId).toBe(refused.noConsent);
    expect((await tp('GET', `/v1/placements/${refused.noConsent}`)).body).toMatchObject({
      studentId: students.noConsent,
      kind: 'rd-internship',
      status: 'proposed',
    });
    // Once accepted, another proposal for the student with other terms is a conflict again.
    const changed = await rdCall(
      'POST',
      `/v1/projects/${projectId}/participants/${participations.noConsent}/placement-proposals`,
      keys.enterprise,
      { role: 'Another role', startDate: '2026-05-04', endDate: '2026-08-28' },
    );
    expect(changed.status).toBe(409);

    // The agreement suspended in the talent pipeline: nothing covers R&D internships of this pair any more. The R&D
    // project lives on (only new projects need an agreement), and a proposal for a newly joined student is refused.
    const late = (
      await ok(
        'student',
        tp('POST', '/v1/students', { schoolId, givenName: 'Qi', familyName: 'Wei', programme: 'mechatronics', cohort: '2025' }),
      )
    ).id;
    await grantPlacementConsent({ baseUrl: talent.baseUrl, adminToken: ADMIN, enterpriseId: enterprise.id, studentId: late });
    const joined = await ok(
      'participant',
      rdCall('POST', `/v1/projects/${projectId}/participants`, keys.school, {
        kind: 'student',
        personId: late,
        name: 'Student',
        role: 'Integration',
      }),
    );
    const lateParticipation = joined.participants.find((p: { personId: string }) => p.personId === late).participationId;
    await ok('suspend the agreement', tp('POST', `/v1/agreements/${agreementId}/status`, { to: 'suspended' }));
    const lateProposal = (await ok('propose the late student', propose(lateParticipation))).participants.find(
      (p: { participationId: string }) => p.participationId === lateParticipation,
    ).placementProposal;
    const noAgreement = await waitForConsumed(rd, 'the refusal for want of an agreement', async () => {
      const x = await participantOf(lateParticipation);
      return x.placementProposal.decision ? x : undefined;
    });
    expect(noAgreement.placementProposal.decision).toMatchObject({ status: 'refused', reason: 'no-agreement' });
    expect((await tp('GET', `/v1/placements/${lateProposal.placementId}`)).status).toBe(404);
    expect(deadLetters()).toHaveLength(2);
  });
});

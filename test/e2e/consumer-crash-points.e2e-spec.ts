import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import {
  AgreementStatusChanged,
  EngineerTeachingSignedOff,
  EnterpriseRegistered,
  PlacementHired,
  RdHoursLogged,
  SchoolRegistered,
  Topics,
} from '@app/contracts';
import { EventPublisher, newCloudEvent, TopicNamer } from '@app/messaging';
import { e2eServiceEnv, httpJson, postOk as post, ServiceProcess, testKafka, uniqueName, waitFor } from '@app/testing';
import { challengeBody, placementOutcomeData, projectBody, proposalBody } from '../../apps/rd-collaboration/test/rd-collaboration.harness';

jest.setTimeout(240_000);

const ADMIN = 'e2e-consumer-crash-admin-token-0123';
// Below 32768, a range of its own (the other suites use 20,000-27,000).
const PORT = 28_000 + Math.floor(Math.random() * 1000);
const TALENT = 'urn:school-enterprise:talent-pipeline';
const RD = 'urn:school-enterprise:rd-collaboration';
const SECONDMENT = 'urn:school-enterprise:teacher-secondment';

/**
 * kill -9 of a service after a consumed event's effects are written and before its offset is
 * committed (`FAULT_POINTS=consumer.after-handled`, the shared Kafka transport's point, so every
 * service has it). The event is delivered again after the restart and must have one effect: R&D
 * hours credited to the teacher once (teacher secondment), an engineer's teaching counted once in
 * the pair's scorecard (R&D collaboration).
 */

/** Resolves once the group has committed past the first record of `topic` (the record was handled). */
async function committedPastFirstRecord(clientId: string, groupId: string, topic: string): Promise<void> {
  const admin = testKafka(clientId).admin();
  await admin.connect();
  try {
    await waitFor(
      'the record committed after the restart',
      async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions.some((p) => Number(p.offset) > 0),
      { timeoutMs: 60_000 },
    );
  } finally {
    await admin.disconnect();
  }
}

describe('crash points: kill -9 of a consumer between its writes and its offset commit (processes)', () => {
  const prefix = `${uniqueName('ccrash')}.`;
  const env: Record<string, string> = {
    ...e2eServiceEnv(prefix, 'teacher-secondment'),
    ADMIN_API_TOKEN: ADMIN,
    CREDENTIAL_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
    COMPLIANCE_SWEEP_ON_START: 'false',
  };
  const publisher = new EventPublisher(testKafka(`${prefix}publisher`), new TopicNamer(prefix));
  const mongo = new MongoClient(env.MONGO_URI);
  let secondment: ServiceProcess;
  const schoolId = randomUUID();
  const enterpriseId = randomUUID();

  const start = async (armed: boolean) => {
    secondment = new ServiceProcess('teacher-secondment', PORT, armed ? { ...env, FAULT_POINTS: 'consumer.after-handled' } : env);
    await secondment.start();
  };

  beforeAll(async () => {
    await mongo.connect();
    await start(false);
    const at = new Date().toISOString();
    const agreementId = randomUUID();
    await publisher.publish([
      {
        id: randomUUID(),
        topic: Topics.partners,
        key: schoolId,
        event: newCloudEvent(SchoolRegistered, {
          source: TALENT,
          data: { schoolId, name: 'Crash Vocational', country: 'CN', registeredAt: at },
        }),
      },
      {
        id: randomUUID(),
        topic: Topics.partners,
        key: enterpriseId,
        event: newCloudEvent(EnterpriseRegistered, {
          source: TALENT,
          data: { enterpriseId, name: 'Crash Cranes', country: 'CN', registeredAt: at },
        }),
      },
      {
        id: randomUUID(),
        topic: Topics.agreements,
        key: agreementId,
        event: newCloudEvent(AgreementStatusChanged, {
          source: TALENT,
          data: {
            agreementId,
            schoolId,
            enterpriseId,
            scope: 'R&D and teacher practice',
            period: { from: '2020-01-01', to: '2099-12-31' },
            placementKinds: ['internship'],
            status: 'active',
            version: 2,
            previousStatus: 'draft',
            changedAt: at,
          },
        }),
      },
    ]);
    await waitFor(
      'the partner and agreement copies',
      async () => (await httpJson('GET', `${secondment.baseUrl}/v1/agreements/${agreementId}`, { token: ADMIN })).status === 200,
      { timeoutMs: 60_000 },
    );
  });
  afterAll(async () => {
    await secondment?.stop();
    await publisher.disconnect();
    await mongo.close();
  });

  it('R&D hours handled when the process dies are handled again after the restart and credited once', async () => {
    const schoolKey = (await post(`${secondment.baseUrl}/v1/access/keys`, ADMIN, { role: 'school', partnerId: schoolId })).apiKey;
    const teacher = await post(`${secondment.baseUrl}/v1/teachers`, schoolKey, {
      displayName: 'Chen Jing',
      subject: 'Mechatronics',
      professionalCourse: true,
      hireDate: '2015-09-01',
      priorEnterpriseExperienceMonths: 0,
    });
    // Armed only now: everything consumed so far was committed by an unarmed process.
    expect(await secondment.stop()).toBe(0);
    await start(true);

    const entryId = `crash-${randomUUID()}`;
    await publisher.publish([
      {
        id: randomUUID(),
        topic: Topics.rdParticipation,
        key: teacher.id,
        event: newCloudEvent(RdHoursLogged, {
          source: RD,
          data: {
            entryId,
            projectId: randomUUID(),
            enterpriseId,
            schoolId,
            teacherId: teacher.id,
            date: '2026-10-15',
            hours: 6,
            activity: 'test rig commissioning',
            occurredAt: new Date().toISOString(),
          },
        }),
      },
    ]);
    expect(await secondment.exitCode()).toBeNull(); // killed by SIGKILL, no exit code
    const db = mongo.db();
    const creditedEntries = async () => {
      const stored = await db.collection<{ _id: string; rdHours?: { entryId: string }[] }>('teachers').findOne({ _id: teacher.id });
      return (stored?.rdHours ?? []).filter((e) => e.entryId === entryId).length;
    };
    // It died after the handler's writes: the hours were already credited, the offset not committed.
    expect(await creditedEntries()).toBe(1);
    expect(await db.collection('rd_hours').countDocuments({ _id: entryId as never })).toBe(1);

    await start(false);
    // Redelivered and handled again: the group's committed offset moves past the record, still one credit.
    await committedPastFirstRecord(`${prefix}admin`, env.KAFKA_GROUP_ID, `${prefix}${Topics.rdParticipation}`);
    expect(await creditedEntries()).toBe(1);
  });
});

describe('crash points: kill -9 of the R&D service (processes)', () => {
  const prefix = `${uniqueName('rcrash')}.`;
  const env: Record<string, string> = { ...e2eServiceEnv(prefix, 'rd-collaboration'), ADMIN_API_TOKEN: ADMIN };
  const publisher = new EventPublisher(testKafka(`${prefix}publisher`), new TopicNamer(prefix));
  const mongo = new MongoClient(env.MONGO_URI);
  let rd: ServiceProcess;

  beforeAll(async () => mongo.connect());
  afterAll(async () => {
    await rd?.stop();
    await publisher.disconnect();
    await mongo.close();
  });

  it('an engineer’s signed-off teaching handled when the process dies is counted once in the scorecard', async () => {
    // A run of its own: nothing else is on its topics, so the first record it handles is this one.
    rd = new ServiceProcess('rd-collaboration', PORT + 1, { ...env, FAULT_POINTS: 'consumer.after-handled' });
    await rd.start();
    const schoolId = randomUUID();
    const now = new Date().toISOString();
    await publisher.publish([
      {
        id: randomUUID(),
        topic: Topics.engineerTeaching,
        key: schoolId,
        event: newCloudEvent(EngineerTeachingSignedOff, {
          source: SECONDMENT,
          data: {
            engagementId: randomUUID(),
            enterpriseId: randomUUID(),
            schoolId,
            engineerId: randomUUID(),
            course: 'PLC fault finding',
            hours: 12,
            signedOffAt: now,
            occurredAt: now,
          },
        }),
      },
    ]);
    expect(await rd.exitCode()).toBeNull(); // killed by SIGKILL, no exit code
    const quarters = mongo
      .db()
      .collection<{ schoolId: string; counts?: { engineerEngagements?: number }; seen?: string[] }>('scorecard_quarters');
    const counted = async () => (await quarters.find({ schoolId }).toArray()).map((q) => [q.counts?.engineerEngagements, q.seen?.length]);
    // It died after the count was written, before the offset was committed.
    expect(await counted()).toEqual([[1, 1]]);

    rd = new ServiceProcess('rd-collaboration', PORT + 1, env);
    await rd.start();
    await committedPastFirstRecord(`${prefix}admin`, env.KAFKA_GROUP_ID, `${prefix}${Topics.engineerTeaching}`);
    expect(await counted()).toEqual([[1, 1]]);
  });

  /** A school and an enterprise with an active agreement, as the talent pipeline announces them, and a key for each. */
  async function seedPair() {
    const schoolId = randomUUID();
    const enterpriseId = randomUUID();
    const agreementId = randomUUID();
    const at = new Date().toISOString();
    const event = (id: string, topic: string, built: Parameters<EventPublisher['publish']>[0][number]['event']) => ({
      id,
      topic,
      key: id,
      event: built,
    });
    await publisher.publish([
      event(
        schoolId,
        Topics.partners,
        newCloudEvent(SchoolRegistered, {
          source: TALENT,
          data: { schoolId, name: 'Harbour Vocational', country: 'CN', registeredAt: at },
        }),
      ),
      event(
        enterpriseId,
        Topics.partners,
        newCloudEvent(EnterpriseRegistered, {
          source: TALENT,
          data: { enterpriseId, name: 'Harbour Cranes', country: 'CN', registeredAt: at },
        }),
      ),
    ]);
    await publisher.publish([
      event(
        agreementId,
        Topics.agreements,
        newCloudEvent(AgreementStatusChanged, {
          source: TALENT,
          data: {
            agreementId,
            schoolId,
            enterpriseId,
            scope: 'Joint R&D in crane vision inspection',
            period: { from: '2020-01-01', to: '2035-12-31' },
            placementKinds: ['internship'],
            status: 'active',
            version: 2,
            previousStatus: 'draft',
            changedAt: at,
          },
        }),
      ),
    ]);
    const keyFor = (body: object) =>
      waitFor('the partner copy and a key for it', async () => {
        const issued = await httpJson('POST', `${rd.baseUrl}/v1/access-keys`, { token: ADMIN, body: { label: 'crash test', ...body } });
        return issued.status === 201 ? (issued.body.apiKey as string) : undefined;
      });
    const schoolKey = await keyFor({ role: 'school', schoolId });
    const enterpriseKey = await keyFor({ role: 'enterprise', enterpriseId });
    await waitFor(
      'the agreement copy',
      async () => (await httpJson('GET', `${rd.baseUrl}/v1/agreements?schoolId=${schoolId}`, { token: ADMIN })).body.items?.length > 0,
    );
    return { schoolId, enterpriseId, schoolKey, enterpriseKey };
  }

  // Between two of a handler's own writes: the hire linked to the student's project, not yet counted.
  it('a hire linked to the student’s project when the process dies is counted once, with the project’s participant hire, after the restart', async () => {
    await rd?.stop();
    rd = new ServiceProcess('rd-collaboration', PORT + 1, { ...env, FAULT_POINTS: 'rd-placement-outcome.after-link' });
    await rd.start();
    const pair = await seedPair();
    const challenge = await post(`${rd.baseUrl}/v1/challenges`, pair.enterpriseKey, challengeBody({ confidentiality: 'public' }));
    const proposal = await post(`${rd.baseUrl}/v1/challenges/${challenge.id}/proposals`, pair.schoolKey, proposalBody());
    for (const to of ['qualified', 'shortlisted', 'selected'])
      await post(`${rd.baseUrl}/v1/proposals/${proposal.id}/stage`, pair.enterpriseKey, { to });
    const project = await post(`${rd.baseUrl}/v1/projects`, pair.enterpriseKey, projectBody(proposal.id));
    const studentId = `student-${randomUUID().slice(0, 8)}`;
    await post(`${rd.baseUrl}/v1/projects/${project.id}/participants`, pair.schoolKey, {
      kind: 'student',
      personId: studentId,
      name: 'Li Wei',
      role: 'Vision',
    });

    const placementId = `placement-${studentId}`;
    const hired = placementOutcomeData(
      { placementId, schoolId: pair.schoolId, enterpriseId: pair.enterpriseId, studentId },
      'hired',
      new Date().toISOString(),
    );
    await publisher.publish([
      {
        id: randomUUID(),
        topic: Topics.placementOutcomes,
        key: placementId,
        event: newCloudEvent(PlacementHired, { source: TALENT, data: hired }),
      },
    ]);
    expect(await rd.exitCode()).toBeNull(); // killed by SIGKILL at the fault point, no exit code

    const projects = mongo.db().collection<{ _id: string; placementLinks?: { placementId: string; ledToHire: boolean }[] }>('projects');
    const links = async () => (await projects.findOne({ _id: project.id }))?.placementLinks?.filter((l) => l.placementId === placementId);
    const quarters = mongo
      .db()
      .collection<{ schoolId: string; counts?: { hires?: number; rdParticipantHires?: number } }>('scorecard_quarters');
    // The pair's quarters also count the project itself; the hire's two counters are summed over them.
    const counted = async () =>
      (await quarters.find({ schoolId: pair.schoolId }).toArray()).reduce(
        (sum, q) => ({
          hires: sum.hires + (q.counts?.hires ?? 0),
          rdParticipantHires: sum.rdParticipantHires + (q.counts?.rdParticipantHires ?? 0),
        }),
        { hires: 0, rdParticipantHires: 0 },
      );
    // It died with the hire linked to the project and not yet counted.
    expect(await links()).toEqual([expect.objectContaining({ ledToHire: true })]);
    expect(await counted()).toEqual({ hires: 0, rdParticipantHires: 0 });

    rd = new ServiceProcess('rd-collaboration', PORT + 1, env);
    await rd.start();
    await waitFor('the redelivered hire to be counted', async () => (await counted()).hires > 0);
    await committedPastFirstRecord(`${prefix}admin`, env.KAFKA_GROUP_ID, `${prefix}${Topics.placementOutcomes}`);
    // The redelivery linked nothing twice and counted both the hire and the project's participant hire, once each.
    expect(await links()).toEqual([expect.objectContaining({ ledToHire: true })]);
    expect(await counted()).toEqual({ hires: 1, rdParticipantHires: 1 });
  });
});

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { ConsentChanged, ConsentErased, ErasureRequested, PlacementHired, PlacementStarted, Topics } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import { httpJson, testMongoUri, TopicRecorder, waitFor } from '@app/testing';
import {
  ADMIN_TOKEN,
  challengeBody,
  placementOutcomeData,
  projectBody,
  proposalBody,
  RdService,
  reviewerKey,
  seedPair,
  startRdCollaboration,
} from './rd-collaboration.harness';

jest.setTimeout(120_000);

const TALENT = 'urn:school-enterprise:talent-pipeline';

describe('privacy in rd-collaboration: consent copies, redaction, disclosure ledger, erasure (real Kafka + Mongo)', () => {
  let rd: RdService;
  let mongo: MongoClient;
  let recorder: TopicRecorder;
  let pair: Awaited<ReturnType<typeof seedPair>>;
  let projectId: string;
  let proposalId: string;
  const studentId = `student-${randomUUID()}`;
  const placementId = randomUUID();
  const studentName = `Li Wei ${randomUUID().slice(0, 6)}`;
  const studentRole = `Vision labelling ${randomUUID().slice(0, 6)}`;
  const teacherId = `teacher-${randomUUID()}`;
  const consentId = randomUUID();
  const call = (method: string, path: string, token: string, body?: unknown) => httpJson(method, `${rd.baseUrl}${path}`, { token, body });
  const studentRow = async (token: string) =>
    (await call('GET', `/v1/projects/${projectId}`, token)).body.participants.find((p: any) => p.personId === studentId);
  const consent = (changedAt: string, extra: { withdrawnAt?: string } = {}) => ({
    consentId,
    studentId,
    schoolId: pair.schoolId,
    enterpriseId: pair.enterpriseId,
    purpose: 'rd-project' as const,
    grantedAt: '2026-01-01T08:00:00Z',
    changedAt,
    ...extra,
  });
  const placement = <O extends 'started' | 'hired'>(outcome: O, occurredAt: string) =>
    placementOutcomeData({ placementId, schoolId: pair.schoolId, enterpriseId: pair.enterpriseId, studentId }, outcome, occurredAt);
  const trail = async () => (await call('GET', `/v1/trails/students/${studentId}`, pair.enterpriseKey)).body;
  const published = (type: string) =>
    recorder.messages.filter((m) => m.headers.ce_type === type).map((m) => ({ ...JSON.parse(m.value!), eventId: m.headers.ce_id }));
  const disclosuresOf = (personId: string) =>
    published('privacy.disclosure.recorded.v1').filter((d) => d.personId === personId && d.recipient.id === pair.enterpriseId);

  beforeAll(async () => {
    rd = await startRdCollaboration();
    mongo = await new MongoClient(testMongoUri(rd.database)).connect();
    recorder = new TopicRecorder(rd.kafka, [`${rd.prefix}${Topics.privacyErasure}`, `${rd.prefix}${Topics.privacyDisclosures}`]);
    await recorder.start();
    pair = await seedPair(rd);
    const team = [
      { kind: 'teacher', personId: teacherId, name: 'Zhang Min', role: 'Principal investigator' },
      { kind: 'student', personId: studentId, name: studentName, role: studentRole },
    ];
    const challenge = await call('POST', '/v1/challenges', pair.enterpriseKey, challengeBody({ confidentiality: 'public' }));
    proposalId = (await call('POST', `/v1/challenges/${challenge.body.id}/proposals`, pair.schoolKey, proposalBody({ team }))).body.id;
    for (const to of ['qualified', 'shortlisted', 'selected'])
      await call('POST', `/v1/proposals/${proposalId}/stage`, pair.enterpriseKey, { to });
    projectId = (await call('POST', '/v1/projects', pair.enterpriseKey, projectBody(proposalId))).body.id;
    await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'teacher',
      personId: teacherId,
      name: 'Zhang Min',
      role: 'PI',
    });
    const joined = await call('POST', `/v1/projects/${projectId}/participants`, pair.schoolKey, {
      kind: 'student',
      personId: studentId,
      name: studentName,
      role: studentRole,
    });
    const participationId = joined.body.participants.find((p: any) => p.personId === studentId).participationId;
    await call('POST', `/v1/projects/${projectId}/participants/${participationId}/hours`, pair.schoolKey, {
      date: '2026-05-04',
      hours: 4,
      activity: `${studentName} labelled 200 housings`,
    });
    await rd.produce(PlacementStarted, placement('started', '2026-05-10T08:00:00.000Z'), pair.schoolId);
    await waitFor(
      'the placement link',
      async () => (await call('GET', `/v1/projects/${projectId}`, pair.schoolKey)).body.placementLinks.length === 1,
    );
  });
  afterAll(async () => {
    await recorder?.stop();
    await mongo?.close();
    await rd?.close();
  });

  it('shows a student to the enterprise only while an rd-project consent is in force, and records each disclosure', async () => {
    // Before any consent: the school sees its own student; the enterprise a redacted row, and the teacher.
    expect(await studentRow(pair.schoolKey)).toMatchObject({ name: studentName, role: studentRole });
    const before = await call('GET', `/v1/projects/${projectId}`, pair.enterpriseKey);
    expect(JSON.stringify(before.body)).not.toContain(studentName);
    expect(before.body.participants.find((p: any) => p.personId === studentId)).toMatchObject({ redacted: true, kind: 'student' });
    expect(before.body.participants.find((p: any) => p.personId === teacherId)).toMatchObject({ name: 'Zhang Min' });
    expect(before.body.hours[0]).toMatchObject({ hours: 4, redacted: true });
    expect(before.body.hours[0].activity).toBeUndefined();
    expect((await trail()).projects[0]).toMatchObject({ projectId, redacted: true });
    expect((await trail()).projects[0].role).toBeUndefined();
    const proposalBefore = await call('GET', `/v1/proposals/${proposalId}`, pair.enterpriseKey);
    expect(JSON.stringify(proposalBefore.body)).not.toContain(studentName);
    // The teacher's disclosure is recorded (basis: the project agreement); the redacted student's is not.
    const teacherDisclosure = await waitFor('the teacher disclosure', () =>
      disclosuresOf(teacherId).find((d) => d.purpose === 'GET /v1/projects/{id}'),
    );
    expect(teacherDisclosure).toMatchObject({
      personKind: 'teacher',
      schoolId: pair.schoolId,
      service: 'rd-collaboration',
      basis: { kind: 'agreement', agreementId: projectId },
      channel: 'api',
      fields: ['name', 'role'],
    });

    // Granted: the enterprise sees the name, and the ledger records it under the consent.
    await rd.produce(ConsentChanged, consent('2026-01-01T08:00:00Z'), studentId, TALENT);
    await waitFor('the consent copy to let the name through', async () => (await studentRow(pair.enterpriseKey)).name === studentName);
    expect((await trail()).projects[0]).toMatchObject({ projectId, role: studentRole });
    await waitFor('the trail read disclosed', () =>
      disclosuresOf(studentId).some((d) => d.purpose === 'GET /v1/trails/students/{studentId}' && d.fields.includes('role')),
    );
    const proposalAfter = await call('GET', `/v1/proposals/${proposalId}`, pair.enterpriseKey);
    expect(proposalAfter.body.team.find((m: any) => m.personId === studentId).name).toBe(studentName);
    // A reviewer is named by no consent: the student stays redacted for them, the teacher does not.
    const reviewerId = `reviewer-${randomUUID().slice(0, 8)}`;
    const reviewer = await reviewerKey(rd, reviewerId);
    await call('POST', `/v1/proposals/${proposalId}/reviewers`, pair.enterpriseKey, { reviewerId });
    const asReviewer = (await call('GET', `/v1/proposals/${proposalId}`, reviewer)).body;
    expect(asReviewer.team.find((m: any) => m.personId === studentId)).toMatchObject({ redacted: true });
    expect(asReviewer.team.find((m: any) => m.personId === teacherId)).toMatchObject({ name: 'Zhang Min' });
    expect(JSON.stringify(asReviewer)).not.toContain(studentName);
    // What the reviewer read is disclosed to the enterprise that named it, and recorded: the teacher, not the student.
    const reviewerRead = await waitFor('the reviewer read recorded', () =>
      disclosuresOf(teacherId).find((d) => d.purpose === `GET /v1/proposals/{id}, read by reviewer ${reviewerId}`),
    );
    expect(reviewerRead).toMatchObject({
      personKind: 'teacher',
      recipient: { kind: 'enterprise', id: pair.enterpriseId },
      basis: { kind: 'agreement' },
      fields: ['name', 'role'],
    });
    expect(disclosuresOf(studentId).some((d) => d.purpose.includes('read by reviewer'))).toBe(false);
    const studentDisclosure = await waitFor('the student disclosure', () =>
      disclosuresOf(studentId).find((d) => d.purpose === 'GET /v1/projects/{id}'),
    );
    expect(studentDisclosure).toMatchObject({
      personKind: 'student',
      recipient: { kind: 'enterprise', id: pair.enterpriseId },
      basis: { kind: 'consent', consentId },
      fields: ['name', 'role', 'hours.activity'],
      channel: 'api',
    });
    expect(JSON.stringify(studentDisclosure)).not.toContain(studentName);
    await waitFor('the proposal read disclosed', () => disclosuresOf(studentId).some((d) => d.purpose === 'GET /v1/proposals/{id}'));
    // The school's read of its own student is not a disclosure to a third party.
    const ledger = (await call('GET', `/v1/privacy/disclosures/${studentId}`, ADMIN_TOKEN)).body.items;
    expect(ledger.every((e: any) => e.recipient.kind === 'enterprise')).toBe(true);
    expect(ledger.length).toBeGreaterThanOrEqual(2);

    // Withdrawn: redacted at once. An older change arriving late, or a redelivery, does not bring it back.
    await rd.produce(ConsentChanged, consent('2026-03-01T08:00:00Z', { withdrawnAt: '2026-03-01T08:00:00Z' }), studentId, TALENT);
    await waitFor('the withdrawal', async () => (await studentRow(pair.enterpriseKey)).redacted === true);
    const ledgerSize = async () => (await call('GET', `/v1/privacy/disclosures/${studentId}`, ADMIN_TOKEN)).body.items.length;
    const disclosedBefore = await ledgerSize();
    await rd.produce(ConsentChanged, consent('2026-02-01T08:00:00.000Z'), studentId, TALENT);
    const marker = randomUUID();
    await rd.produce(
      ConsentChanged,
      { ...consent('2026-02-01T08:00:00Z'), consentId: marker, enterpriseId: randomUUID() },
      studentId,
      TALENT,
    );
    await waitFor(
      'the later record on the same key',
      async () =>
        (await mongo
          .db()
          .collection('consent_copies')
          .countDocuments({ _id: marker as never })) === 1,
    );
    expect(
      await mongo
        .db()
        .collection('consent_copies')
        .findOne({ _id: consentId as never }),
    ).toMatchObject({
      withdrawnAt: '2026-03-01T08:00:00Z',
    });
    const after = await call('GET', `/v1/projects/${projectId}`, pair.enterpriseKey);
    expect(JSON.stringify(after.body)).not.toContain(studentName);
    expect(after.body.participants.find((p: any) => p.personId === studentId)).toMatchObject({ redacted: true });
    expect(await ledgerSize()).toBe(disclosedBefore);
  });

  it("deletes a consent copy when the consent's tombstone arrives (null value on the compacted topic)", async () => {
    const tombstoned = randomUUID();
    await rd.produce(ConsentChanged, { ...consent('2026-05-01T08:00:00Z'), consentId: tombstoned }, tombstoned, TALENT);
    const copies = mongo.db().collection('consent_copies');
    await waitFor('the copy', async () => (await copies.countDocuments({ _id: tombstoned as never })) === 1);
    const tombstone = newCloudEvent(ConsentErased, { source: TALENT, subject: `consents/${tombstoned}`, data: null });
    await rd.resend(tombstone, Topics.privacyConsents, tombstoned);
    await waitFor('the copy deleted', async () => (await copies.countDocuments({ _id: tombstoned as never })) === 0);
    expect(await copies.countDocuments({ _id: consentId as never })).toBe(1);
  });

  it('erases the student in every store, confirms through Kafka with the actions, and a redelivery has no second effect', async () => {
    const requestId = `erasure-${randomUUID()}`;
    const request = await rd.produce(
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
      TALENT,
    );
    const confirmation = await waitFor('the confirmation', () =>
      published('privacy.erasure.confirmed.v1').find((c) => c.requestId === requestId && c.service === 'rd-collaboration'),
    );
    const action = (store: string) => confirmation.actions.find((a: any) => a.store === store);
    expect(confirmation.personId).toBe(studentId);
    expect(confirmation.tombstones).toEqual([]);
    expect(action('projects.participants')).toEqual({
      store: 'projects.participants',
      action: 'pseudonymised',
      fields: ['personId', 'name', 'role'],
      records: 1,
    });
    expect(action('projects.hours')).toMatchObject({ action: 'pseudonymised', records: 1 });
    expect(action('projects.placementLinks')).toMatchObject({ action: 'pseudonymised', records: 1 });
    expect(action('proposals.team')).toMatchObject({ action: 'pseudonymised', records: 1 });
    expect(action('placement_copies')).toMatchObject({ action: 'erased', records: 1 });
    expect(action('consent_copies')).toMatchObject({ action: 'erased', records: 2 });
    expect(action('disclosures').action).toBe('kept-anonymised');
    expect(action('disclosures').records).toBeGreaterThanOrEqual(2);

    // No document of any collection holds the student's id, name, role or activity text any more.
    const db = mongo.db();
    await waitFor('every outbox relayed', async () => {
      for (const { name } of await db.listCollections().toArray()) {
        if ((await db.collection(name).countDocuments({ outboxPending: true })) > 0) return false;
      }
      return true;
    });
    for (const { name } of await db.listCollections().toArray()) {
      const text = JSON.stringify(await db.collection(name).find({}).toArray());
      for (const value of [studentId, studentName, studentRole])
        expect({ collection: name, holds: text.includes(value) }).toEqual({ collection: name, holds: false });
    }

    // The row stays, pseudonymous, so counts hold; the trail no longer finds the student.
    const project = (await call('GET', `/v1/projects/${projectId}`, pair.schoolKey)).body;
    expect(project.participants).toHaveLength(2);
    expect(project.participants.find((p: any) => p.kind === 'student')).toMatchObject({ erased: true, name: '' });
    expect((await call('GET', `/v1/projects/${projectId}/closure-report`, pair.schoolKey)).body.people).toMatchObject({
      students: 1,
      teachers: 1,
    });
    expect((await call('GET', `/v1/trails/students/${studentId}`, ADMIN_TOKEN)).status).toBe(404);

    // Events about the student that arrive after the erasure (a late hire, a replayed consent) are
    // counted anonymously but bring no copy back.
    await rd.produce(ConsentChanged, consent('2026-04-01T08:00:00Z'), studentId, TALENT);
    await rd.produce(PlacementHired, placement('hired', '2026-11-02T08:00:00.000Z'), pair.schoolId);
    await waitFor('the late hire counted', async () => {
      const card = await call('GET', `/v1/scorecards/${pair.schoolId}/${pair.enterpriseId}?from=2026-Q1&to=2026-Q4`, pair.schoolKey);
      return card.body.quarters.find((q: any) => q.quarter === '2026-Q4')?.hires === 1;
    });
    const marker = randomUUID();
    await rd.produce(
      ConsentChanged,
      { ...consent('2026-04-01T08:00:00Z'), consentId: marker, studentId: `other-${marker}` },
      studentId,
      TALENT,
    );
    await waitFor(
      'a later consent on the same key',
      async () => (await db.collection('consent_copies').countDocuments({ _id: marker as never })) === 1,
    );
    expect(await db.collection('placement_copies').countDocuments({ studentId })).toBe(0);
    expect(await db.collection('consent_copies').countDocuments({ studentId })).toBe(0);
    expect((await call('GET', `/v1/projects/${projectId}`, pair.schoolKey)).body.ledToHire).toBe(false);

    // Redelivery: the same confirmation (same event id) again, nothing else changes.
    const version = project.version;
    const proof = (await call('GET', `/v1/privacy/erasures/${requestId}`, ADMIN_TOKEN)).body;
    expect(proof).toMatchObject({ status: 'confirmed', confirmation: { eventId: confirmation.eventId } });
    await rd.resend(request, Topics.privacyErasure, studentId);
    await waitFor(
      'the confirmation republished',
      () => published('privacy.erasure.confirmed.v1').filter((c) => c.requestId === requestId).length === 2,
    );
    const [first, second] = published('privacy.erasure.confirmed.v1').filter((c) => c.requestId === requestId);
    expect(second).toEqual(first);
    expect((await call('GET', `/v1/projects/${projectId}`, pair.schoolKey)).body.version).toBe(version);
    expect((await call('GET', `/v1/privacy/erasures/${requestId}`, ADMIN_TOKEN)).body.actions).toEqual(proof.actions);
  });
});

import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { Db, MongoClient } from 'mongodb';
import { ErasureConfirmed, PLATFORM_STUDENT_SCHEME, PrivacyService, Topics } from '@app/contracts';
import { EventPublisher, newCloudEvent } from '@app/messaging';
import {
  allowPlacement,
  cleanupPolicyOf,
  latestRecordsByKey,
  testKafka,
  erpHireEvent,
  erpKafkaRecord,
  httpJson,
  postErpEvents,
  postOk,
  ReceivedWebhook,
  settledErpInboxRecord,
  testMongoUri,
  waitFor,
  waitForConsumed,
  WebhookReceiver,
} from '@app/testing';
import { PERSONAL_DATA_MAP, STORES_WITHOUT_STUDENT_DATA } from '../../../tools/privacy/data-map';
import { ADMIN_TOKEN, seedInternship, signAgreement, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/** Every personal value the seeded student leaves anywhere in the talent pipeline. */
const PERSONAL = {
  givenName: 'Xiaoming',
  familyName: 'Erasable',
  externalId: 'EXT-ERASE-7731',
  skill: 'tig welding of thin sheets',
  signer: 'Xiaoming Erasable (signed in person)',
  comment: 'Xiaoming needs reminders about safety goggles',
  note: 'Xiaoming left early for a clinic visit',
  reason: 'Xiaoming moved to Shenzhen with family',
  erpEndReason: 'HR note: Xiaoming resigned after a dispute',
};

describe('Erasure of a student (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let db: Db;
  let publisher: EventPublisher;
  const okReceiver = new WebhookReceiver();
  const enterpriseReceiver = new WebhookReceiver();
  let enterpriseUrl: string;
  const failingReceiver = new WebhookReceiver();
  let okUrl: string;
  let failingUrl: string;

  const admin = { token: ADMIN_TOKEN };

  /** A school with webhook subscriptions, and a student with a completed placement whose outcomes were delivered to them. */
  async function seedStudentWithHistory(urls: string[], options: { erpHire?: boolean; enterpriseUrl?: string } = {}) {
    const base = service.baseUrl;
    const school = await postOk(`${base}/v1/schools`, ADMIN_TOKEN, { name: 'Erasure Vocational', country: 'CN' });
    const enterprise = await postOk(`${base}/v1/enterprises`, ADMIN_TOKEN, { name: 'Erasure Motors', country: 'CN' });
    const subscriptions: { id: string; secret: string }[] = [];
    for (const url of urls) {
      subscriptions.push(await postOk(`${base}/v1/schools/${school.id}/webhook-subscriptions`, school.apiKey, { url }));
    }
    // The enterprise's own subscription: it receives the student's part of the outcomes while the student's consent is in force.
    const enterpriseSubscription = options.enterpriseUrl
      ? await postOk(`${base}/v1/enterprises/${enterprise.id}/webhook-subscriptions`, enterprise.apiKey, { url: options.enterpriseUrl })
      : undefined;
    const student = await postOk(`${base}/v1/students`, ADMIN_TOKEN, {
      schoolId: school.id,
      givenName: PERSONAL.givenName,
      familyName: PERSONAL.familyName,
      programme: 'welding',
      cohort: '2026',
      externalIds: [{ value: PERSONAL.externalId, schemeId: 'school-roll' }],
      skills: [{ label: PERSONAL.skill }],
      availability: { from: '2026-03-01', to: '2026-08-31' },
    });
    await allowPlacement({
      baseUrl: base,
      adminToken: ADMIN_TOKEN,
      schoolId: school.id,
      enterpriseId: enterprise.id,
      studentId: student.id,
    });
    const placement = await postOk(`${base}/v1/placements`, ADMIN_TOKEN, {
      studentId: student.id,
      enterpriseId: enterprise.id,
      kind: 'internship',
      role: 'Welding intern',
      startDate: '2026-03-01',
    });
    const move = async (to: string, reason?: string) => {
      const moved = await httpJson('POST', `${base}/v1/placements/${placement.id}/transitions`, { ...admin, body: { to, reason } });
      expect(moved.status).toBe(200);
    };
    await move('offered');
    await move('accepted');
    for (const party of ['school', 'enterprise']) {
      await postOk(`${base}/v1/placements/${placement.id}/agreement/signatures`, ADMIN_TOKEN, { party, signedBy: `${party} officer` });
    }
    await postOk(`${base}/v1/placements/${placement.id}/agreement/signatures`, ADMIN_TOKEN, {
      party: 'student',
      signedBy: PERSONAL.signer,
    });
    await move('active');
    await postOk(`${base}/v1/placements/${placement.id}/attendance`, ADMIN_TOKEN, {
      date: '2026-03-02',
      hours: 0,
      status: 'excused',
      note: PERSONAL.note,
    });
    await postOk(`${base}/v1/placements/${placement.id}/evaluations`, ADMIN_TOKEN, {
      evaluator: 'Mentor Wang',
      scores: { safety: 4 },
      comment: PERSONAL.comment,
    });
    await move('completed', PERSONAL.reason);
    if (!options.erpHire) return { school, enterprise, student, placement, subscriptions, enterpriseSubscription };
    // The enterprise's ERP reports the hire naming the student by the school's roll number only.
    const hired = await postErpEvents({
      baseUrl: base,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: erpHireEvent({
        person: { ids: [{ value: PERSONAL.externalId, schemeId: 'school-roll' }] },
        position: { title: 'Welder' },
        hireDate: '2026-09-01',
      }),
    });
    expect(hired.status).toBe(202);
    // A late end from the ERP with free text about the student: the placement is hired by then, so it waits for review.
    const ended = await postErpEvents({
      baseUrl: base,
      enterpriseId: enterprise.id,
      secret: enterprise.erpSigningSecret,
      body: {
        specversion: '1.0',
        id: `end-${student.id}`,
        source: 'urn:erp:test',
        type: 'erp.placement-end.v1',
        data: {
          person: { ids: [{ value: PERSONAL.externalId, schemeId: 'school-roll' }] },
          outcome: 'terminated',
          endReason: PERSONAL.erpEndReason,
        },
      },
    });
    expect(ended.status).toBe(202);
    return { school, enterprise, student, placement, subscriptions, enterpriseSubscription };
  }

  const outcomesAt = (receiver: WebhookReceiver, studentId: string) =>
    receiver.received.filter((r) => JSON.parse(r.body).data?.studentId === studentId && JSON.parse(r.body).type.startsWith('talent.'));
  const noticesAt = (receiver: WebhookReceiver, studentId: string): ReceivedWebhook[] =>
    receiver.received.filter(
      (r) => JSON.parse(r.body).type === 'privacy.erasure.notice.v1' && JSON.parse(r.body).data.studentId === studentId,
    );

  const getRequest = (id: string) => httpJson('GET', `${service.baseUrl}/v1/operator/erasure-requests/${id}`, admin);
  const serviceStatus = (request: any, name: PrivacyService) => request.services.find((s: any) => s.service === name);

  /** A student with an internship left in `status`, erased by the operator; resolves once this service confirmed its part. */
  async function erasedWithInternship(options: Parameters<typeof seedInternship>[1]) {
    const seeded = await seedInternship(service.baseUrl, options);
    await erase(seeded.student.id);
    return seeded;
  }

  /** Files an erasure of the student and waits until this service has erased its own copy. */
  async function erase(studentId: string) {
    const filed = await postOk(`${service.baseUrl}/v1/operator/erasure-requests`, ADMIN_TOKEN, { studentId, reason: 'GDPR Art. 17' });
    await waitForConsumed(
      service,
      'the own confirmation',
      async () => serviceStatus((await getRequest(filed.id)).body, 'talent-pipeline').status === 'confirmed',
    );
  }

  /** What teacher-secondment and rd-collaboration publish once they have erased their copies. */
  async function confirmAs(service_: PrivacyService, request: { id: string; studentId: string }) {
    const event = newCloudEvent(ErasureConfirmed, {
      source: `urn:school-enterprise:${service_}`,
      subject: request.studentId,
      data: {
        requestId: request.id,
        personId: request.studentId,
        service: service_,
        actions: [{ store: 'copies', action: 'erased', fields: ['displayName'], records: 1 }],
        tombstones: [],
        confirmedAt: new Date().toISOString(),
      },
    });
    await publisher.publish([{ id: event.id, topic: Topics.privacyErasure, key: request.studentId, event }]);
    return event;
  }

  /** Every document of every collection of the service's database, as text. */
  async function everyStoredDocument(): Promise<{ collection: string; text: string }[]> {
    const out: { collection: string; text: string }[] = [];
    for (const { name } of await db.listCollections().toArray()) {
      for (const doc of await db.collection(name).find({}).toArray()) out.push({ collection: name, text: JSON.stringify(doc) });
    }
    return out;
  }

  beforeAll(async () => {
    service = await startTalentPipeline({ ERASURE_TRACK_MS: '100' });
    publisher = service.app.get(EventPublisher);
    mongo = await MongoClient.connect(testMongoUri(service.database));
    db = mongo.db(service.database);
    okUrl = await okReceiver.start();
    failingUrl = await failingReceiver.start();
    enterpriseUrl = await enterpriseReceiver.start();
    failingReceiver.respondWith = () => 500;
  });
  afterAll(async () => {
    await service?.close();
    await mongo?.close();
    await okReceiver.stop();
    await failingReceiver.stop();
    await enterpriseReceiver.stop();
  });

  /** Schools A and B, a student of A, and where each school files an erasure request for that student. */
  const twoSchoolsAndAStudentOfA = async (givenName: string, familyName: string) => {
    const base = service.baseUrl;
    const a = await postOk(`${base}/v1/schools`, ADMIN_TOKEN, { name: 'School A', country: 'CN' });
    const b = await postOk(`${base}/v1/schools`, ADMIN_TOKEN, { name: 'School B', country: 'CN' });
    const student = await postOk(`${base}/v1/students`, ADMIN_TOKEN, {
      schoolId: a.id,
      givenName,
      familyName,
      programme: 'logistics',
      cohort: '2026',
    });
    const fileAt = (schoolId: string) => `${base}/v1/schools/${schoolId}/students/${student.id}/erasure-requests`;
    return { base, a, b, student, fileAt };
  };

  it('files for a school only with its own key and its own student; validates the body; files once while open', async () => {
    const { base, a, b, student, fileAt } = await twoSchoolsAndAStudentOfA('Zhao', 'Lei');

    expect((await httpJson('POST', fileAt(a.id), { body: {} })).status).toBe(401);
    expect((await httpJson('POST', fileAt(a.id), { token: b.apiKey, body: {} })).status).toBe(403);
    // School B's own key on its own path, for school A's student: not found, not forbidden.
    const foreign = await httpJson('POST', fileAt(b.id), { token: b.apiKey, body: {} });
    expect(foreign.status).toBe(404);
    const tooLong = await httpJson('POST', fileAt(a.id), { token: a.apiKey, body: { reason: 'x'.repeat(501) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.map((e: any) => e.field)).toEqual(['reason']);
    const unknownField = await httpJson('POST', fileAt(a.id), { token: a.apiKey, body: { studentName: 'Zhao Lei' } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors.map((e: any) => e.field)).toEqual(['studentName']);

    const operatorWithoutReason = await httpJson('POST', `${base}/v1/operator/erasure-requests`, {
      ...admin,
      body: { studentId: student.id },
    });
    expect(operatorWithoutReason.status).toBe(400);
    expect(operatorWithoutReason.body.errors.map((e: any) => e.field)).toEqual(['reason']);
    expect((await httpJson('POST', `${base}/v1/operator/erasure-requests`, { token: a.apiKey, body: {} })).status).toBe(403);

    const first = await httpJson('POST', fileAt(a.id), { token: a.apiKey, body: { reason: 'GDPR Art. 17(1)(b)' } });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      studentId: student.id,
      schoolId: a.id,
      origin: 'school',
      reason: 'GDPR Art. 17(1)(b)',
      requestedBy: `school:${a.id}`,
      status: 'pending',
    });
    expect(first.body.services.map((s: any) => s.status)).toEqual(['pending', 'pending', 'pending']);
    const again = await httpJson('POST', fileAt(a.id), { token: a.apiKey, body: {} });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    const byOperator = await httpJson('POST', `${base}/v1/operator/erasure-requests`, {
      ...admin,
      body: { studentId: student.id, reason: "PIPL Art. 47: the person's request" },
    });
    expect(byOperator.body.id).toBe(first.body.id);

    // The school reads its own request; another school cannot.
    expect((await httpJson('GET', `${base}/v1/schools/${a.id}/erasure-requests/${first.body.id}`, { token: a.apiKey })).status).toBe(200);
    expect((await httpJson('GET', `${base}/v1/schools/${b.id}/erasure-requests/${first.body.id}`, { token: b.apiKey })).status).toBe(404);
    const listed = await httpJson('GET', `${base}/v1/operator/erasure-requests?schoolId=${a.id}&origin=school`, admin);
    expect(listed.body.items.map((r: any) => r.id)).toEqual([first.body.id]);
    expect((await httpJson('GET', `${base}/v1/operator/erasure-requests?status=open`, admin)).status).toBe(400);
  });

  it('filing again while the request is open returns it, also once this service has erased the student', async () => {
    const { base, a, b, student, fileAt } = await twoSchoolsAndAStudentOfA('Qian', 'Mo');
    const first = await httpJson('POST', fileAt(a.id), { token: a.apiKey, body: { reason: 'GDPR Art. 17(1)(b)' } });
    expect(first.status).toBe(202);
    // This service erases its own copy at once; the request stays open until the other services confirm.
    await waitFor(
      'the student erased here',
      async () => (await httpJson('GET', `${base}/v1/students/${student.id}`, admin)).status === 404,
    );
    const again = await httpJson('POST', fileAt(a.id), { token: a.apiKey, body: {} });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'pending' });
    const byOperator = await httpJson('POST', `${base}/v1/operator/erasure-requests`, {
      ...admin,
      body: { studentId: student.id, reason: "PIPL Art. 47: the person's request" },
    });
    expect(byOperator.body.id).toBe(first.body.id);
    // Another school learns nothing about the student or its request.
    expect((await httpJson('POST', fileAt(b.id), { token: b.apiKey, body: {} })).status).toBe(404);
  });

  it('a lock its completed request left behind (a crash between the two writes) does not block a new filing', async () => {
    const base = service.baseUrl;
    const school = await postOk(`${base}/v1/schools`, ADMIN_TOKEN, { name: 'School C', country: 'CN' });
    const student = await postOk(`${base}/v1/students`, ADMIN_TOKEN, {
      schoolId: school.id,
      givenName: 'Qian',
      familyName: 'Hao',
      programme: 'logistics',
      cohort: '2026',
    });
    const staleId = randomUUID();
    await db.collection('erasure_requests').insertOne({
      _id: staleId as never,
      studentId: student.id,
      schoolId: school.id,
      status: 'completed',
      version: 3,
      outbox: [],
    });
    await db.collection('erasure_open_requests').insertOne({ _id: student.id as never, requestId: staleId, lockedAt: new Date() });
    const filed = await httpJson('POST', `${base}/v1/schools/${school.id}/students/${student.id}/erasure-requests`, {
      token: school.apiKey,
      body: {},
    });
    expect(filed.status).toBe(202);
    expect(filed.body.id).not.toBe(staleId);
    expect(filed.body.status).toBe('pending');
    expect(await db.collection('erasure_open_requests').findOne({ _id: student.id as never })).toMatchObject({ requestId: filed.body.id });
  });

  it('erases the student from every collection, notices the recipient with a valid signature, and completes when all services confirmed', async () => {
    const seeded = await seedStudentWithHistory([okUrl], { erpHire: true, enterpriseUrl });
    const studentId = seeded.student.id;
    // The recipient was sent the student's outcomes (started, completed): it must get a notice.
    await waitFor('the outcomes at the receiver (started, completed, hired)', () => outcomesAt(okReceiver, studentId).length >= 3);
    await waitFor("the outcomes at the enterprise's receiver", () => outcomesAt(enterpriseReceiver, studentId).length >= 3);
    const before = (await everyStoredDocument()).filter((d) => d.text.includes(PERSONAL.givenName)).map((d) => d.collection);
    expect(before).toEqual(expect.arrayContaining(['students', 'placements', 'placement_attendance']));
    const idHolders = (await everyStoredDocument()).filter((d) => d.text.includes(PERSONAL.externalId)).map((d) => d.collection);
    expect(idHolders).toEqual(expect.arrayContaining(['students', 'erp_inbox']));
    await waitFor(
      'the ERP’s late end held for review',
      async () => (await db.collection('erp_review_queue').countDocuments({ 'event.id': `end-${studentId}` })) === 1,
    );
    const reasonHolders = (await everyStoredDocument()).filter((d) => d.text.includes(PERSONAL.erpEndReason)).map((d) => d.collection);
    expect(reasonHolders).toEqual(expect.arrayContaining(['erp_inbox', 'erp_review_queue']));

    const filed = await httpJson('POST', `${service.baseUrl}/v1/schools/${seeded.school.id}/students/${studentId}/erasure-requests`, {
      token: seeded.school.apiKey,
      body: { reason: 'GDPR Art. 17(1)(a)' },
    });
    expect(filed.status).toBe(202);
    const requestId = filed.body.id;

    const own = await waitForConsumed(service, "the talent pipeline's own confirmation", async () => {
      const request = (await getRequest(requestId)).body;
      return serviceStatus(request, 'talent-pipeline').status === 'confirmed' && request;
    });
    // Every collection the service wrote is in the data map (docs/privacy.md), declared field by field or as holding no student data.
    const declared = [
      ...PERSONAL_DATA_MAP.filter((d) => d.service === 'talent-pipeline').map((d) => d.store),
      ...Object.keys(STORES_WITHOUT_STUDENT_DATA['talent-pipeline']),
    ];
    const collections = (await db.listCollections().toArray()).map((c) => c.name);
    expect(collections.filter((name) => !declared.includes(name))).toEqual([]);
    // No personal value is left in any document of any collection.
    const leftovers = (await everyStoredDocument()).filter((d) => Object.values(PERSONAL).some((value) => d.text.includes(value)));
    expect(leftovers).toEqual([]);
    const student = await db.collection('students').findOne({ _id: studentId as never });
    expect(Object.keys(student!).sort()).toEqual([
      '_id',
      'changedAt',
      'cohort',
      'erasedAt',
      'erasedIdHashes',
      'erasureRequestId',
      'erasureStartedAt',
      'programme',
      'registeredAt',
      'schoolId',
    ]);
    const placement = await db.collection('placements').findOne({ _id: seeded.placement.id as never });
    expect(placement).toMatchObject({
      studentId,
      status: 'hired',
      hire: { positionTitle: 'Welder' },
      evaluations: [{ scores: { safety: 4 } }],
    });
    expect(placement!.agreement.signatures.find((s: any) => s.party === 'student').signedBy).toBe('[erased]');
    expect((await httpJson('GET', `${service.baseUrl}/v1/students/${studentId}`, admin)).status).toBe(404);
    expect(serviceStatus(own, 'talent-pipeline').actions).toEqual(
      expect.arrayContaining([
        {
          store: 'students',
          action: 'erased',
          fields: [
            'givenName',
            'familyName',
            'externalIds',
            'formerExternalIds',
            'skills',
            'availability',
            'schoolTransfers',
            'registrationDigest',
          ],
          records: 1,
        },
        { store: 'students', action: 'pseudonymised', fields: ['erasedIdHashes'], records: 1 },
        expect.objectContaining({ store: 'placements', action: 'pseudonymised', records: 1 }),
        expect.objectContaining({ store: 'consents', action: 'kept-anonymised', records: 1 }),
        // The hire and the late end, each naming the student by the school's roll number.
        {
          store: 'erp_inbox',
          action: 'pseudonymised',
          fields: ['event.data.person.ids.value', 'event.data.endReason', 'event.subject'],
          records: 2,
        },
        {
          store: 'erp_review_queue',
          action: 'pseudonymised',
          fields: ['event.data.person.ids.value', 'event.data.endReason', 'event.subject'],
          records: 1,
        },
      ]),
    );
    // Each consent of the student got a tombstone on the compacted consent topic, listed in the proof.
    const consentIds = (await db.collection('consents').find({ studentId }).toArray()).map((c) => String(c._id));
    expect(consentIds.length).toBeGreaterThan(0);
    expect(serviceStatus(own, 'talent-pipeline').tombstones).toEqual(consentIds.map((key) => ({ topic: Topics.privacyConsents, key })));
    const consentTopic = `${service.prefix}${Topics.privacyConsents}`;
    const kafka = testKafka(`${service.prefix}tombstones`);
    expect(await cleanupPolicyOf(kafka, consentTopic)).toBe('compact');
    const latest = await waitFor('the tombstones on the consent topic', async () => {
      const records = await latestRecordsByKey(kafka, consentTopic);
      return consentIds.every((id) => records.get(id)?.value === null) && records;
    });
    for (const id of consentIds)
      expect(latest.get(id)!.headers).toMatchObject({ ce_type: 'privacy.consent.erased.v1', ce_subject: `consents/${id}` });
    expect(own.recipients.map((r: any) => r.subscriptionId).sort()).toEqual(
      [seeded.subscriptions[0].id, seeded.enterpriseSubscription.id].sort(),
    );

    // The notice: signed per Standard Webhooks with the subscription's secret, ids only.
    const notice = await waitFor('the erasure notice', () => noticesAt(okReceiver, studentId)[0]);
    expect(() => new Webhook(seeded.subscriptions[0].secret).verify(notice.body, notice.headers as Record<string, string>)).not.toThrow();
    expect(JSON.parse(notice.body)).toMatchObject({
      type: 'privacy.erasure.notice.v1',
      data: { requestId, studentId, schoolId: seeded.school.id, placementIds: [seeded.placement.id] },
    });
    expect(notice.headers['webhook-id']).toBe(JSON.parse(notice.body).id);
    const enterpriseNotice = await waitFor("the enterprise's notice", () => noticesAt(enterpriseReceiver, studentId)[0]);
    expect(() =>
      new Webhook(seeded.enterpriseSubscription.secret).verify(enterpriseNotice.body, enterpriseNotice.headers as Record<string, string>),
    ).not.toThrow();
    await waitFor('the notices recorded as delivered', async () =>
      (await getRequest(requestId)).body.recipients.every((r: any) => r.status === 'delivered'),
    );
    expect((await getRequest(requestId)).body.status).toBe('pending');

    await confirmAs('teacher-secondment', { id: requestId, studentId });
    const rd = await confirmAs('rd-collaboration', { id: requestId, studentId });
    await confirmAs('rd-collaboration', { id: requestId, studentId }); // a second, different confirmation: the first counts
    const done = await waitForConsumed(service, 'the request completed', async () => {
      const request = (await getRequest(requestId)).body;
      return request.status === 'completed' && request;
    });
    expect(done.completedAt).toBeDefined();
    // The proof says by when the brokers have deleted the events naming the student (28 days by default, ADR 0074).
    expect(Date.parse(done.kafkaCopiesGoneBy) - Date.parse(done.completedAt)).toBe(28 * 86_400_000);
    expect(serviceStatus(done, 'rd-collaboration')).toMatchObject({
      status: 'confirmed',
      confirmedAt: rd.data.confirmedAt,
      actions: [{ store: 'copies', action: 'erased', fields: ['displayName'], records: 1 }],
      tombstones: [],
    });
    expect(done.recipients).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 1 }),
      expect.objectContaining({ status: 'delivered', attempts: 1 }),
    ]);
    expect(noticesAt(okReceiver, studentId)).toHaveLength(1);
    // The school sees the same proof.
    const bySchool = await httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/erasure-requests/${requestId}`, {
      token: seeded.school.apiKey,
    });
    expect(bySchool.body).toEqual(done);
  });

  it('applying the same request twice has one effect', async () => {
    const seeded = await seedStudentWithHistory([okUrl]);
    const studentId = seeded.student.id;
    await waitFor('the outcomes at the receiver', () => outcomesAt(okReceiver, studentId).length >= 2);
    const filed = await postOk(`${service.baseUrl}/v1/operator/erasure-requests`, ADMIN_TOKEN, {
      studentId,
      reason: "GDPR Art. 17: the person's request",
    });
    // httpJson sends the test operator's X-Operator-Id: the request records who filed it.
    expect(filed).toMatchObject({ origin: 'operator', requestedBy: 'operator:test-operator' });
    await waitForConsumed(
      service,
      'the own confirmation',
      async () => serviceStatus((await getRequest(filed.id)).body, 'talent-pipeline').status === 'confirmed',
    );
    const stored = await db.collection('erasure_requests').findOne({ _id: filed.id as never });
    // The request event again, as a redelivery would bring it.
    const requested = stored!;
    const event = {
      specversion: '1.0' as const,
      id: filed.id,
      source: 'urn:school-enterprise:talent-pipeline',
      type: 'privacy.erasure.requested.v1',
      subject: studentId,
      time: new Date().toISOString(),
      datacontenttype: 'application/json' as const,
      data: {
        requestId: filed.id,
        personId: studentId,
        personKind: 'student',
        schoolId: seeded.school.id,
        origin: 'operator',
        reason: requested.reason,
        requestedAt: requested.requestedAt.toISOString(),
      },
    };
    await publisher.publish([{ id: randomUUID(), topic: Topics.privacyErasure, key: studentId, event }]);
    // A marker after it on the same partition (same key): once it is consumed, so is the redelivery.
    const marker = await confirmAs('teacher-secondment', { id: filed.id, studentId });
    await waitForConsumed(
      service,
      'the marker',
      async () => serviceStatus((await getRequest(filed.id)).body, 'teacher-secondment').status === 'confirmed',
    );
    const after = await db.collection('erasure_requests').findOne({ _id: filed.id as never });
    expect(after!.recipients).toHaveLength(1);
    expect(after!.confirmations['talent-pipeline'].confirmedAt).toEqual(stored!.confirmations['talent-pipeline'].confirmedAt);
    expect(after!.confirmations['teacher-secondment'].confirmedAt.toISOString()).toBe(marker.data.confirmedAt);
    expect(
      await db
        .collection('webhook_deliveries')
        .countDocuments({ 'event.type': 'privacy.erasure.notice.v1', 'event.data.studentId': studentId }),
    ).toBe(1);
  });

  it('delivers nothing more about an erased student: a later outcome stays in the feed under the pseudonym only', async () => {
    const seeded = await seedStudentWithHistory([okUrl]);
    const studentId = seeded.student.id;
    await waitFor('the outcomes at the receiver', () => outcomesAt(okReceiver, studentId).length >= 2);
    // The completion with its free-text reason, as it was on Kafka before the erasure.
    const completed = await db
      .collection<{ event: { id: string; data: { endOfPlacement?: { reason?: string } } } }>('outcome_feed')
      .findOne({ 'event.data.studentId': studentId, 'event.type': 'talent.placement.completed.v1' });
    expect(completed!.event.data.endOfPlacement?.reason).toBe(PERSONAL.reason);
    const filed = await postOk(`${service.baseUrl}/v1/operator/erasure-requests`, ADMIN_TOKEN, { studentId, reason: 'GDPR Art. 17' });
    await waitForConsumed(
      service,
      'the own confirmation',
      async () => serviceStatus((await getRequest(filed.id)).body, 'talent-pipeline').status === 'confirmed',
    );
    // An outcome that waited in Kafka while the erasure ran (here: one like the completion, under another id) reaches the feed
    // after it: without its free-text reason, as the erasure left the student's earlier entries.
    const lagged = { ...completed!.event, id: randomUUID() };
    await publisher.publish([{ id: lagged.id, topic: Topics.placementOutcomes, key: seeded.placement.id, event: lagged as never }]);
    const laggedEntry = await waitForConsumed(
      service,
      'the lagged outcome in the feed',
      async () => (await db.collection('outcome_feed').findOne({ 'event.id': lagged.id })) ?? undefined,
    );
    expect(laggedEntry!.event.data.endOfPlacement).not.toHaveProperty('reason');
    expect(laggedEntry!.event.data.endOfPlacement).toMatchObject({ hoursLogged: expect.any(Number) });
    // The enterprise's ERP hires the (pseudonymised) completed placement after the erasure.
    const hired = await postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: seeded.enterprise.id,
      secret: seeded.enterprise.erpSigningSecret,
      body: erpHireEvent({ placementId: seeded.placement.id, position: { title: 'Welder' }, hireDate: '2026-09-01' }),
    });
    expect(hired.status).toBe(202);
    const hiredAbout = { 'event.data.studentId': studentId, 'event.type': 'talent.placement.hired.v1' };
    await waitForConsumed(
      service,
      'the late outcome in the feed',
      async () => (await db.collection('outcome_feed').countDocuments(hiredAbout)) === 1,
    );
    // Another student's outcome at the same school comes after it on the same partition: once delivered, the first was handled.
    const other = await postOk(`${service.baseUrl}/v1/students`, ADMIN_TOKEN, {
      schoolId: seeded.school.id,
      givenName: 'Later',
      familyName: 'Student',
      programme: 'welding',
      cohort: '2026',
    });
    await allowPlacement({
      baseUrl: service.baseUrl,
      adminToken: ADMIN_TOKEN,
      schoolId: seeded.school.id,
      enterpriseId: seeded.enterprise.id,
      studentId: other.id,
    });
    const placement = await postOk(`${service.baseUrl}/v1/placements`, ADMIN_TOKEN, {
      studentId: other.id,
      enterpriseId: seeded.enterprise.id,
      kind: 'internship',
      role: 'Welding intern',
      startDate: '2026-03-01',
    });
    for (const to of ['offered', 'accepted'])
      await postOk(`${service.baseUrl}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to });
    await signAgreement(service.baseUrl, placement.id);
    await postOk(`${service.baseUrl}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to: 'active' });
    await waitForConsumed(service, "the other student's outcome at the receiver", () => outcomesAt(okReceiver, other.id).length >= 1);

    expect(await db.collection('webhook_deliveries').countDocuments(hiredAbout)).toBe(0);
    expect(outcomesAt(okReceiver, studentId).map((r) => JSON.parse(r.body).type)).not.toContain('talent.placement.hired.v1');

    // The school replays its subscription from before any of it: the other student's outcome is sent again, nothing about the erased one.
    const [subscription] = seeded.subscriptions;
    const deliveredBefore = outcomesAt(okReceiver, studentId).length;
    const replay = await httpJson(
      'POST',
      `${service.baseUrl}/v1/schools/${seeded.school.id}/webhook-subscriptions/${subscription.id}/replay`,
      {
        token: seeded.school.apiKey,
        body: { since: '2000-01-01T00:00:00Z' },
      },
    );
    expect(replay.status).toBe(202);
    expect(replay.body.matched).toBeGreaterThanOrEqual(1);
    await waitFor("the other student's outcome replayed", () => outcomesAt(okReceiver, other.id).length >= 2);
    expect(
      await db.collection('webhook_deliveries').countDocuments({ 'event.data.studentId': studentId, replayId: { $exists: true } }),
    ).toBe(0);
    expect(outcomesAt(okReceiver, studentId)).toHaveLength(deliveredBefore);
  });

  it('keeps no new free text about an erased student on a placement still running: a signer, a note, a comment, an end reason', async () => {
    const base = service.baseUrl;
    const { placement } = await erasedWithInternship({ status: 'accepted', signedBy: ['school', 'enterprise'] });
    // The placement goes on after the erasure, and people keep typing about the student.
    const signer = 'Student Named After Erasure';
    await postOk(`${base}/v1/placements/${placement.id}/agreement/signatures`, ADMIN_TOKEN, { party: 'student', signedBy: signer });
    await postOk(`${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to: 'active' });
    const note = 'Note written after the erasure';
    const comment = 'Comment written after the erasure';
    const reason = 'Reason written after the erasure';
    await postOk(`${base}/v1/placements/${placement.id}/attendance`, ADMIN_TOKEN, {
      date: '2026-03-02',
      hours: 0,
      status: 'excused',
      note,
    });
    await postOk(`${base}/v1/placements/${placement.id}/evaluations`, ADMIN_TOKEN, {
      evaluator: 'Mentor Li',
      scores: { safety: 3 },
      comment,
    });
    await postOk(`${base}/v1/placements/${placement.id}/transitions`, ADMIN_TOKEN, { to: 'terminated', reason });
    const terminated = { 'event.data.placementId': placement.id, 'event.type': 'talent.placement.terminated.v1' };
    await waitForConsumed(
      service,
      'the termination in the feed',
      async () => (await db.collection('outcome_feed').countDocuments(terminated)) === 1,
    );

    const stored = (await everyStoredDocument()).filter(({ text }) => [signer, note, comment, reason].some((t) => text.includes(t)));
    expect(stored).toEqual([]);
    const shown = await httpJson('GET', `${base}/v1/placements/${placement.id}`, admin);
    expect(shown.body.agreement.signatures.find((s: { party: string }) => s.party === 'student').signedBy).toBe('[erased]');
    expect(shown.body.endOfPlacement).not.toHaveProperty('reason');
  });

  it('keeps no personal data of an ERP event that arrives after the erasure: applied or held, the HR id values, the reasons and the subject go', async () => {
    const base = service.baseUrl;
    const hrId = { value: 'HR-LATE-5521', schemeId: 'erp-hr' };
    const { student, enterprise, placement } = await erasedWithInternship({ status: 'active', studentExternalId: hrId });

    // The ERP does not know of the erasure: it ends the placement, then sends a second end that the placement can no longer take.
    const endOf = (id: string, endReason: string, subject: string) => ({
      specversion: '1.0',
      id,
      source: 'urn:erp:late',
      type: 'erp.placement-end.v1',
      subject,
      data: { placementId: placement.id, person: { ids: [hrId] }, outcome: 'terminated', endReason },
    });
    const applied = endOf(`late-end-${student.id}`, 'HR note written after the erasure', 'Li Wei, terminated');
    const held = endOf(`late-end-again-${student.id}`, 'Second HR note after the erasure', 'Li Wei, terminated again');
    for (const body of [applied, held]) {
      const sent = await postErpEvents({ baseUrl: base, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body });
      expect(sent.status).toBe(202);
    }
    const statusOf = async (id: string) =>
      (await db.collection('erp_inbox').findOne({ 'event.id': id }, { projection: { status: 1 } }))?.status as string | undefined;
    await waitForConsumed(
      service,
      'both late ends settled',
      async () => (await statusOf(applied.id)) === 'applied' && (await statusOf(held.id)) === 'held-for-review',
    );
    expect(await db.collection('erp_review_queue').countDocuments({ 'event.id': held.id })).toBe(1);

    const personal = [hrId.value, applied.data.endReason, held.data.endReason, applied.subject, held.subject];
    const stored = (await everyStoredDocument()).filter(({ text }) => personal.some((t) => text.includes(t)));
    expect(stored).toEqual([]);
    // The events stay, with their schemes, as the record of what the ERP sent.
    const kept = await db.collection('erp_review_queue').findOne({ 'event.id': held.id });
    expect(kept!.event.data.person.ids).toEqual([{ ...hrId, value: '[erased]' }]);
    expect(kept!.event.data.outcome).toBe('terminated');
  });

  it('applies a hire produced straight to Kafka after the erasure without keeping its HR id values or subject', async () => {
    const base = service.baseUrl;
    const hrId = { value: 'HR-LATE-HIRE-8810', schemeId: 'erp-hr' };
    const { enterprise, placement } = await erasedWithInternship({ status: 'active', studentExternalId: hrId });

    // Hires naming their placement are applied a batch at a time: this one shares its batch with a hire of another student.
    const other = await seedInternship(base, { status: 'active', enterprise });
    const hireOf = (placementId: string, subject: string, ids?: (typeof hrId)[]) => ({
      ...erpHireEvent({ placementId, ...(ids ? { person: { ids } } : {}), position: { title: 'CNC operator' }, hireDate: '2026-09-01' }),
      subject,
    });
    const hire = hireOf(placement.id, 'Hire of Li Wei', [hrId]);
    const otherHire = hireOf(other.placement.id, 'Hire of another student');
    const producer = testKafka('erasure-late-hire').producer();
    await producer.connect();
    try {
      await producer.send({
        topic: `${service.prefix}talent.erp-inbound.v1`,
        messages: [hire, otherHire].map((event) => erpKafkaRecord(event, enterprise.id, enterprise.erpSigningSecret)),
      });
    } finally {
      await producer.disconnect();
    }
    for (const [event, placementId] of [
      [hire, placement.id],
      [otherHire, other.placement.id],
    ] as const) {
      expect((await settledErpInboxRecord(db, event.id)).status).toBe('applied');
      expect((await httpJson('GET', `${base}/v1/placements/${placementId}`, admin)).body.status).toBe('hired');
    }
    // The other student's hire is kept as sent.
    expect((await db.collection('erp_inbox').findOne({ 'event.id': otherHire.id }))!.event.subject).toBe(otherHire.subject);
    const stored = (await everyStoredDocument()).filter(({ text }) => [hrId.value, hire.subject].some((t) => text.includes(t)));
    expect(stored).toEqual([]);
  });

  // The batch path took a hire its placement already carried (a redelivery after a crash between
  // the hire's write and its inbox record) as applied, and recorded the inbox copy as sent, even
  // when the student had been erased in between.
  it('a hire applied before the erasure and redelivered after it (its inbox record lost to a crash) is recorded without its personal fields', async () => {
    const base = service.baseUrl;
    const hrId = { value: 'HR-REDELIVERED-5521', schemeId: 'erp-hr' };
    const seeded = await seedInternship(base, { status: 'active', studentExternalId: hrId });
    const other = await seedInternship(base, { status: 'active', enterprise: seeded.enterprise });
    const hireOf = (placementId: string, subject: string, ids?: (typeof hrId)[]) => ({
      ...erpHireEvent({ placementId, ...(ids ? { person: { ids } } : {}), position: { title: 'CNC operator' }, hireDate: '2026-09-01' }),
      subject,
    });
    const hire = hireOf(seeded.placement.id, 'Hire of Zhang Min', [hrId]);
    const otherHire = hireOf(other.placement.id, 'Hire of another student');
    const producer = testKafka('erasure-redelivered-hire').producer();
    await producer.connect();
    const send = (events: object[]) =>
      producer.send({
        topic: `${service.prefix}talent.erp-inbound.v1`,
        messages: events.map((event) => erpKafkaRecord(event, seeded.enterprise.id, seeded.enterprise.erpSigningSecret)),
      });
    try {
      await send([hire]);
      expect((await settledErpInboxRecord(db, hire.id)).status).toBe('applied');
      // The crash: the placement carries the hire, its inbox record was never written.
      await db.collection('erp_inbox').deleteOne({ 'event.id': hire.id });
      await erase(seeded.student.id);
      // The redelivery, in a batch with another student's hire.
      await send([hire, otherHire]);
      expect((await settledErpInboxRecord(db, otherHire.id)).status).toBe('applied');
      expect((await settledErpInboxRecord(db, hire.id)).status).toBe('applied');
    } finally {
      await producer.disconnect();
    }
    expect((await db.collection('erp_inbox').findOne({ 'event.id': otherHire.id }))!.event.subject).toBe(otherHire.subject);
    const stored = (await everyStoredDocument()).filter(({ text }) => [hrId.value, hire.subject].some((t) => text.includes(t)));
    expect(stored).toEqual([]);
  });

  it('recognises an erased student by the HR ids an ERP names after the erasure, from the hashes it keeps: applied or held, kept without them', async () => {
    const base = service.baseUrl;
    const hrId = { value: 'HR-HASHED-3307', schemeId: 'erp-hr', schemeAgencyId: 'sap' };
    const { student, enterprise, placement } = await erasedWithInternship({ status: 'active', studentExternalId: hrId });
    const erased = await db.collection('students').findOne({ _id: student.id } as never);
    expect(erased).not.toHaveProperty('externalIds');
    expect(JSON.stringify(erased)).not.toContain(hrId.value);

    // The ERP names the student by its HR id only (no agency: any agency's id matches), and a second
    // enterprise, where the student never had a placement, reports a hire by the same id.
    const end = {
      specversion: '1.0',
      id: `hashed-end-${student.id}`,
      source: 'urn:erp:hashed',
      type: 'erp.placement-end.v1',
      subject: 'End for Li Wei',
      data: { person: { ids: [{ schemeId: hrId.schemeId, value: hrId.value }] }, outcome: 'completed', endReason: 'Finished, said HR' },
    };
    const elsewhere = await postOk(`${base}/v1/enterprises`, ADMIN_TOKEN, { name: 'Elsewhere Works', country: 'CN' });
    const hire = {
      ...erpHireEvent({ person: { ids: [hrId] }, position: { title: 'Fitter' }, hireDate: '2026-09-01' }),
      subject: 'Hire of Li Wei',
    };
    for (const [sender, body] of [
      [enterprise, end],
      [elsewhere, hire],
    ] as const) {
      const sent = await postErpEvents({ baseUrl: base, enterpriseId: sender.id, secret: sender.erpSigningSecret, body });
      expect(sent.status).toBe(202);
    }
    expect((await settledErpInboxRecord(db, end.id)).status).toBe('applied');
    expect((await httpJson('GET', `${base}/v1/placements/${placement.id}`, admin)).body.status).toBe('completed');
    expect((await settledErpInboxRecord(db, hire.id)).status).toBe('held-for-review');

    const personal = [hrId.value, end.subject, end.data.endReason, hire.subject];
    const stored = (await everyStoredDocument()).filter(({ text }) => personal.some((t) => text.includes(t)));
    expect(stored).toEqual([]);
    const held = await db.collection('erp_review_queue').findOne({ 'event.id': hire.id });
    expect(held!.event.data.person.ids).toEqual([{ ...hrId, value: '[erased]' }]);
  });

  it('tells an erased student named by the platform id apart, and a student given its roll number again keeps the ids of its events', async () => {
    const base = service.baseUrl;
    const hrId = { value: 'HR-REUSED-4410', schemeId: 'school-roll' };
    const { student: erased } = await erasedWithInternship({ status: 'active', studentExternalId: hrId });
    // The roll number is given to a new student, placed at another enterprise.
    const reused = await seedInternship(base, { status: 'active', studentExternalId: hrId });
    const end = (id: string, ids: object[], subject: string) => ({
      specversion: '1.0',
      id,
      source: 'urn:erp:reuse',
      type: 'erp.placement-end.v1',
      subject,
      data: { person: { ids }, outcome: 'completed', endReason: `Reason for ${subject}` },
    });
    const ofNewStudent = end(`reuse-end-${reused.student.id}`, [hrId], 'End of the new student');
    // A third enterprise, where the erased student never had a placement, names it by the platform's own id.
    const third = await postOk(`${base}/v1/enterprises`, ADMIN_TOKEN, { name: 'Third Works', country: 'CN' });
    const byPlatformId = end(`platform-id-${randomUUID()}`, [{ schemeId: PLATFORM_STUDENT_SCHEME, value: erased.id }], 'End of Li Wei');
    for (const [sender, body] of [
      [reused.enterprise, ofNewStudent],
      [third, byPlatformId],
    ] as const) {
      expect((await postErpEvents({ baseUrl: base, enterpriseId: sender.id, secret: sender.erpSigningSecret, body })).status).toBe(202);
    }
    expect((await settledErpInboxRecord(db, ofNewStudent.id)).status).toBe('applied');
    expect((await settledErpInboxRecord(db, byPlatformId.id)).status).toBe('held-for-review');

    const kept = await db.collection('erp_inbox').findOne({ 'event.id': ofNewStudent.id });
    expect(kept!.event).toMatchObject({
      subject: ofNewStudent.subject,
      data: { person: { ids: [hrId] }, endReason: ofNewStudent.data.endReason },
    });
    const personal = [byPlatformId.subject, byPlatformId.data.endReason, erased.id];
    for (const name of ['erp_inbox', 'erp_review_queue']) {
      const copy = await db.collection(name).findOne({ 'event.id': byPlatformId.id });
      expect(personal.filter((text) => JSON.stringify(copy).includes(text))).toEqual([]);
    }
  });

  it('holds an event read before an erasure marked its student without its personal fields: the hold checks again after its write', async () => {
    const base = service.baseUrl;
    const { student, enterprise, placement } = await seedInternship(base, {
      status: 'accepted',
      studentExternalId: { value: 'HR-MID-7002', schemeId: 'erp-hr' },
    });
    // An erasure has marked the student and not yet pseudonymised its placement: the consumer reads the placement as it was.
    await db.collection('students').updateOne({ _id: student.id as never }, { $set: { erasureStartedAt: new Date() } });
    const end = {
      specversion: '1.0',
      id: `mid-erasure-${student.id}`,
      source: 'urn:erp:mid',
      type: 'erp.placement-end.v1',
      subject: 'Li Wei ends early',
      data: {
        placementId: placement.id,
        person: { ids: [{ value: 'HR-MID-7002', schemeId: 'erp-hr' }] },
        outcome: 'terminated',
        endReason: 'Said in the exit talk',
      },
    };
    expect(
      (await postErpEvents({ baseUrl: base, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body: end })).status,
    ).toBe(202);
    expect((await settledErpInboxRecord(db, end.id)).status).toBe('held-for-review');
    for (const name of ['erp_review_queue', 'erp_inbox']) {
      const copy = await db.collection(name).findOne({ 'event.id': end.id });
      expect(copy!.event).not.toHaveProperty('subject');
      expect(copy!.event.data).not.toHaveProperty('endReason');
      expect(copy!.event.data.person.ids).toEqual([{ value: '[erased]', schemeId: 'erp-hr' }]);
    }
  });

  it('completes with failures when a recipient exhausts the retry budget, and shows which one', async () => {
    const seeded = await seedStudentWithHistory([okUrl, failingUrl]);
    const studentId = seeded.student.id;
    const failingSubscription = seeded.subscriptions[1].id;
    // The failing receiver was sent the outcomes (and refused them): it may hold the data, so it is a recipient too.
    await waitFor('outcome attempts at the failing receiver', () => outcomesAt(failingReceiver, studentId).length >= 1);
    const filed = await postOk(
      `${service.baseUrl}/v1/schools/${seeded.school.id}/students/${studentId}/erasure-requests`,
      seeded.school.apiKey,
      {},
    );
    expect(filed.reason).toBe('requested by the school');
    await waitForConsumed(
      service,
      'the own confirmation',
      async () => serviceStatus((await getRequest(filed.id)).body, 'talent-pipeline').status === 'confirmed',
    );
    await confirmAs('teacher-secondment', { id: filed.id, studentId });
    await confirmAs('rd-collaboration', { id: filed.id, studentId });

    // Watched in the database, not through GET (which also refreshes): the tracker completes it on its own.
    await waitForConsumed(service, 'the request completed by the tracker', async () => {
      const stored = await db.collection('erasure_requests').findOne({ _id: filed.id as never });
      return stored?.status !== 'pending';
    });
    const done = (await getRequest(filed.id)).body;
    expect(done.status).toBe('completed-with-failures');
    const failed = done.recipients.find((r: any) => r.subscriptionId === failingSubscription);
    // The test schedule is 100ms,200ms,300ms: the first attempt and three retries.
    expect(failed).toMatchObject({ status: 'failed', attempts: 4, lastError: 'HTTP 500' });
    expect(failed.failedAt).toBeDefined();
    expect(done.recipients.find((r: any) => r.subscriptionId !== failingSubscription)).toMatchObject({ status: 'delivered' });
    expect(noticesAt(failingReceiver, studentId)).toHaveLength(4);
    const failures = await httpJson(
      'GET',
      `${service.baseUrl}/v1/operator/erasure-requests?status=completed-with-failures&studentId=${studentId}`,
      admin,
    );
    expect(failures.body.items.map((r: any) => r.id)).toEqual([filed.id]);

    // Once complete, the student's slot is free again; the student is gone, so a new filing is a 404.
    const refiled = await httpJson('POST', `${service.baseUrl}/v1/schools/${seeded.school.id}/students/${studentId}/erasure-requests`, {
      token: seeded.school.apiKey,
      body: {},
    });
    expect(refiled.status).toBe(404);
  });
});

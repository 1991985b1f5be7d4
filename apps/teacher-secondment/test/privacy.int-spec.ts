import { randomUUID } from 'node:crypto';
import { ErasureRequested, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { httpJson, testKafka, TopicRecorder, waitFor } from '@app/testing';
import {
  activeSecondment,
  ADMIN_TOKEN,
  logAndCountersign,
  ok,
  publishPost,
  registerTeacher,
  SecondmentService,
  seedPartnership,
  startTeacherSecondment,
} from './teacher-secondment.harness';

jest.setTimeout(120_000);

describe('privacy in the secondment service: disclosure ledger of teachers’ records, erasure answers (real Kafka + Mongo)', () => {
  let service: SecondmentService;
  let recorder: TopicRecorder;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  const published = (type: string) =>
    recorder.messages
      .filter((m) => m.headers.ce_type === type)
      .map((m) => ({ ...JSON.parse(m.value!), eventId: m.headers.ce_id, key: m.key }));

  beforeAll(async () => {
    service = await startTeacherSecondment();
    recorder = new TopicRecorder(testKafka(`${service.prefix}rec`), [
      `${service.prefix}${Topics.privacyErasure}`,
      `${service.prefix}${Topics.privacyDisclosures}`,
    ]);
    await recorder.start();
    partners = await seedPartnership(service);
  });
  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
  });

  it('records each answer to the host enterprise as a disclosure under the agreement, and none for the school', async () => {
    const base = service.baseUrl;
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const secondment = await activeSecondment(base, partners, teacher.id, post.id);
    await logAndCountersign(base, partners, secondment.id, ['2026-09-02']);
    await ok('POST', `${base}/v1/secondments/${secondment.id}/evaluation`, partners.enterpriseKey, { score: 4, competencies: {} });

    await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.schoolKey);
    await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.enterpriseKey);
    await ok('GET', `${base}/v1/reports/enterprises/${partners.enterpriseId}`, partners.enterpriseKey);

    const disclosures = () => published('privacy.disclosure.recorded.v1').filter((d) => d.personId === teacher.id);
    const read = await waitFor('the enterprise read disclosed', () => disclosures().find((d) => d.purpose === 'GET /v1/secondments/{id}'));
    expect(read).toMatchObject({
      personKind: 'teacher',
      schoolId: partners.schoolId,
      service: 'teacher-secondment',
      recipient: { kind: 'enterprise', id: partners.enterpriseId },
      basis: { kind: 'agreement', agreementId: partners.agreementId },
      channel: 'api',
      fields: ['period', 'status', 'approvals', 'countersignedHours', 'logs', 'evaluation'],
      key: teacher.id,
    });
    // The enterprise's own writes answer with the record too: countersigning and evaluating are disclosures.
    await waitFor('the evaluation answer disclosed', () => disclosures().some((d) => d.purpose === 'POST /v1/secondments/{id}/evaluation'));
    await waitFor('the report disclosed', () =>
      disclosures().find((d) => d.purpose === 'GET /v1/reports/enterprises/{enterpriseId}' && d.fields.includes('countersignedHours')),
    );
    const ledger = (await ok('GET', `${base}/v1/privacy/disclosures/${teacher.id}`, ADMIN_TOKEN)).items;
    await waitFor('every ledger entry published', () => disclosures().length === ledger.length);
    expect(ledger.every((e: any) => e.recipient.kind === 'enterprise' && e.recipient.id === partners.enterpriseId)).toBe(true);
    expect((await httpJson('GET', `${base}/v1/privacy/disclosures/${teacher.id}`, { token: partners.schoolKey })).status).toBe(403);
  });

  it('shows a teacher which host enterprises received their records, and their school too; nobody else', async () => {
    const base = service.baseUrl;
    const teacher = await registerTeacher(base, partners.schoolKey);
    const colleague = await registerTeacher(base, partners.schoolKey, { displayName: 'Liu Yang' });
    const teacherKey = (await ok('POST', `${base}/v1/teachers/${teacher.id}/api-keys`, partners.schoolKey)).apiKey;
    const colleagueKey = (await ok('POST', `${base}/v1/teachers/${colleague.id}/api-keys`, partners.schoolKey)).apiKey;
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const secondment = await activeSecondment(base, partners, teacher.id, post.id);
    await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.enterpriseKey);

    const own = await ok('GET', `${base}/v1/teachers/${teacher.id}/disclosures`, teacherKey);
    expect(own.personId).toBe(teacher.id);
    expect(own.items).toContainEqual(
      expect.objectContaining({
        recipient: { kind: 'enterprise', id: partners.enterpriseId },
        basis: { kind: 'agreement', agreementId: partners.agreementId },
        purpose: 'GET /v1/secondments/{id}',
      }),
    );
    // The same entries as the operator's view of the ledger.
    const operatorView = await ok('GET', `${base}/v1/privacy/disclosures/${teacher.id}`, ADMIN_TOKEN);
    expect(own.items).toEqual(operatorView.items);
    expect((await ok('GET', `${base}/v1/teachers/${teacher.id}/disclosures`, partners.schoolKey)).items).toEqual(own.items);

    // A colleague is another person: 404, as for the teacher record itself. An enterprise may not ask.
    const colleagueRead = await httpJson('GET', `${base}/v1/teachers/${teacher.id}/disclosures`, { token: colleagueKey });
    expect(colleagueRead.status).toBe(404);
    expect((await ok('GET', `${base}/v1/teachers/${colleague.id}/disclosures`, colleagueKey)).items).toEqual([]);
    expect((await httpJson('GET', `${base}/v1/teachers/${teacher.id}/disclosures`, { token: partners.enterpriseKey })).status).toBe(403);
  });

  it('withholds a finished secondment from its host while the teacher objects, keeps a live one whole, and shows it again once withdrawn', async () => {
    const base = service.baseUrl;
    const teacher = await registerTeacher(base, partners.schoolKey);
    const colleague = await registerTeacher(base, partners.schoolKey, { displayName: 'Zhou Min' });
    const teacherKey = (await ok('POST', `${base}/v1/teachers/${teacher.id}/api-keys`, partners.schoolKey)).apiKey;
    const colleagueKey = (await ok('POST', `${base}/v1/teachers/${colleague.id}/api-keys`, partners.schoolKey)).apiKey;
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const secondment = await activeSecondment(base, partners, teacher.id, post.id);
    await logAndCountersign(base, partners, secondment.id, ['2026-09-02']);
    await ok('POST', `${base}/v1/secondments/${secondment.id}/evaluation`, partners.enterpriseKey, { score: 4, competencies: {} });

    // Bad input changes nothing; only the teacher's own side may object.
    const invalid = await httpJson('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, { token: teacherKey, body: { reason: 7 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    expect(
      (await httpJson('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, { token: partners.enterpriseKey, body: {} })).status,
    ).toBe(403);
    expect((await httpJson('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, { token: colleagueKey, body: {} })).status).toBe(404);
    expect((await ok('GET', `${base}/v1/teachers/${teacher.id}`, partners.schoolKey)).hostObjection).toBeNull();

    const objected = await ok('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, teacherKey, { reason: 'The secondment is over' });
    expect(objected.hostObjection).toEqual({ since: expect.any(String), by: `teacher:${teacher.id}`, reason: 'The secondment is over' });
    // Filing again (here by the school) keeps the first date.
    const again = await ok('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, partners.schoolKey, {});
    expect(again.hostObjection).toEqual({ since: objected.hostObjection.since, by: `school:${partners.schoolId}` });

    // Live: the host cannot host without the record, so it stays whole.
    const live = await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.enterpriseKey);
    expect(live.logs).toHaveLength(1);
    expect(live.evaluation).toMatchObject({ score: 4 });
    expect(live.redacted).toBeUndefined();

    const completed = await ok('POST', `${base}/v1/secondments/${secondment.id}/complete`, partners.enterpriseKey);
    expect(completed).toMatchObject({ status: 'completed', logs: [], evaluation: null, deliverables: [], reason: null, redacted: true });
    const shownToHost = await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.enterpriseKey);
    expect(shownToHost).toMatchObject({
      id: secondment.id,
      teacherId: teacher.id,
      status: 'completed',
      logs: [],
      evaluation: null,
      redacted: true,
    });
    expect(shownToHost.countersignedHours).toBeGreaterThan(0);
    const listed = (await ok('GET', `${base}/v1/secondments?teacherId=${teacher.id}`, partners.enterpriseKey)).items;
    expect(listed.find((s: { id: string }) => s.id === secondment.id)).toMatchObject({ logs: [], redacted: true });
    // The school and the teacher still see it whole.
    const schoolView = await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.schoolKey);
    expect(schoolView.logs).toHaveLength(1);
    expect(schoolView.redacted).toBeUndefined();
    expect((await ok('GET', `${base}/v1/secondments/${secondment.id}`, teacherKey)).evaluation).toMatchObject({ score: 4 });

    // The ledger records what the host was shown: no logs, no evaluation.
    const hostReads = async () =>
      (await ok('GET', `${base}/v1/teachers/${teacher.id}/disclosures`, teacherKey)).items.filter(
        (e: { purpose: string }) => e.purpose === 'GET /v1/secondments/{id}',
      );
    expect((await hostReads()).map((e: { fields: string[] }) => e.fields)).toEqual([
      ['period', 'status', 'approvals', 'countersignedHours'],
      ['period', 'status', 'approvals', 'countersignedHours', 'logs', 'evaluation'],
    ]);

    const withdrawn = await httpJson('DELETE', `${base}/v1/teachers/${teacher.id}/host-objection`, { token: teacherKey });
    expect(withdrawn.status).toBe(204);
    expect((await ok('GET', `${base}/v1/teachers/${teacher.id}`, teacherKey)).hostObjection).toBeNull();
    const whole = await ok('GET', `${base}/v1/secondments/${secondment.id}`, partners.enterpriseKey);
    expect(whole.logs).toHaveLength(1);
    expect(whole.redacted).toBeUndefined();
    expect((await httpJson('DELETE', `${base}/v1/teachers/${teacher.id}/host-objection`, { token: teacherKey })).status).toBe(204);
  });

  it('withholds a finished secondment from its host once it ended more than SECONDMENT_HOST_VIEW_DAYS ago, objection or not', async () => {
    const base = service.baseUrl;
    const teacher = await registerTeacher(base, partners.schoolKey);
    const post = await publishPost(base, partners.enterpriseKey, partners.schoolId);
    const secondment = await activeSecondment(base, partners, teacher.id, post.id);
    await logAndCountersign(base, partners, secondment.id, ['2026-09-02']);
    const completed = await ok('POST', `${base}/v1/secondments/${secondment.id}/complete`, partners.enterpriseKey);
    // It ended on the post's last day, days before today: within the default year the host reads it whole.
    expect(completed.endedOn < new Date().toISOString().slice(0, 10)).toBe(true);
    expect(completed.logs).toHaveLength(1);
    expect(completed.redacted).toBeUndefined();

    // A replica of the same deployment keeping hosts' view of a finished secondment for 3 days only.
    const shortView = await startTeacherSecondment({ SECONDMENT_HOST_VIEW_DAYS: '3' }, { replicaOf: service });
    try {
      const daysAgo = (Date.now() - Date.parse(`${completed.endedOn}T00:00:00Z`)) / 86_400_000;
      expect(daysAgo).toBeGreaterThan(3);
      const shown = await ok('GET', `${shortView.baseUrl}/v1/secondments/${secondment.id}`, partners.enterpriseKey);
      expect(shown).toMatchObject({ status: 'completed', logs: [], evaluation: null, redacted: true });
      expect(shown.countersignedHours).toBeGreaterThan(0);
      expect((await ok('GET', `${shortView.baseUrl}/v1/secondments/${secondment.id}`, partners.schoolKey)).logs).toHaveLength(1);
    } finally {
      await shortView.close();
    }
  });

  it('answers a student’s erasure request with none-held per store, once, and republishes the same confirmation on redelivery', async () => {
    const studentId = `student-${randomUUID()}`;
    const requestId = `erasure-${randomUUID()}`;
    const event = newCloudEvent(ErasureRequested, {
      source: 'urn:school-enterprise:talent-pipeline',
      data: {
        requestId,
        personId: studentId,
        personKind: 'student',
        schoolId: partners.schoolId,
        origin: 'operator',
        reason: 'PIPL Art. 47: the person asked',
        requestedAt: new Date().toISOString(),
      },
    });
    const request: OutgoingEvent = { id: event.id, topic: Topics.privacyErasure, key: studentId, event };
    await service.publish([request]);
    const confirmations = () => published('privacy.erasure.confirmed.v1').filter((c) => c.requestId === requestId);
    const [confirmation] = await waitFor('the confirmation', () => confirmations().length === 1 && confirmations());
    expect(confirmation).toMatchObject({ personId: studentId, service: 'teacher-secondment', tombstones: [], key: studentId });
    expect(confirmation.actions.map((a: any) => a.store)).toEqual(
      expect.arrayContaining(['teachers', 'secondments', 'credentials', 'engagements', 'rd_hours', 'api_keys', 'disclosures']),
    );
    expect(confirmation.actions.every((a: any) => a.action === 'none-held' && a.records === 0)).toBe(true);

    await service.publish([request]);
    await waitFor('the confirmation republished', () => confirmations().length === 2);
    const [first, second] = confirmations();
    expect(second).toEqual(first);
    const proof = await ok('GET', `${service.baseUrl}/v1/privacy/erasures/${requestId}`, ADMIN_TOKEN);
    expect(proof).toMatchObject({ requestId, status: 'confirmed', confirmation: { eventId: first.eventId } });
    expect(JSON.stringify(proof)).not.toContain(studentId);
  });
});

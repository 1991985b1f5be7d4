import { Topics } from '@app/contracts';
import { cleanupPolicyOf, httpJson, testKafka, TopicRecorder, waitFor } from '@app/testing';
import { ok, registerTeacher, SecondmentService, seedPartnership, startTeacherSecondment } from './teacher-secondment.harness';

jest.setTimeout(120_000);

describe("a teacher's host objection is published for the services that show teachers to enterprises (ADR 0077; real Kafka + Mongo)", () => {
  let service: SecondmentService;
  let recorder: TopicRecorder;
  let partners: Awaited<ReturnType<typeof seedPartnership>>;
  const topic = () => `${service.prefix}${Topics.teacherPrivacy}`;
  const publishedFor = (teacherId: string) =>
    recorder.messages
      .filter((m) => m.key === teacherId)
      .map((m) => ({ key: m.key, headers: m.headers, data: JSON.parse(m.value!) as Record<string, unknown> }));

  beforeAll(async () => {
    service = await startTeacherSecondment();
    recorder = new TopicRecorder(testKafka(`${service.prefix}objections`), [topic()]);
    await recorder.start();
    partners = await seedPartnership(service);
  });
  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
  });

  it('publishes the state on every filing and on the withdrawal, keyed by the teacher, without the reason', async () => {
    const base = service.baseUrl;
    const teacher = await registerTeacher(base, partners.schoolKey);
    const teacherKey = (await ok('POST', `${base}/v1/teachers/${teacher.id}/api-keys`, partners.schoolKey)).apiKey;
    // The owner creates the topic compacted: the newest state per teacher is what stays.
    expect(await cleanupPolicyOf(testKafka(`${service.prefix}admin`), topic())).toBe('compact');

    const objected = await ok('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, teacherKey, { reason: 'Private: my health' });
    const [filed] = await waitFor('the filing on the topic', () =>
      publishedFor(teacher.id).length === 1 ? publishedFor(teacher.id) : undefined,
    );
    expect(filed.data).toEqual({
      teacherId: teacher.id,
      schoolId: partners.schoolId,
      objecting: true,
      since: objected.hostObjection.since,
      changedAt: expect.any(String),
    });
    expect(filed.headers).toMatchObject({
      ce_type: 'secondment.teacher.host-objection.changed.v1',
      ce_source: 'urn:school-enterprise:teacher-secondment',
      ce_subject: `teachers/${teacher.id}`,
    });
    expect(JSON.stringify(filed)).not.toContain('Private');

    // Filing again (by the school) publishes the current state again: same `since`, a later change.
    await ok('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, partners.schoolKey, {});
    const refiled = (
      await waitFor('the second filing', () => (publishedFor(teacher.id).length === 2 ? publishedFor(teacher.id) : undefined))
    )[1];
    expect(refiled.data).toMatchObject({ objecting: true, since: objected.hostObjection.since });
    expect(Date.parse(refiled.data.changedAt as string)).toBeGreaterThanOrEqual(Date.parse(filed.data.changedAt as string));

    // Withdrawn: not objecting, no `since`. A second withdrawal (none standing) publishes nothing.
    expect((await httpJson('DELETE', `${base}/v1/teachers/${teacher.id}/host-objection`, { token: teacherKey })).status).toBe(204);
    const withdrawn = (
      await waitFor('the withdrawal', () => (publishedFor(teacher.id).length === 3 ? publishedFor(teacher.id) : undefined))
    )[2];
    expect(withdrawn.data).toEqual({ teacherId: teacher.id, schoolId: partners.schoolId, objecting: false, changedAt: expect.any(String) });
    expect(withdrawn.key).toBe(teacher.id);
    expect((await httpJson('DELETE', `${base}/v1/teachers/${teacher.id}/host-objection`, { token: teacherKey })).status).toBe(204);

    // A refused filing (an enterprise may not object for a teacher) publishes nothing either.
    expect(
      (await httpJson('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, { token: partners.enterpriseKey, body: {} })).status,
    ).toBe(403);
    // The next filing is the fourth record: nothing was published in between.
    await ok('PUT', `${base}/v1/teachers/${teacher.id}/host-objection`, teacherKey, {});
    const all = await waitFor('the next filing', () => (publishedFor(teacher.id).length >= 4 ? publishedFor(teacher.id) : undefined));
    expect(all.map((r) => r.data.objecting)).toEqual([true, true, false, true]);
  });
});

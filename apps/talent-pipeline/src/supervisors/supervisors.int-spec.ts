import { randomUUID } from 'node:crypto';
import { SupervisorEvent, SupervisorOffered, SupervisorWithdrawn, Topics } from '@app/contracts';
import { EventPublisher, newCloudEvent } from '@app/messaging';
import { activateAgreement, allowPlacement, getOk, httpJson, postOk, waitFor } from '@app/testing';
import { ADMIN_TOKEN, startTalentPipeline } from '../../test/talent-pipeline.harness';

jest.setTimeout(120_000);

const SOURCE = 'urn:school-enterprise:teacher-secondment';

describe('placement supervisors offered by the teacher secondment service (real Kafka and Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let base: string;
  let publish: (events: Parameters<EventPublisher['publish']>[0]) => Promise<void>;
  let school: { id: string; apiKey: string };
  let otherSchool: { id: string; apiKey: string };
  let enterprise: { id: string; apiKey: string };
  const teacherId = randomUUID();

  const offered = (occurredAt: string) =>
    newCloudEvent(SupervisorOffered, {
      source: SOURCE,
      data: {
        teacherId,
        schoolId: school.id,
        displayName: 'Chen Jing',
        subject: 'Mechatronics',
        tier: 'junior',
        credentialId: randomUUID(),
        occurredAt,
      },
    });
  const send = (event: SupervisorEvent) => publish([{ id: event.id, topic: Topics.supervisors, key: teacherId, event }]);

  beforeAll(async () => {
    service = await startTalentPipeline();
    base = service.baseUrl;
    const publisher = service.app.get(EventPublisher);
    publish = (events) => publisher.publish(events);
    school = await postOk(`${base}/v1/schools`, ADMIN_TOKEN, { name: 'Harbour Vocational', country: 'CN' });
    otherSchool = await postOk(`${base}/v1/schools`, ADMIN_TOKEN, { name: 'Hill Vocational', country: 'CN' });
    enterprise = await postOk(`${base}/v1/enterprises`, ADMIN_TOKEN, { name: 'Harbour Cranes', country: 'CN' });
  });
  afterAll(async () => service?.close());

  it('lists an offered teacher for the school and the operator, not for another school', async () => {
    await send(offered('2026-12-01T08:00:00.000Z'));
    const listed = await waitFor('the supervisor copy', async () => (await getOk(`${base}/v1/supervisors`, school.apiKey)).items[0]);
    expect(listed).toMatchObject({ teacherId, schoolId: school.id, displayName: 'Chen Jing', subject: 'Mechatronics', tier: 'junior' });
    expect((await getOk(`${base}/v1/supervisors?schoolId=${school.id}`, ADMIN_TOKEN)).items).toHaveLength(1);
    expect((await getOk(`${base}/v1/supervisors`, otherSchool.apiKey)).items).toEqual([]);
    expect((await httpJson('GET', `${base}/v1/supervisors?schoolId=${school.id}`, { token: otherSchool.apiKey })).status).toBe(404);
    expect((await httpJson('GET', `${base}/v1/supervisors`)).status).toBe(401);
    expect((await httpJson('GET', `${base}/v1/supervisors?schoolId=nope`, { token: ADMIN_TOKEN })).status).toBe(400);
  });

  it('an enterprise sees the supervisors of a school only under an active agreement', async () => {
    expect((await httpJson('GET', `${base}/v1/supervisors?schoolId=${school.id}`, { token: enterprise.apiKey })).status).toBe(404);
    await activateAgreement({ baseUrl: base, adminToken: ADMIN_TOKEN, schoolId: school.id, enterpriseId: enterprise.id });
    expect(
      (await getOk(`${base}/v1/supervisors?schoolId=${school.id}`, enterprise.apiKey)).items.map((s: { teacherId: string }) => s.teacherId),
    ).toEqual([teacherId]);
  });

  it("shows the school's offered supervisors on a placement, to the operator, the school and the enterprise", async () => {
    const student = await postOk(`${base}/v1/students`, ADMIN_TOKEN, {
      schoolId: school.id,
      givenName: 'Wang',
      familyName: 'Fang',
      programme: 'mechatronics',
      cohort: '2025',
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
      role: 'Crane technician intern',
      startDate: '2026-03-01',
    });
    const expected = [{ teacherId, displayName: 'Chen Jing', subject: 'Mechatronics', tier: 'junior', credentialId: expect.any(String) }];
    expect((await getOk(`${base}/v1/placements/${placement.id}`, ADMIN_TOKEN)).supervisorsAvailable).toEqual(expected);
    expect((await getOk(`${base}/v1/schools/${school.id}/placements/${placement.id}`, school.apiKey)).supervisorsAvailable).toEqual(
      expected,
    );
    expect(
      (await getOk(`${base}/v1/enterprises/${enterprise.id}/placements/${placement.id}`, enterprise.apiKey)).supervisorsAvailable,
    ).toEqual(expected);
  });

  it('a withdrawal removes the teacher; an older offer arriving late does not bring them back', async () => {
    const withdrawn = newCloudEvent(SupervisorWithdrawn, {
      source: SOURCE,
      data: { teacherId, schoolId: school.id, reason: 'credential revoked', occurredAt: '2026-12-02T08:00:00.000Z' },
    });
    await send(withdrawn);
    await waitFor('the withdrawal', async () => (await getOk(`${base}/v1/supervisors`, school.apiKey)).items.length === 0);
    const late = offered('2026-12-01T09:00:00.000Z');
    await send(late);
    const marker = offered('2026-12-03T08:00:00.000Z');
    marker.data.teacherId = randomUUID();
    // Same key as the late offer: same partition, so once the marker shows, the late offer was handled.
    await publish([{ id: marker.id, topic: Topics.supervisors, key: teacherId, event: marker }]);
    await waitFor('the later marker offer', async () => (await getOk(`${base}/v1/supervisors`, school.apiKey)).items.length === 1);
    expect((await getOk(`${base}/v1/supervisors`, school.apiKey)).items.map((s: { teacherId: string }) => s.teacherId)).toEqual([
      marker.data.teacherId,
    ]);
  });
});

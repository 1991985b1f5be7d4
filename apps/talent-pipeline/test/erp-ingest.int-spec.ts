import { MongoClient } from 'mongodb';
import { documentedResponseSchema, erpHireEvent, postErpEvents, httpJson, responseProblems, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

describe('ERP ingest: POST /v1/erp/events (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let seeded: Awaited<ReturnType<typeof seedActiveInternship>>;

  const inboxCount = () => mongo.db().collection('erp_inbox').countDocuments({ enterpriseId: seeded.enterprise.id });
  const post = (body: unknown, extra: Partial<Parameters<typeof postErpEvents>[0]> = {}) =>
    postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: seeded.enterprise.id,
      secret: seeded.enterprise.erpSigningSecret,
      body,
      ...extra,
    });
  const placementOf = async (id: string) => (await httpJson('GET', `${service.baseUrl}/v1/placements/${id}`, { token: ADMIN_TOKEN })).body;

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  beforeEach(async () => {
    seeded = await seedActiveInternship(service.baseUrl, { studentExternalId: { value: `E-${Date.now()}`, schemeId: 'employee-number' } });
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  const hireOf = (placementId: string) => erpHireEvent({ placementId, position: { title: 'Technician' }, hireDate: '2026-09-01' });

  describe('authentication', () => {
    it('rejects a wrong signature with 401 problem+json and stores nothing', async () => {
      const response = await post(hireOf(seeded.placement.id), { signature: 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
      expect(response.status).toBe(401);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.title).toBe('invalid signature');
      expect(await inboxCount()).toBe(0);
    });

    it('rejects a timestamp outside the tolerance window with 401', async () => {
      const response = await post(hireOf(seeded.placement.id), { signedAt: new Date(Date.now() - 10 * 60_000) });
      expect(response.status).toBe(401);
      expect(response.body.detail).toContain('tolerance');
      expect(await inboxCount()).toBe(0);
    });

    it('rejects a body signed with another enterprise secret, and an unknown sender', async () => {
      const other = (
        await httpJson('POST', `${service.baseUrl}/v1/enterprises`, { token: ADMIN_TOKEN, body: { name: 'Other', country: 'DE' } })
      ).body;
      expect((await post(hireOf(seeded.placement.id), { secret: other.erpSigningSecret })).status).toBe(401);
      expect((await post(hireOf(seeded.placement.id), { enterpriseId: '00000000-0000-4000-8000-000000000000' })).status).toBe(401);
      expect(await inboxCount()).toBe(0);
    });
  });

  describe('validation', () => {
    it('names each bad field of a single event and stores nothing', async () => {
      const response = await post({
        ...hireOf(seeded.placement.id),
        data: { placementId: seeded.placement.id, position: {}, hireDate: 'soon' },
      });
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['data.hireDate', 'data.position.title']));
      expect(await inboxCount()).toBe(0);
    });

    it('names the event index in a batch and stores none of the batch', async () => {
      const good = hireOf(seeded.placement.id);
      const bad = { ...hireOf(seeded.placement.id), specversion: '0.3', type: 'erp.unknown.v1' };
      const response = await post([good, bad], { batch: true });
      expect(response.status).toBe(400);
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['[1].specversion']));
      expect(fields.some((f: string) => f.startsWith('[0]'))).toBe(false);
      expect(await inboxCount()).toBe(0);
      expect((await placementOf(seeded.placement.id)).status).toBe('active');
    });

    it('answers 415 for a content type that is not CloudEvents', async () => {
      const response = await post(hireOf(seeded.placement.id), { contentType: 'application/xml' });
      expect(response.status).toBe(415);
      expect(await inboxCount()).toBe(0);
    });
  });

  describe('effects', () => {
    it('applies a duplicate (same source+id) once', async () => {
      const hire = hireOf(seeded.placement.id);
      const first = await post(hire);
      const second = await post(hire);
      expect(first.body).toMatchObject({ accepted: 1, duplicates: 0 });
      expect(second.status).toBe(202);
      expect(second.body).toMatchObject({ accepted: 0, duplicates: 1, events: [{ id: hire.id, status: 'duplicate' }] });
      // Both receipts are what the OpenAPI document promises an ERP's client.
      const documented = documentedResponseSchema(
        (await httpJson('GET', `${service.baseUrl}/docs-json`)).body,
        '/v1/erp/events',
        'post',
        202,
      );
      for (const receipt of [first.body, second.body]) {
        expect(responseProblems(documented, receipt)).toEqual([]);
      }
      expect(responseProblems(documented, { ...second.body, events: [{ id: hire.id, status: 'queued' }] })).not.toEqual([]);
      await waitFor('hire applied', async () => (await placementOf(seeded.placement.id)).status === 'hired');
      const feed = async () =>
        (await httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/placement-outcomes`, { token: seeded.school.apiKey }))
          .body.items;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const placement = await placementOf(seeded.placement.id);
      expect(placement.history.filter((h: { status: string }) => h.status === 'hired')).toHaveLength(1);
      expect((await feed()).filter((i: any) => i.event.type === 'talent.placement.hired.v1')).toHaveLength(1);
      expect(await inboxCount()).toBe(1);
    });

    it('matches a batch event by the student identifier instead of the placement id', async () => {
      const byPerson = erpHireEvent({
        person: { ids: [{ value: seeded.student.externalIds[0].value, schemeId: 'employee-number', schemeAgencyId: 'erp' }] },
        position: { title: 'Technician' },
        hireDate: '2026-09-01',
      });
      const response = await post([byPerson], { batch: true });
      expect(response.status).toBe(202);
      await waitFor('hire applied by person id', async () => (await placementOf(seeded.placement.id)).status === 'hired');
    });

    it('holds an event that matches no placement for review instead of dropping it', async () => {
      const orphan = erpHireEvent({
        placementId: '11111111-1111-4111-8111-111111111111',
        position: { title: 'Ghost' },
        hireDate: '2026-09-01',
      });
      expect((await post(orphan)).status).toBe(202);
      const held = await waitFor('the review queue to hold the event', async () => {
        const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
          token: ADMIN_TOKEN,
        });
        return queue.body.items.find((i: any) => i.event.id === orphan.id);
      });
      expect(held.reason).toContain('no placement');
      expect((await mongo.db().collection('erp_inbox').findOne({ 'event.id': orphan.id }))?.status).toBe('held-for-review');
    });

    it('holds a hire for a placement that cannot be hired yet', async () => {
      const proposed = (
        await httpJson('POST', `${service.baseUrl}/v1/placements`, {
          token: ADMIN_TOKEN,
          body: { studentId: seeded.student.id, enterpriseId: seeded.enterprise.id, kind: 'job', role: 'Welder', startDate: '2026-10-01' },
        })
      ).body;
      const hire = hireOf(proposed.id);
      expect((await post(hire)).status).toBe(202);
      const held = await waitFor('the review queue to hold the event', async () => {
        const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
          token: ADMIN_TOKEN,
        });
        return queue.body.items.find((i: any) => i.event.id === hire.id);
      });
      expect(held.reason).toContain('proposed');
      expect((await placementOf(proposed.id)).status).toBe('proposed');
    });
  });

  describe('matching by HR Open identifiers', () => {
    it('finds the student by scheme and value, and tells apart agencies that use the same scheme', async () => {
      const value = `S-${Date.now()}`;
      const own = await seedActiveInternship(service.baseUrl, {
        studentExternalId: { value, schemeId: 'student-number', schemeAgencyId: 'harbour-college' },
      });
      const postFor = (schemeAgencyId: string) => {
        const hire = erpHireEvent({
          person: { ids: [{ value, schemeId: 'student-number', schemeAgencyId }] },
          position: { title: 'Fitter' },
          hireDate: '2026-09-01',
        });
        return postErpEvents({
          baseUrl: service.baseUrl,
          enterpriseId: own.enterprise.id,
          secret: own.enterprise.erpSigningSecret,
          body: hire,
        }).then(() => hire);
      };
      const reviewQueue = async () =>
        (await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${own.enterprise.id}`, { token: ADMIN_TOKEN })).body
          .items;

      const otherAgency = await postFor('hill-college');
      await waitFor("the hire of another agency's student number to be held", async () =>
        (await reviewQueue()).find((i: any) => i.event.id === otherAgency.id),
      );
      expect((await placementOf(own.placement.id)).status).toBe('active');

      await postFor('harbour-college');
      await waitFor('the placement to be hired', async () => ((await placementOf(own.placement.id)).status === 'hired' ? true : undefined));
    });
  });
});

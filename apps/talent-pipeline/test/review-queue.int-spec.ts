import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { erpHireEvent, postErpEvents, httpJson, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

type Seeded = Awaited<ReturnType<typeof seedActiveInternship>>;

describe('ERP review queue: resolve and reject (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;

  const admin = { token: ADMIN_TOKEN };
  const url = (path: string) => `${service.baseUrl}/v1/erp/review-queue${path}`;
  const placementOf = async (id: string) => (await httpJson('GET', `${service.baseUrl}/v1/placements/${id}`, admin)).body;
  const hiredCount = async (id: string) =>
    (await placementOf(id)).history.filter((h: { status: string }) => h.status === 'hired').length as number;
  const list = async (seeded: Seeded, status?: string) =>
    (await httpJson('GET', url(`?enterpriseId=${seeded.enterprise.id}${status ? `&status=${status}` : ''}`), admin)).body.items as any[];
  const post = (seeded: Seeded, body: unknown) =>
    postErpEvents({ baseUrl: service.baseUrl, enterpriseId: seeded.enterprise.id, secret: seeded.enterprise.erpSigningSecret, body });

  /** Posts a hire for a placement the platform does not know and waits until it is held. */
  async function heldOrphan(seeded: Seeded) {
    const orphan = erpHireEvent({ placementId: randomUUID(), position: { title: 'Maintenance technician' }, hireDate: '2026-10-01' });
    expect((await post(seeded, orphan)).status).toBe(202);
    const item = await waitFor('the orphan hire to be held', async () => (await list(seeded)).find((i) => i.event.id === orphan.id));
    return { orphan, item };
  }

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  it('links a held hire to a placement with exactly one effect, keeping the resolved item queryable', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const { orphan, item } = await heldOrphan(seeded);
    expect(item.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(item.key).toContain('|');
    expect(item.status).toBe('pending');

    const resolved = await httpJson('POST', url(`/${item.id}/resolve`), { ...admin, body: { placementId: seeded.placement.id } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: item.id, status: 'resolved', resolution: { placementId: seeded.placement.id } });
    const placement = await placementOf(seeded.placement.id);
    expect(placement.status).toBe('hired');
    expect(placement.hire).toEqual({ positionTitle: 'Maintenance technician', hireDate: '2026-10-01' });

    expect((await list(seeded)).map((i) => i.id)).not.toContain(item.id);
    expect((await list(seeded, 'resolved')).map((i) => i.id)).toEqual([item.id]);
    expect((await mongo.db().collection('erp_inbox').findOne({ 'event.id': orphan.id }))?.status).toBe('applied');

    // The same link again, the same event from the ERP again: nothing more happens.
    expect((await httpJson('POST', url(`/${item.id}/resolve`), { ...admin, body: { placementId: seeded.placement.id } })).status).toBe(200);
    expect((await post(seeded, orphan)).body).toMatchObject({ duplicates: 1 });
    expect(await hiredCount(seeded.placement.id)).toBe(1);
    await waitFor('the hired outcome in the school feed', async () => {
      const items = (
        await httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/placement-outcomes`, { token: seeded.school.apiKey })
      ).body.items;
      return items.some((i: any) => i.event.type === 'talent.placement.hired.v1' && i.event.data.causedBy?.id === orphan.id);
    });
  });

  it("links by student: the student's hireable placement at the event's enterprise is hired", async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const { item } = await heldOrphan(seeded);
    const resolved = await httpJson('POST', url(`/${item.id}/resolve`), { ...admin, body: { studentId: seeded.student.id } });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolution).toMatchObject({ placementId: seeded.placement.id, studentId: seeded.student.id });
    expect((await placementOf(seeded.placement.id)).status).toBe('hired');
  });

  describe('an item left `resolving` by a crash', () => {
    /** What a crash between the claim and the end of the resolution leaves behind: a claim minutes old. */
    const leaveResolving = (key: string, placementId: string) =>
      mongo
        .db()
        .collection('erp_review_queue')
        .updateOne(
          { _id: key as never },
          { $set: { status: 'resolving', resolution: { placementId }, claimedAt: new Date(Date.now() - 10 * 60_000) } },
        );

    it('is released when its placement was not hired: it is pending again and can be linked elsewhere or rejected', async () => {
      const seeded = await seedActiveInternship(service.baseUrl);
      const { item } = await heldOrphan(seeded);
      await leaveResolving(item.key, seeded.placement.id);
      // An operator links it to another placement: not blocked for ever by the dead claim.
      const other = await seedActiveInternship(service.baseUrl, { enterprise: seeded.enterprise });
      const resolved = await httpJson('POST', url(`/${item.id}/resolve`), { ...admin, body: { placementId: other.placement.id } });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', resolution: { placementId: other.placement.id } });
      expect((await placementOf(seeded.placement.id)).status).toBe('active');
      expect(await hiredCount(other.placement.id)).toBe(1);

      // And a second orphan, left resolving, shows up in the pending list again and can be rejected.
      const second = await heldOrphan(seeded);
      await leaveResolving(second.item.key, seeded.placement.id);
      expect((await list(seeded)).map((i) => i.id)).toContain(second.item.id);
      expect((await httpJson('POST', url(`/${second.item.id}/reject`), { ...admin, body: { reason: 'not ours' } })).status).toBe(200);
    });

    it('is completed when the crash came after its placement was hired: resolved to that placement, not hired twice', async () => {
      const seeded = await seedActiveInternship(service.baseUrl);
      const { item } = await heldOrphan(seeded);
      expect((await httpJson('POST', url(`/${item.id}/resolve`), { ...admin, body: { placementId: seeded.placement.id } })).status).toBe(
        200,
      );
      // Roll the item back to the state a crash right after the hire would have left.
      await mongo
        .db()
        .collection('erp_review_queue')
        .updateOne({ _id: item.key as never }, { $unset: { 'resolution.at': '' } });
      await leaveResolving(item.key, seeded.placement.id);

      const other = await seedActiveInternship(service.baseUrl, { enterprise: seeded.enterprise });
      const relink = await httpJson('POST', url(`/${item.id}/resolve`), { ...admin, body: { placementId: other.placement.id } });
      expect(relink.status).toBe(409);
      expect(relink.body.title).toBe('already resolved');
      expect((await list(seeded, 'resolved')).map((i) => i.id)).toContain(item.id);
      expect(await hiredCount(seeded.placement.id)).toBe(1);
      expect((await placementOf(other.placement.id)).status).toBe('active');
    });
  });

  it('rejects with a reason; the item leaves the pending list, stays listed as rejected and cannot be linked any more', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const { orphan, item } = await heldOrphan(seeded);
    const rejected = await httpJson('POST', url(`/${item.id}/reject`), { ...admin, body: { reason: 'test hire entered by mistake' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { reason: 'test hire entered by mistake' } });
    expect((await list(seeded)).map((i) => i.id)).not.toContain(item.id);
    expect((await list(seeded, 'rejected')).map((i) => i.id)).toEqual([item.id]);
    expect((await mongo.db().collection('erp_inbox').findOne({ 'event.id': orphan.id }))?.status).toBe('rejected');

    expect((await httpJson('POST', url(`/${item.id}/reject`), { ...admin, body: { reason: 'again' } })).status).toBe(409);
    const link = await httpJson('POST', url(`/${item.id}/resolve`), { ...admin, body: { placementId: seeded.placement.id } });
    expect(link.status).toBe(409);
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
  });

  it('answers 400 naming the field, 404 for an unknown item, 409 for a placement that cannot be hired — and changes nothing', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const { item } = await heldOrphan(seeded);
    const resolve = (body: unknown, id = item.id) => httpJson('POST', url(`/${id}/resolve`), { ...admin, body });

    const neither = await resolve({});
    expect(neither.status).toBe(400);
    expect(neither.body.errors[0].field).toBe('placementId');
    expect((await resolve({ placementId: seeded.placement.id, studentId: seeded.student.id })).status).toBe(400);
    expect((await resolve({ placementId: 'not-a-uuid' })).body.errors[0].field).toBe('placementId');

    const other = await seedActiveInternship(service.baseUrl);
    const foreign = await resolve({ placementId: other.placement.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ field: 'placementId', message: expect.stringContaining("event's enterprise") }]);

    const proposed = (
      await httpJson('POST', `${service.baseUrl}/v1/placements`, {
        ...admin,
        body: { studentId: seeded.student.id, enterpriseId: seeded.enterprise.id, kind: 'job', role: 'Welder', startDate: '2026-10-01' },
      })
    ).body;
    const notHireable = await resolve({ placementId: proposed.id });
    expect(notHireable.status).toBe(409);
    expect(notHireable.body.detail).toContain('proposed');

    expect((await resolve({ placementId: seeded.placement.id }, Buffer.from('nope|nope|nope').toString('base64url'))).status).toBe(404);
    expect((await httpJson('POST', url(`/${item.id}/reject`), { ...admin, body: { reason: '' } })).body.errors[0].field).toBe('reason');
    expect((await httpJson('GET', url('?status=done'), admin)).status).toBe(400);
    expect((await httpJson('POST', url(`/${item.id}/reject`), { body: { reason: 'no token' } })).status).toBe(401);

    expect((await list(seeded)).find((i) => i.id === item.id)?.status).toBe('pending');
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
    expect((await placementOf(proposed.id)).status).toBe('proposed');
  });
});

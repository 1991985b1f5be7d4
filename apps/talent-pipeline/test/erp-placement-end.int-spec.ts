import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { httpJson, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, erpTestClient, seedActiveInternship, startTalentPipeline, produceAsErp } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/**
 * ERP systems report the end of a placement (`erp.placement-end.v1`): completed as planned or
 * terminated early. Signed over HTTP, through the inbox and the inbound topic to the consumer, as
 * a hire travels; unmatched or untimely ends wait in the review queue. Real Kafka and Mongo.
 */
describe('ERP ends of placements (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    await mongo?.close();
    await service?.close();
  });

  const endEvent = (data: Record<string, unknown>) => ({
    specversion: '1.0',
    id: `end-${randomUUID()}`,
    source: 'urn:erp:test',
    type: 'erp.placement-end.v1',
    time: new Date().toISOString(),
    data,
  });
  const { post, placementOf, feedOf, heldItem } = erpTestClient({
    get baseUrl() {
      return service.baseUrl;
    },
  });

  // A last day already past: applied on arrival (ends dated in the future: erp-future-ends.int-spec.ts).
  it('completes the active placement it names; the school is told with the ERP’s reason; the same event again has one effect', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const end = endEvent({
      placementId: seeded.placement.id,
      outcome: 'completed',
      endReason: 'Finished the six-month programme',
      lastDay: '2026-11-27',
    });
    const posted = await post(seeded, end);
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ accepted: 1, duplicates: 0 });

    const completed = await waitFor('the placement completed', async () => {
      const p = await placementOf(seeded.placement.id);
      return p.status === 'completed' && p;
    });
    expect(completed.history.at(-1)).toMatchObject({ status: 'completed', cause: `erp.placement-end.v1 ${end.id}` });
    expect(completed.endOfPlacement).toMatchObject({ reason: 'Finished the six-month programme', lastDay: '2026-11-27' });
    const feed = await waitFor('the outcome in the school’s feed', async () => {
      const items = await feedOf(seeded);
      return items.length === 2 && items;
    });
    expect(feed[1].event).toMatchObject({
      type: 'talent.placement.completed.v1',
      data: {
        placementId: seeded.placement.id,
        outcome: 'completed',
        endOfPlacement: { reason: 'Finished the six-month programme', lastDay: '2026-11-27' },
      },
    });

    expect((await post(seeded, end)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    // Straight onto the topic as well, as an ERP that speaks Kafka sends it (a redelivery): still one effect.
    await produceAsErp(service, seeded, [end]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await feedOf(seeded)).toHaveLength(2);
    expect((await placementOf(seeded.placement.id)).history.filter((h: any) => h.status === 'completed')).toHaveLength(1);
  });

  it('terminates the placement of the student its HR ids name; the end of a placement that is not active, or of none, waits for the operator, who links it', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const byPerson = endEvent({
      person: { ids: [{ value: seeded.student.id, schemeId: PLATFORM_STUDENT_SCHEME }] },
      outcome: 'terminated',
    });
    expect((await post(seeded, byPerson)).status).toBe(202);
    await waitFor('the placement terminated', async () => (await placementOf(seeded.placement.id)).status === 'terminated');

    // Ended already: the ERP's later "completed" is not applied, but kept for the operator.
    const late = endEvent({ placementId: seeded.placement.id, outcome: 'completed' });
    expect((await post(seeded, late)).status).toBe(202);
    expect((await heldItem(seeded, late.id)).reason).toBe(`placement ${seeded.placement.id} is terminated and cannot be completed`);
    expect((await placementOf(seeded.placement.id)).status).toBe('terminated');

    const orphan = endEvent({ placementId: randomUUID(), outcome: 'completed', endReason: 'Left for another employer' });
    expect((await post(seeded, orphan)).status).toBe(202);
    const held = await heldItem(seeded, orphan.id);
    expect(held).toMatchObject({ status: 'pending', reason: 'no placement of this enterprise matches the event' });
    expect((await mongo.db().collection('erp_inbox').findOne({ 'event.id': orphan.id }))?.status).toBe('held-for-review');

    // The operator links the orphan to the placement it meant: ended through the lifecycle, once.
    const cannot = await httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${held.id}/resolve`, {
      token: ADMIN_TOKEN,
      body: { placementId: seeded.placement.id },
    });
    expect(cannot.status).toBe(409);
    expect(cannot.body.title).toBe('placement cannot be completed');
    const second = await seedActiveInternship(service.baseUrl, { enterprise: seeded.enterprise });
    const linked = await httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${held.id}/resolve`, {
      token: ADMIN_TOKEN,
      body: { studentId: second.student.id },
    });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({
      status: 'resolved',
      resolution: { placementId: second.placement.id, studentId: second.student.id },
    });
    const ended = await placementOf(second.placement.id);
    expect(ended).toMatchObject({ status: 'completed', endOfPlacement: { reason: 'Left for another employer' } });
    expect(ended.history.at(-1).cause).toBe(`erp.placement-end.v1 ${orphan.id}`);
    // The ERP sends it again: applied already, nothing more happens.
    expect((await post(seeded, orphan)).body).toMatchObject({ duplicates: 1 });
    expect((await mongo.db().collection('erp_inbox').findOne({ 'event.id': orphan.id }))?.status).toBe('applied');
  });

  it('refuses an end without an outcome, without a placement or person, or with a last day that is no date, naming the field, and stores nothing', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const noOutcome = endEvent({ placementId: seeded.placement.id });
    const answer = await post(seeded, noOutcome);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.errors)).toContain('outcome');
    const nobody = await post(seeded, endEvent({ outcome: 'completed' }));
    expect(nobody.status).toBe(400);
    expect(JSON.stringify(nobody.body.errors)).toContain('placementId');
    const badDay = await post(seeded, endEvent({ placementId: seeded.placement.id, outcome: 'completed', lastDay: '2026-02-30' }));
    expect(badDay.status).toBe(400);
    expect(JSON.stringify(badDay.body.errors)).toContain('lastDay');
    expect(await mongo.db().collection('erp_inbox').countDocuments({ 'event.id': noOutcome.id })).toBe(0);
    expect((await placementOf(seeded.placement.id)).status).toBe('active');
  });
});

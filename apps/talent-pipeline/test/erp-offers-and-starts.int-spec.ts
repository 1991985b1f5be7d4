import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { httpJson, settledErpInboxRecord, testMongoUri, waitFor } from '@app/testing';
import { ADMIN_TOKEN, erpTestClient, seedInternship, signAgreement, startTalentPipeline, produceAsErp } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/**
 * ERP systems report offers (`erp.offer.v1`: extended, accepted, declined, withdrawn) and starts
 * (`erp.placement-start.v1`) of placements (ADR 0079). Signed over HTTP, through the inbox and
 * the inbound topic to the consumer, as a hire or an end travels; a start waits for the
 * three-party agreement's signatures in the review queue. Real Kafka and Mongo.
 */
describe('ERP offers and starts of placements (real Kafka + Mongo)', () => {
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

  type Seeded = Awaited<ReturnType<typeof seedInternship>>;
  const erpEvent = (type: string, data: Record<string, unknown>, time = new Date()) => ({
    specversion: '1.0',
    id: `${type}-${randomUUID()}`,
    source: 'urn:erp:test',
    type,
    time: time.toISOString(),
    data,
  });
  const offer = (data: Record<string, unknown>, time?: Date) => erpEvent('erp.offer.v1', data, time);
  const start = (data: Record<string, unknown>) => erpEvent('erp.placement-start.v1', data);
  const { post, placementOf, placementIn, feedOf, reviewItemOf, heldItem } = erpTestClient({
    get baseUrl() {
      return service.baseUrl;
    },
  });
  const resolve = (itemId: string, body: object) =>
    httpJson('POST', `${service.baseUrl}/v1/erp/review-queue/${itemId}/resolve`, { token: ADMIN_TOKEN, body });
  // Settled: the consumer writes the placement first and the inbox status a round trip later.
  const inboxStatusOf = async (eventId: string) => (await settledErpInboxRecord(mongo.db(), eventId)).status;

  /**
   * Produces the events straight onto the inbound topic (an ERP that speaks Kafka, or a
   * redelivery), then an event about no placement behind them on the same key (so the same
   * partition, in order) and waits until that one is held: everything before it was consumed.
   */
  async function sendOnKafkaAndSettle(seeded: Seeded, events: object[]): Promise<void> {
    const marker = offer({ placementId: randomUUID(), status: 'extended' });
    await produceAsErp(service, seeded, [...events, marker]);
    await heldItem(seeded, marker.id);
  }

  it('an offer extended then accepted moves the placement on, once however often it arrives; an older stage after them waits for review', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'proposed' });
    const extended = offer(
      { placementId: seeded.placement.id, status: 'extended', offeredAt: '2026-02-10' },
      new Date(Date.now() - 60_000),
    );
    expect((await post(seeded, extended)).body).toMatchObject({ accepted: 1, duplicates: 0 });
    const offered = await placementIn(seeded.placement.id, 'offered');
    expect(offered.history.at(-1).cause).toBe(`erp.offer.v1 ${extended.id}`);

    const accepted = offer({ placementId: seeded.placement.id, status: 'accepted', respondedAt: '2026-02-12' });
    expect((await post(seeded, accepted)).status).toBe(202);
    const done = await placementIn(seeded.placement.id, 'accepted');
    expect(done.history.map((h: any) => [h.status, h.cause])).toEqual([
      ['proposed', 'http'],
      ['offered', `erp.offer.v1 ${extended.id}`],
      ['accepted', `erp.offer.v1 ${accepted.id}`],
    ]);

    // The same events again, over HTTP and straight onto the topic: nothing changes, not even the version.
    expect((await post(seeded, [extended, accepted])).body).toMatchObject({ accepted: 0, duplicates: 2 });
    await sendOnKafkaAndSettle(seeded, [extended, accepted]);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'accepted', version: done.version });

    // The ERP resends "extended" under a new id after the acceptance: the placement does not go back.
    const stale = offer({ placementId: seeded.placement.id, status: 'extended' }, new Date(Date.now() - 120_000));
    expect((await post(seeded, stale)).status).toBe(202);
    expect((await heldItem(seeded, stale.id)).reason).toBe(
      `placement ${seeded.placement.id} is accepted and cannot take an offer extended (to offered)`,
    );
    expect(await inboxStatusOf(stale.id)).toBe('held-for-review');
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'accepted', version: done.version });
    // Offers and acceptances are no outcome for the school.
    expect(await feedOf(seeded)).toEqual([]);
  });

  it('an acceptance of a proposed placement named by the student offers and accepts it in one write', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'proposed' });
    const before = await placementOf(seeded.placement.id);
    const accepted = offer({ person: { ids: [{ value: seeded.student.id, schemeId: PLATFORM_STUDENT_SCHEME }] }, status: 'accepted' });
    expect((await post(seeded, accepted)).status).toBe(202);
    const after = await placementIn(seeded.placement.id, 'accepted');
    expect(after.version).toBe(before.version + 1);
    expect(after.history.slice(1).map((h: any) => [h.status, h.cause])).toEqual([
      ['offered', `erp.offer.v1 ${accepted.id}`],
      ['accepted', `erp.offer.v1 ${accepted.id}`],
    ]);
    expect(await inboxStatusOf(accepted.id)).toBe('applied');
  });

  it.each([
    ['declined', 'offered', 'the student declined the offer (reported by the ERP)'],
    ['withdrawn', 'accepted', 'the enterprise withdrew the offer (reported by the ERP)'],
  ] as const)(
    'an offer %s terminates the %s placement, and the school hears `terminated` with the reason, once',
    async (status, from, reason) => {
      const seeded = await seedInternship(service.baseUrl, { status: from });
      const event = offer({ placementId: seeded.placement.id, status });
      expect((await post(seeded, event)).status).toBe(202);
      const terminated = await placementIn(seeded.placement.id, 'terminated');
      expect(terminated.endOfPlacement).toMatchObject({ reason, hoursLogged: 0 });
      const feed = await waitFor('the outcome in the school’s feed', async () => {
        const items = await feedOf(seeded);
        return items.length === 1 && items;
      });
      expect(feed[0].event).toMatchObject({
        type: 'talent.placement.terminated.v1',
        data: {
          placementId: seeded.placement.id,
          outcome: 'terminated',
          causedBy: { id: event.id, type: 'erp.offer.v1' },
          endOfPlacement: { reason },
        },
      });

      expect((await post(seeded, event)).body).toMatchObject({ duplicates: 1 });
      await sendOnKafkaAndSettle(seeded, [event]);
      // A later outcome would have reached the feed by now (the relay polls every 200 ms).
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await feedOf(seeded)).toHaveLength(1);
      expect((await placementOf(seeded.placement.id)).history.filter((h: any) => h.status === 'terminated')).toHaveLength(1);
    },
  );

  it('a start of a signed, accepted placement makes it active with the ERP’s first day; the school hears `started` once', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['school', 'enterprise', 'student'] });
    const started = start({ placementId: seeded.placement.id, startDate: '2026-03-02' });
    expect((await post(seeded, started)).status).toBe(202);
    const active = await placementIn(seeded.placement.id, 'active');
    expect(active).toMatchObject({ startDate: '2026-03-02' });
    expect(active.history.at(-1).cause).toBe(`erp.placement-start.v1 ${started.id}`);
    const feed = await waitFor('the start in the school’s feed', async () => {
      const items = await feedOf(seeded);
      return items.length === 1 && items;
    });
    expect(feed[0].event).toMatchObject({
      type: 'talent.placement.started.v1',
      data: { placementId: seeded.placement.id, outcome: 'started', causedBy: { id: started.id, type: 'erp.placement-start.v1' } },
    });

    expect((await post(seeded, started)).body).toMatchObject({ duplicates: 1 });
    await sendOnKafkaAndSettle(seeded, [started]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await feedOf(seeded)).toHaveLength(1);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'active', version: active.version });
  });

  it('a start without all signatures waits for review, saying whose are missing; the last signature applies it, resolving the item automatically', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'accepted', signedBy: ['enterprise'] });
    const started = start({ placementId: seeded.placement.id, startDate: '2026-03-02' });
    expect((await post(seeded, started)).status).toBe(202);
    const held = await heldItem(seeded, started.id);
    expect(held).toMatchObject({
      status: 'pending',
      reason: `placement ${seeded.placement.id} cannot be started yet: the placement agreement lacks the signatures of school, student`,
    });
    expect(await inboxStatusOf(started.id)).toBe('held-for-review');
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'accepted', startDate: '2026-03-01' });

    // Linked before the signatures: refused, naming them, and still pending.
    const early = await resolve(held.id, { placementId: seeded.placement.id });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ title: 'agreement not signed', missingParties: ['school', 'student'] });
    expect((await reviewItemOf(seeded, started.id)).status).toBe('pending');

    // The school signs: one signature still missing, the start still waits.
    await signAgreement(service.baseUrl, seeded.placement.id, ['school']);
    expect((await reviewItemOf(seeded, started.id)).status).toBe('pending');
    expect((await placementOf(seeded.placement.id)).status).toBe('accepted');

    // The student's signature completes the agreement: the start is applied before the signature's answer.
    await signAgreement(service.baseUrl, seeded.placement.id, ['student']);
    const resolved = (
      await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}&status=resolved`, {
        token: ADMIN_TOKEN,
      })
    ).body.items.find((i: { id: string }) => i.id === held.id);
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolution: {
        placementId: seeded.placement.id,
        at: expect.any(String),
        automatic: { on: 'agreement-signed', lastSignature: { party: 'student', signedAt: expect.any(String) } },
      },
    });
    expect(resolved.resolution).not.toHaveProperty('studentId');
    expect(await mongo.db().collection('erp_review_queue').findOne({ 'event.id': started.id })).not.toHaveProperty('awaitsSignatures');
    // An operator's link afterwards finds it done: the same item, nothing applied twice.
    const linked = await resolve(held.id, { studentId: seeded.student.id });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({
      status: 'resolved',
      resolution: { placementId: seeded.placement.id, automatic: { on: 'agreement-signed' } },
    });
    const active = await placementOf(seeded.placement.id);
    expect(active).toMatchObject({ status: 'active', startDate: '2026-03-02' });
    expect(active.history.at(-1).cause).toBe(`erp.placement-start.v1 ${started.id}`);
    const feed = await waitFor('the start in the school’s feed', async () => {
      const items = await feedOf(seeded);
      return items.length === 1 && items;
    });
    expect(feed[0].event).toMatchObject({ type: 'talent.placement.started.v1', data: { causedBy: { id: started.id } } });
    // The ERP sends it again: applied already.
    expect((await post(seeded, started)).body).toMatchObject({ duplicates: 1 });
    expect(await inboxStatusOf(started.id)).toBe('applied');
  });

  it('holds offers and starts that name no placement of the enterprise, or one in the wrong status; the operator links a held offer', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'active' });
    const orphan = offer({ placementId: randomUUID(), status: 'withdrawn' });
    const lateOffer = offer({ placementId: seeded.placement.id, status: 'declined' });
    const lateStart = start({ placementId: seeded.placement.id, startDate: '2026-03-02' });
    expect((await post(seeded, [orphan, lateOffer, lateStart])).body).toMatchObject({ accepted: 3 });
    expect((await heldItem(seeded, orphan.id)).reason).toBe('no placement of this enterprise matches the event');
    expect((await heldItem(seeded, lateOffer.id)).reason).toBe(
      `placement ${seeded.placement.id} is active and cannot take an offer declined (to terminated)`,
    );
    expect((await heldItem(seeded, lateStart.id)).reason).toBe(`placement ${seeded.placement.id} is active and cannot be started`);
    expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'active', startDate: '2026-03-01' });

    // A started placement cannot take the withdrawal; the student's offered placement at the enterprise can.
    const refused = await resolve((await reviewItemOf(seeded, orphan.id)).id, { placementId: seeded.placement.id });
    expect(refused.status).toBe(409);
    expect(refused.body.title).toBe('placement cannot be terminated');
    const second = await seedInternship(service.baseUrl, { status: 'offered', enterprise: seeded.enterprise });
    const linked = await resolve((await reviewItemOf(seeded, orphan.id)).id, { studentId: second.student.id });
    expect(linked.status).toBe(200);
    expect(await placementOf(second.placement.id)).toMatchObject({
      status: 'terminated',
      endOfPlacement: { reason: 'the enterprise withdrew the offer (reported by the ERP)' },
    });
    expect(await inboxStatusOf(orphan.id)).toBe('applied');
  });

  it('refuses an offer without a known status or a placement, and a start without a first day, naming the field; nothing is stored', async () => {
    const seeded = await seedInternship(service.baseUrl, { status: 'proposed' });
    const badStatus = offer({ placementId: seeded.placement.id, status: 'maybe' });
    const cases: [object, string][] = [
      [badStatus, 'data.status'],
      [offer({ status: 'accepted' }), 'data.placementId'],
      [offer({ placementId: seeded.placement.id, status: 'accepted', respondedAt: 'yesterday' }), 'data.respondedAt'],
      [start({ placementId: seeded.placement.id }), 'data.startDate'],
      [start({ placementId: seeded.placement.id, startDate: '2026-02-30' }), 'data.startDate'],
    ];
    for (const [event, field] of cases) {
      const answer = await post(seeded, event);
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect(await mongo.db().collection('erp_inbox').countDocuments({ 'event.id': badStatus.id })).toBe(0);
    expect((await placementOf(seeded.placement.id)).status).toBe('proposed');
  });
});

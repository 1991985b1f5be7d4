import { Clock } from '@app/base';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { httpJson, settledErpInboxRecord, testMongoUri, waitFor } from '@app/testing';
import { ScheduledStepsScheduler } from '../src/placements/scheduled-steps.scheduler';
import { ADMIN_TOKEN, erpTestClient, seedActiveInternship, seedInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

type Enterprise = { id: string; apiKey: string; erpSigningSecret: string; timeZone: string };

/**
 * ERP starts and ends count days at the enterprise (ADR 0079, addendum "the enterprise's day"):
 * an enterprise registered with an IANA time zone has its ERP's first and last days compared with
 * today in that zone, and its scheduled steps become due at midnight there, not at 00:00 UTC; one
 * without a zone keeps UTC. Real Kafka and Mongo; the service's Clock is set to instants on either
 * side of midnight in each zone, and the scheduler's passes are run by the test.
 */
describe('ERP scheduled steps on the enterprise’s day (real Kafka + Mongo)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let now = '2030-05-06T09:00:00Z';

  beforeAll(async () => {
    service = await startTalentPipeline({ SCHEDULED_ENDS_POLL_MS: '3600000' });
    jest.spyOn(service.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await mongo?.close();
    await service?.close();
  });

  const { post, placementOf } = erpTestClient({
    get baseUrl() {
      return service.baseUrl;
    },
  });
  const register = (body: Record<string, unknown>) =>
    httpJson('POST', `${service.baseUrl}/v1/enterprises`, {
      token: ADMIN_TOKEN,
      body: { name: 'Precision Motors', country: 'CN', ...body },
    });
  const registered = async (timeZone?: string): Promise<Enterprise> => {
    const answer = await register(timeZone ? { timeZone } : {});
    expect(answer.status).toBe(201);
    return answer.body;
  };
  let tick = 0;
  const erpEvent = (type: string, data: Record<string, unknown>) => ({
    specversion: '1.0',
    id: `${type}-${randomUUID()}`,
    source: 'urn:erp:test',
    type,
    time: new Date(Date.parse('2030-05-01T08:00:00Z') + ++tick * 60_000).toISOString(),
    data,
  });
  const applyDue = () => service.app.get(ScheduledStepsScheduler).applyDue();
  const inboxOf = (eventId: string) => settledErpInboxRecord(mongo.db(), eventId);

  it('takes an IANA time zone at registration, as Intl spells it, shows it, defaults to UTC, and refuses an unknown one naming the field', async () => {
    const shanghai = await registered('asia/shanghai');
    expect(shanghai.timeZone).toBe('Asia/Shanghai');
    const read = await httpJson('GET', `${service.baseUrl}/v1/enterprises/${shanghai.id}`, { token: ADMIN_TOKEN });
    expect(read.body).toMatchObject({ id: shanghai.id, timeZone: 'Asia/Shanghai' });
    const plain = await registered();
    expect(plain.timeZone).toBe('UTC');
    expect((await httpJson('GET', `${service.baseUrl}/v1/enterprises/${plain.id}`, { token: ADMIN_TOKEN })).body.timeZone).toBe('UTC');
    expect(
      await mongo
        .db()
        .collection('enterprises')
        .findOne({ _id: plain.id as any }),
    ).not.toHaveProperty('timeZone');

    for (const timeZone of ['Mars/Olympus_Mons', '+08:00', '', 42]) {
      const refused = await register({ timeZone });
      expect(refused.status).toBe(400);
      expect(refused.contentType).toMatch(/^application\/problem\+json/);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['timeZone']);
    }
  });

  it('an end whose last day is already today in Shanghai applies at once, while the same end at a UTC enterprise waits for its day', async () => {
    // 20:00 UTC on 6 May is 04:00 on 7 May in Shanghai.
    now = '2030-05-06T20:00:00Z';
    const inShanghai = await seedActiveInternship(service.baseUrl, { enterprise: await registered('Asia/Shanghai') });
    const inUtc = await seedActiveInternship(service.baseUrl, { enterprise: await registered() });
    const shanghaiEnd = erpEvent('erp.placement-end.v1', {
      placementId: inShanghai.placement.id,
      outcome: 'completed',
      lastDay: '2030-05-07',
    });
    const utcEnd = erpEvent('erp.placement-end.v1', { placementId: inUtc.placement.id, outcome: 'completed', lastDay: '2030-05-07' });
    await post(inShanghai, shanghaiEnd);
    await post(inUtc, utcEnd);

    expect(await inboxOf(shanghaiEnd.id)).toMatchObject({ status: 'applied' });
    expect((await placementOf(inShanghai.placement.id)).status).toBe('completed');
    expect(await inboxOf(utcEnd.id)).toMatchObject({ status: 'scheduled', dueOn: '2030-05-08' });
    expect(await placementOf(inUtc.placement.id)).toMatchObject({ status: 'active', scheduledEnd: { lastDay: '2030-05-07' } });
  });

  it('a scheduled start is due at midnight in Shanghai (16:00 UTC the day before), not at 00:00 UTC', async () => {
    now = '2030-05-07T10:00:00Z'; // 18:00 on 7 May in Shanghai
    const signed = (enterprise: Enterprise) =>
      seedInternship(service.baseUrl, { enterprise, status: 'accepted', signedBy: ['school', 'enterprise', 'student'] });
    const inShanghai = await signed(await registered('Asia/Shanghai'));
    const inUtc = await signed(await registered());
    const shanghaiStart = erpEvent('erp.placement-start.v1', { placementId: inShanghai.placement.id, startDate: '2030-05-08' });
    const utcStart = erpEvent('erp.placement-start.v1', { placementId: inUtc.placement.id, startDate: '2030-05-08' });
    await post(inShanghai, shanghaiStart);
    await post(inUtc, utcStart);
    expect(await inboxOf(shanghaiStart.id)).toMatchObject({ status: 'scheduled', dueOn: '2030-05-08' });
    expect(await inboxOf(utcStart.id)).toMatchObject({ status: 'scheduled', dueOn: '2030-05-08' });

    now = '2030-05-07T15:59:00Z'; // 23:59 in Shanghai: not yet
    expect(await applyDue()).toBe(0);
    now = '2030-05-07T16:30:00Z'; // 00:30 on 8 May in Shanghai; still 7 May in UTC
    expect(await applyDue()).toBe(1);
    expect(await placementOf(inShanghai.placement.id)).toMatchObject({ status: 'active', startDate: '2030-05-08' });
    expect((await placementOf(inUtc.placement.id)).status).toBe('accepted');
    await waitFor(
      'the inbox settled',
      async () => (await mongo.db().collection('erp_inbox').findOne({ 'event.id': shanghaiStart.id }))?.status === 'applied',
    );

    now = '2030-05-08T00:10:00Z'; // (the UTC end of the test before falls due too)
    await applyDue();
    expect((await placementOf(inUtc.placement.id)).status).toBe('active');
  });

  it('in New York a scheduled end waits past 00:00 UTC until midnight there', async () => {
    now = '2030-05-06T02:00:00Z'; // 22:00 on 5 May in New York (EDT)
    const inNewYork = await seedActiveInternship(service.baseUrl, { enterprise: await registered('America/New_York') });
    // The last day is tomorrow there (in UTC it would be today, and the end would apply at once).
    const end = erpEvent('erp.placement-end.v1', { placementId: inNewYork.placement.id, outcome: 'terminated', lastDay: '2030-05-06' });
    await post(inNewYork, end);
    expect(await inboxOf(end.id)).toMatchObject({ status: 'scheduled', dueOn: '2030-05-07' });

    now = '2030-05-07T02:00:00Z'; // 7 May in UTC, 22:00 on 6 May (the last day) in New York
    expect(await applyDue()).toBe(0);
    expect((await placementOf(inNewYork.placement.id)).status).toBe('active');
    now = '2030-05-07T04:05:00Z'; // 00:05 on 7 May in New York
    expect(await applyDue()).toBe(1);
    expect(await placementOf(inNewYork.placement.id)).toMatchObject({ status: 'terminated', endOfPlacement: { lastDay: '2030-05-06' } });
  });

  describe('an enterprise changes its time zone', () => {
    const changeZone = (enterpriseId: string, token: string | undefined, body: unknown) =>
      httpJson('PUT', `${service.baseUrl}/v1/enterprises/${enterpriseId}/time-zone`, { token, body });

    it('a start scheduled at a UTC enterprise keeps its day and applies at midnight in the zone the enterprise moved to', async () => {
      now = '2030-06-10T10:00:00Z';
      const enterprise = await registered();
      const seeded = await seedInternship(service.baseUrl, {
        enterprise,
        status: 'accepted',
        signedBy: ['school', 'enterprise', 'student'],
      });
      const start = erpEvent('erp.placement-start.v1', { placementId: seeded.placement.id, startDate: '2030-06-11' });
      await post(seeded, start);
      expect(await inboxOf(start.id)).toMatchObject({ status: 'scheduled', dueOn: '2030-06-11' });

      // The enterprise's own key; the zone as Intl spells it, the one it replaced.
      const changed = await changeZone(enterprise.id, enterprise.apiKey, { timeZone: 'asia/shanghai' });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({
        enterpriseId: enterprise.id,
        timeZone: 'Asia/Shanghai',
        previousTimeZone: 'UTC',
        changedAt: expect.any(String),
      });
      const read = await httpJson('GET', `${service.baseUrl}/v1/enterprises/${enterprise.id}`, { token: ADMIN_TOKEN });
      expect(read.body.timeZone).toBe('Asia/Shanghai');
      // The scheduled start keeps its day.
      expect(await placementOf(seeded.placement.id)).toMatchObject({
        status: 'accepted',
        scheduledStart: { firstDay: '2030-06-11', dueOn: '2030-06-11' },
      });

      now = '2030-06-10T15:59:00Z'; // 23:59 on 10 June in Shanghai: not yet
      await applyDue();
      expect((await placementOf(seeded.placement.id)).status).toBe('accepted');
      now = '2030-06-10T16:30:00Z'; // 00:30 on 11 June in Shanghai, still 10 June in UTC (where it would wait)
      await applyDue();
      expect(await placementOf(seeded.placement.id)).toMatchObject({ status: 'active', startDate: '2030-06-11' });
      expect(await inboxOf(start.id)).toMatchObject({ status: 'applied' });
    });

    it('the operator may change it, another enterprise or a school may not, an unknown enterprise is a 404 and a bad zone a 400 naming timeZone', async () => {
      const enterprise = await registered('Asia/Shanghai');
      const other = await registered();
      const seeded = await seedActiveInternship(service.baseUrl);

      const byOperator = await changeZone(enterprise.id, ADMIN_TOKEN, { timeZone: 'Europe/Berlin' });
      expect(byOperator.status).toBe(200);
      expect(byOperator.body).toMatchObject({ timeZone: 'Europe/Berlin', previousTimeZone: 'Asia/Shanghai' });

      const byOther = await changeZone(enterprise.id, other.apiKey, { timeZone: 'UTC' });
      expect(byOther.status).toBe(403);
      expect(byOther.contentType).toMatch(/^application\/problem\+json/);
      expect((await changeZone(enterprise.id, seeded.school.apiKey, { timeZone: 'UTC' })).status).toBe(401);
      expect((await changeZone(enterprise.id, undefined, { timeZone: 'UTC' })).status).toBe(401);
      const unknown = await changeZone(randomUUID(), ADMIN_TOKEN, { timeZone: 'UTC' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.title).toBe('enterprise not found');

      // A malformed id is the documented 400 naming it, for the enterprise's own key as for the operator (not a 403 for another enterprise's id).
      for (const token of [enterprise.apiKey, ADMIN_TOKEN]) {
        const malformed = await changeZone('not-a-uuid', token, { timeZone: 'UTC' });
        expect(malformed.status).toBe(400);
        expect(malformed.contentType).toMatch(/^application\/problem\+json/);
        expect(malformed.body.errors).toEqual([{ field: 'enterpriseId', message: 'must be a UUID' }]);
      }

      for (const body of [{ timeZone: 'Mars/Olympus_Mons' }, { timeZone: '+08:00' }, { timeZone: '' }, { timeZone: 42 }, {}]) {
        const refused = await changeZone(enterprise.id, enterprise.apiKey, body);
        expect(refused.status).toBe(400);
        expect(refused.contentType).toMatch(/^application\/problem\+json/);
        expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['timeZone']);
      }
      // Nothing but the operator's change took: the zone is Berlin, and `UTC` sets the default back.
      expect((await httpJson('GET', `${service.baseUrl}/v1/enterprises/${enterprise.id}`, { token: ADMIN_TOKEN })).body.timeZone).toBe(
        'Europe/Berlin',
      );
      expect((await changeZone(enterprise.id, enterprise.apiKey, { timeZone: 'UTC' })).body).toMatchObject({
        timeZone: 'UTC',
        previousTimeZone: 'Europe/Berlin',
      });
    });
  });
});

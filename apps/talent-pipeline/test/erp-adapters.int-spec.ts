import { Clock } from '@app/base';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { ErpVendor, postVendorNotification, httpJson, settledErpInboxRecord, testMongoUri, waitFor } from '@app/testing';
import successFactorsEndRescindedSample from '../src/erp-ingest/adapters/fixtures/successfactors-end-rescinded.json';
import successFactorsSample from '../src/erp-ingest/adapters/fixtures/successfactors-hire.json';
import successFactorsOfferSample from '../src/erp-ingest/adapters/fixtures/successfactors-offer.json';
import successFactorsStartRescindedSample from '../src/erp-ingest/adapters/fixtures/successfactors-start-rescinded.json';
import successFactorsStartSample from '../src/erp-ingest/adapters/fixtures/successfactors-start.json';
import successFactorsTerminationSample from '../src/erp-ingest/adapters/fixtures/successfactors-termination.json';
import workdayContractContingentWorkerSample from '../src/erp-ingest/adapters/fixtures/workday-contract-contingent-worker.json';
import workdayEndContingentWorkerSample from '../src/erp-ingest/adapters/fixtures/workday-end-contingent-worker.json';
import workdaySample from '../src/erp-ingest/adapters/fixtures/workday-hire.json';
import workdayOfferSample from '../src/erp-ingest/adapters/fixtures/workday-offer.json';
import workdayRescindContractContingentWorkerSample from '../src/erp-ingest/adapters/fixtures/workday-rescind-contract-contingent-worker.json';
import workdayRescindTerminationSample from '../src/erp-ingest/adapters/fixtures/workday-rescind-termination.json';
import workdayTerminationSample from '../src/erp-ingest/adapters/fixtures/workday-termination.json';
import { ADMIN_TOKEN, erpTestClient, seedActiveInternship, seedInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

type Seeded = Awaited<ReturnType<typeof seedActiveInternship>>;

/** Posts a vendor payload the way the ERP's outbound integration would: JSON, signed per Standard Webhooks. */
function postVendor(
  baseUrl: string,
  vendor: ErpVendor,
  enterprise: { id: string; erpSigningSecret: string },
  body: unknown,
  options: { contentType?: string; secret?: string } = {},
) {
  const secret = options.secret ?? enterprise.erpSigningSecret;
  return postVendorNotification({ baseUrl, vendor, enterpriseId: enterprise.id, secret, body, contentType: options.contentType });
}

const clone = <T>(value: T): any => JSON.parse(JSON.stringify(value));

function successFactorsHire(overrides: { personIdExternal: string; placementId?: string }) {
  const payload = clone(successFactorsSample);
  payload.eventId = randomUUID();
  payload.PerPerson.personIdExternal = overrides.personIdExternal;
  payload.EmpJob.personIdExternal = overrides.personIdExternal;
  payload.EmpJob.userId = `u${overrides.personIdExternal}`;
  payload.EmpJob.customString1 = overrides.placementId ?? null;
  return payload;
}

/** An Employee Central Termination (event 26) of the person, under the customer's reason code TERRESIG. */
function successFactorsTermination(personIdExternal: string) {
  const payload = clone(successFactorsTerminationSample);
  payload.eventId = randomUUID();
  payload.PerPerson.personIdExternal = personIdExternal;
  payload.EmpJob.personIdExternal = personIdExternal;
  payload.EmpJob.userId = `u${personIdExternal}`;
  return payload;
}

/** A Workday end (Terminate_Employee_Event or End_Contingent_Worker_Contract_Event) of the worker, with a fresh event WID. */
function workdayEnd(
  sample: object,
  root: 'Terminate_Employee_Event' | 'End_Contingent_Worker_Contract_Event',
  id: { type: string; value: string },
) {
  const payload = clone(sample);
  payload[root].Event_Reference.ID = [{ type: 'WID', value: randomUUID().replace(/-/g, '') }];
  payload[root].Worker_Reference.ID = [id];
  return payload;
}

/**
 * An Employee Central EmpJob notification of the person from `sample` (a start, an end, a deleted
 * end), with a fresh eventId, the record's startDate in OData form and `published` as its time.
 */
function successFactorsEmpJob(sample: object, personIdExternal: string, startDate: string, published: Date, job: object = {}) {
  const payload = clone(sample);
  payload.eventId = randomUUID();
  payload.publishedAt = published.toISOString();
  payload.PerPerson.personIdExternal = personIdExternal;
  Object.assign(payload.EmpJob, { personIdExternal, userId: `u${personIdExternal}`, startDate: `/Date(${Date.parse(startDate)})/` }, job);
  return payload;
}

/** A Workday notification from `sample` under `root`, with a fresh event WID, completed at `completed`. */
function workdayEvent(sample: object, root: string, completed: Date) {
  const payload = clone(sample);
  payload[root].Event_Reference.ID = [{ type: 'WID', value: randomUUID().replace(/-/g, '') }];
  payload[root].Completed_Moment = completed.toISOString();
  return { payload, eventId: payload[root].Event_Reference.ID[0].value as string };
}

function workdayHire(employeeId: string) {
  const payload = clone(workdaySample);
  payload.Hire_Employee_Event.Event_Reference.ID = [{ type: 'WID', value: randomUUID().replace(/-/g, '') }];
  payload.Hire_Employee_Event.Worker_Reference.ID = [{ type: 'Employee_ID', value: employeeId }];
  return payload;
}

describe('ERP adapters: SuccessFactors and Workday offer, start, hire, end and rescission notifications (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;

  const placementOf = async (id: string) => (await httpJson('GET', `${service.baseUrl}/v1/placements/${id}`, { token: ADMIN_TOKEN })).body;
  const inbox = () => mongo.db().collection('erp_inbox');
  const hiredPlacement = (id: string) =>
    waitFor(`placement ${id} to be hired`, async () => {
      const placement = await placementOf(id);
      return placement.status === 'hired' ? placement : undefined;
    });
  const endedPlacement = (id: string, status: 'completed' | 'terminated') =>
    waitFor(`placement ${id} to be ${status}`, async () => {
      const placement = await placementOf(id);
      return placement.status === status ? placement : undefined;
    });
  const reviewQueueOf = async (enterpriseId: string) =>
    (await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${enterpriseId}`, { token: ADMIN_TOKEN })).body
      .items as any[];
  const uniqueValue = () => `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const seedWith = (schemeId: string): Promise<Seeded> =>
    seedActiveInternship(service.baseUrl, { studentExternalId: { value: uniqueValue(), schemeId } });
  /** A proposed placement whose agreement all three parties signed, of a student known by `schemeId`. */
  const seedSignedProposal = (schemeId: string): Promise<Seeded> =>
    seedInternship(service.baseUrl, {
      status: 'proposed',
      signedBy: ['school', 'enterprise', 'student'],
      studentExternalId: { value: uniqueValue(), schemeId },
    });
  const { placementIn } = erpTestClient({
    get baseUrl() {
      return service.baseUrl;
    },
  });
  /** A vendor event's time, `minutes` from now: the order in which the ERP recorded a placement's steps. */
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);
  /** The service's today (its Clock) and the days around it, as the vendor dates them. */
  const dayFromToday = (days: number) =>
    new Date(Date.parse(service.app.get(Clock).now().toISOString().slice(0, 10)) + days * 86_400_000).toISOString().slice(0, 10);
  /**
   * Waits until the seeded placement is completed by the end `endEventId`, and checks that it took
   * every step of its life once, each from the ERP, with nothing left for review; returns it.
   */
  const completedThroughItsLife = async (seeded: Seeded, endEventId: string) => {
    const completed = await endedPlacement(seeded.placement.id, 'completed');
    expect(completed.history.at(-1)).toMatchObject({ status: 'completed', cause: `erp.placement-end.v1 ${endEventId}` });
    expect(completed.history.map((h: { status: string }) => h.status)).toEqual(['proposed', 'offered', 'accepted', 'active', 'completed']);
    expect(await reviewQueueOf(seeded.enterprise.id)).toEqual([]);
    return completed;
  };
  /** Waits until the placement's scheduled end is `eventId`'s (or, with undefined, until it has none); returns the placement. */
  const scheduledEndOf = (id: string, eventId: string | undefined) =>
    waitFor(`placement ${id} to have scheduled end ${eventId ?? 'none'}`, async () => {
      const placement = await placementOf(id);
      return placement.scheduledEnd?.eventId === eventId && placement;
    });

  /** An accepted placement whose agreement all three parties signed, of a student known by `schemeId`. */
  const seedSignedAcceptance = (schemeId: string): Promise<Seeded> =>
    seedInternship(service.baseUrl, {
      status: 'accepted',
      signedBy: ['school', 'enterprise', 'student'],
      studentExternalId: { value: uniqueValue(), schemeId },
    });
  /**
   * Posts the vendor's start dated in the future and waits until it is the placement's scheduled
   * start; then posts the vendor's rescission of it and checks that the start is taken back: the
   * placement still accepted without a scheduled start, its history unchanged, the start's inbox
   * record superseded and the rescission's applied, nothing held for review; the operator, the
   * school and the enterprise read the rescission's mark (`rescindedStart`) on the placement.
   */
  const startTakenBack = async (
    vendor: ErpVendor,
    seeded: Seeded,
    start: { payload: unknown; eventId: string },
    rescission: { payload: unknown; eventId: string; time: Date; day?: string },
  ) => {
    const id = seeded.placement.id;
    expect((await postVendor(service.baseUrl, vendor, seeded.enterprise, start.payload)).status).toBe(202);
    const scheduled = await waitFor('the vendor start scheduled', async () => {
      const placement = await placementOf(id);
      return placement.scheduledStart?.eventId === start.eventId && placement;
    });
    expect(scheduled).toMatchObject({ status: 'accepted', scheduledStart: { firstDay: dayFromToday(3) } });
    const taken = await postVendor(service.baseUrl, vendor, seeded.enterprise, rescission.payload);
    expect(taken.status).toBe(202);
    expect(taken.body.events).toEqual([expect.objectContaining({ id: rescission.eventId, status: 'accepted' })]);
    expect((await settledErpInboxRecord(mongo.db(), rescission.eventId)).status).toBe('applied');
    const placement = await placementOf(id);
    expect(placement.status).toBe('accepted');
    expect(placement.scheduledStart).toBeUndefined();
    expect(placement.history).toEqual(scheduled.history);
    const mark = {
      at: rescission.time.toISOString(),
      eventId: rescission.eventId,
      ...(rescission.day ? { day: rescission.day } : {}),
      rescindedEventId: start.eventId,
    };
    expect(placement.rescindedStart).toEqual(mark);
    expect(placement).not.toHaveProperty('rescindedEnd');
    const school = await httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/placements/${id}`, {
      token: seeded.school.apiKey,
    });
    const enterprise = await httpJson('GET', `${service.baseUrl}/v1/enterprises/${seeded.enterprise.id}/placements/${id}`, {
      token: seeded.enterprise.apiKey,
    });
    expect([school.body.rescindedStart, enterprise.body.rescindedStart]).toEqual([mark, mark]);
    await waitFor(
      'the rescinded start superseded in the inbox',
      async () => (await inbox().findOne({ 'event.id': start.eventId }))?.status === 'superseded',
    );
    expect(await reviewQueueOf(seeded.enterprise.id)).toEqual([]);
  };

  beforeAll(async () => {
    service = await startTalentPipeline();
    // The service's today is after the samples' last days (2026-12-17, 2027-02-26), so the ends
    // apply on arrival; ends dated in the future wait: erp-future-ends.int-spec.ts.
    jest.spyOn(service.app.get(Clock), 'now').mockReturnValue(new Date('2027-03-01T09:00:00Z'));
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await mongo?.close();
    await service?.close();
  });

  describe('SuccessFactors', () => {
    it('hires the student matched by sf:personIdExternal and stores the canonical erp.hire.v1 CloudEvent', async () => {
      const seeded = await seedWith('sf:personIdExternal');
      const personId = seeded.student.externalIds[0].value;
      const payload = successFactorsHire({ personIdExternal: personId });

      const response = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        accepted: 1,
        duplicates: 0,
        events: [{ source: 'urn:erp:successfactors:PRECISIONMO', id: payload.eventId, status: 'accepted' }],
      });

      const placement = await hiredPlacement(seeded.placement.id);
      expect(placement.hire).toEqual({ positionTitle: 'CNC machinist', hireDate: '2026-09-01' });
      const stored = await inbox().findOne({
        _id: `${seeded.enterprise.id}|urn:erp:successfactors:PRECISIONMO|${payload.eventId}` as never,
      });
      expect(stored?.event).toMatchObject({
        type: 'erp.hire.v1',
        data: {
          person: {
            ids: [
              { value: personId, schemeId: 'sf:personIdExternal', schemeAgencyId: 'successfactors:PRECISIONMO' },
              { value: `u${personId}`, schemeId: 'sf:userId', schemeAgencyId: 'successfactors:PRECISIONMO' },
            ],
          },
          hireDate: '2026-09-01',
        },
      });
    });

    it('dedupes on the SuccessFactors eventId: the same notification again is a duplicate with no second effect', async () => {
      const seeded = await seedWith('sf:personIdExternal');
      const payload = successFactorsHire({ personIdExternal: seeded.student.externalIds[0].value });
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload)).body.accepted).toBe(1);
      const again = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload);
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
      await hiredPlacement(seeded.placement.id);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const placement = await placementOf(seeded.placement.id);
      expect(placement.history.filter((h: { status: string }) => h.status === 'hired')).toHaveLength(1);
    });

    it('uses the platform placement id from EmpJob.customString1 when the person is unknown', async () => {
      const seeded = await seedWith('employee-number');
      const payload = successFactorsHire({ personIdExternal: 'unknown-person', placementId: seeded.placement.id });
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload)).status).toBe(202);
      await hiredPlacement(seeded.placement.id);
    });

    it('answers 400 naming the SuccessFactors field and stores nothing', async () => {
      const seeded = await seedWith('sf:personIdExternal');
      const payload = successFactorsHire({ personIdExternal: seeded.student.externalIds[0].value });
      // Neither a hire reason nor an end event: only the event reason is named (a jobTitle is a hire's).
      payload.EmpJob.eventReason = 'TERRESIG';
      delete payload.EmpJob.jobTitle;
      const response = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.title).toBe('invalid successfactors payload');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['EmpJob.eventReason']);
      expect(response.body.errors[0].message).toMatch(/hire .*HIRNEW.*end .*26 \(Termination/);

      const hireWithoutTitle = successFactorsHire({ personIdExternal: seeded.student.externalIds[0].value });
      delete hireWithoutTitle.EmpJob.jobTitle;
      const untitled = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, hireWithoutTitle);
      expect(untitled.status).toBe(400);
      expect(untitled.body.errors.map((e: { field: string }) => e.field)).toEqual(['EmpJob.jobTitle']);

      expect(await inbox().countDocuments({ enterpriseId: seeded.enterprise.id })).toBe(0);
      expect((await placementOf(seeded.placement.id)).status).toBe('active');
    });

    it('terminates the active placement of the student a Termination (event 26) names, with the customer’s reason code; the same notification again is a duplicate with one effect', async () => {
      const seeded = await seedWith('sf:personIdExternal');
      const personId = seeded.student.externalIds[0].value;
      const payload = successFactorsTermination(personId);

      const response = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        accepted: 1,
        duplicates: 0,
        events: [{ source: 'urn:erp:successfactors:PRECISIONMO', id: payload.eventId, status: 'accepted' }],
      });
      const placement = await endedPlacement(seeded.placement.id, 'terminated');
      expect(placement.history.at(-1)).toMatchObject({ status: 'terminated', cause: `erp.placement-end.v1 ${payload.eventId}` });
      expect(placement.endOfPlacement.reason).toBe('SuccessFactors event reason TERRESIG');
      // The termination record starts the day after the last day (SAP's convention).
      expect(placement.endOfPlacement.lastDay).toBe('2026-12-17');
      const stored = await inbox().findOne({
        _id: `${seeded.enterprise.id}|urn:erp:successfactors:PRECISIONMO|${payload.eventId}` as never,
      });
      expect(stored?.event).toMatchObject({
        type: 'erp.placement-end.v1',
        data: { outcome: 'terminated', endReason: 'SuccessFactors event reason TERRESIG' },
      });

      const again = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload);
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = await placementOf(seeded.placement.id);
      expect(after.history.filter((h: { status: string }) => h.status === 'terminated')).toHaveLength(1);
      expect(await reviewQueueOf(seeded.enterprise.id)).toEqual([]);
    });

    it('takes a placement through its life from SuccessFactors: an accepted offer letter, a Start Contingent Worker dated today, a Termination entered ahead and deleted, an End Contingent Worker', async () => {
      const seeded = await seedSignedProposal('sf:personIdExternal');
      const id = seeded.placement.id;
      const personId = seeded.student.externalIds[0].value;
      const [today, tomorrow, inTwoDays] = [0, 1, 2].map(dayFromToday);

      // The candidate accepts the online offer; the integrator put the placement id on the application.
      const offer = clone(successFactorsOfferSample);
      offer.eventId = randomUUID();
      offer.JobApplication.platformPlacementId = id;
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, offer)).status).toBe(202);
      expect((await placementIn(id, 'accepted')).history.at(-1)).toMatchObject({
        status: 'accepted',
        cause: `erp.offer.v1 ${offer.eventId}`,
      });

      // The student starts today, as a contingent worker: the placement is active from today, once however often it arrives.
      const start = successFactorsEmpJob(successFactorsStartSample, personId, today, at(0));
      const started = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, start);
      expect(started.status).toBe(202);
      expect(started.body.events).toEqual([{ source: 'urn:erp:successfactors:PRECISIONMO', id: start.eventId, status: 'accepted' }]);
      const active = await placementIn(id, 'active');
      expect(active).toMatchObject({ startDate: today });
      expect(active.history.at(-1)).toMatchObject({ status: 'active', cause: `erp.placement-start.v1 ${start.eventId}` });
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, start)).body).toMatchObject({
        accepted: 0,
        duplicates: 1,
      });

      // HR enters a termination whose last day is tomorrow (its record starts the day after), then deletes the record.
      const termination = successFactorsEmpJob(successFactorsTerminationSample, personId, inTwoDays, at(1));
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, termination)).status).toBe(202);
      expect((await scheduledEndOf(id, termination.eventId)).scheduledEnd).toMatchObject({ lastDay: tomorrow });
      const deleted = successFactorsEmpJob(successFactorsEndRescindedSample, personId, inTwoDays, at(2));
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, deleted)).status).toBe(202);
      expect(await scheduledEndOf(id, undefined)).toMatchObject({ status: 'active' });

      // The contingent assignment ends today (its End Contingent Worker record starts tomorrow): completed on arrival.
      const end = successFactorsEmpJob(successFactorsTerminationSample, personId, tomorrow, at(3), {
        event: 'ECWK',
        eventReason: 'CWEND_ASSIGN',
      });
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, end)).status).toBe(202);
      const completed = await completedThroughItsLife(seeded, end.eventId);
      expect(completed.endOfPlacement).toMatchObject({ reason: 'SuccessFactors event reason CWEND_ASSIGN', lastDay: today });
    });

    it('takes back a start entered ahead of time when its Start Contingent Worker record is deleted: the placement stays accepted', async () => {
      const seeded = await seedSignedAcceptance('sf:personIdExternal');
      const personId = seeded.student.externalIds[0].value;
      const firstDay = dayFromToday(3);
      const start = successFactorsEmpJob(successFactorsStartSample, personId, firstDay, at(0));
      const deletedAt = at(1);
      const deleted = successFactorsEmpJob(successFactorsStartRescindedSample, personId, firstDay, deletedAt);
      await startTakenBack(
        'successfactors',
        seeded,
        { payload: start, eventId: start.eventId },
        { payload: deleted, eventId: deleted.eventId, time: deletedAt, day: firstDay },
      );
    });

    it('keeps a corrected first day when HR deletes the old Start Contingent Worker record afterwards: the deletion names its day and leaves only its mark, nothing held', async () => {
      const seeded = await seedSignedAcceptance('sf:personIdExternal');
      const personId = seeded.student.externalIds[0].value;
      const id = seeded.placement.id;
      // HR enters a first day, corrects it by inserting a new record, then deletes the old one.
      const first = successFactorsEmpJob(successFactorsStartSample, personId, dayFromToday(3), at(0));
      const corrected = successFactorsEmpJob(successFactorsStartSample, personId, dayFromToday(5), at(1));
      for (const payload of [first, corrected])
        expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload)).status).toBe(202);
      await waitFor('the corrected start scheduled', async () => (await placementOf(id)).scheduledStart?.eventId === corrected.eventId);
      const deleted = successFactorsEmpJob(successFactorsStartRescindedSample, personId, dayFromToday(3), at(2));
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, deleted)).status).toBe(202);

      expect((await settledErpInboxRecord(mongo.db(), deleted.eventId)).status).toBe('applied');
      expect(await reviewQueueOf(seeded.enterprise.id)).toEqual([]);
      expect(await placementOf(id)).toMatchObject({
        status: 'accepted',
        scheduledStart: { eventId: corrected.eventId, firstDay: dayFromToday(5) },
        rescindedStart: { eventId: deleted.eventId, day: dayFromToday(3) },
      });
    });

    it('keeps a corrected first day that arrives after the deletion of the old record: the mark takes back only the deleted day', async () => {
      const seeded = await seedSignedAcceptance('sf:personIdExternal');
      const personId = seeded.student.externalIds[0].value;
      const id = seeded.placement.id;
      // The same three records as above, the correction delivered last (SuccessFactors retries a notification that failed).
      const first = successFactorsEmpJob(successFactorsStartSample, personId, dayFromToday(3), at(0));
      const corrected = successFactorsEmpJob(successFactorsStartSample, personId, dayFromToday(5), at(1));
      const deleted = successFactorsEmpJob(successFactorsStartRescindedSample, personId, dayFromToday(3), at(2));
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, first)).status).toBe(202);
      await waitFor('the first start scheduled', async () => (await placementOf(id)).scheduledStart?.eventId === first.eventId);
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, deleted)).status).toBe(202);
      await waitFor('the first start taken back', async () => (await placementOf(id)).rescindedStart?.eventId === deleted.eventId);
      expect((await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, corrected)).status).toBe(202);

      expect((await settledErpInboxRecord(mongo.db(), corrected.eventId)).status).toBe('scheduled');
      expect(await reviewQueueOf(seeded.enterprise.id)).toEqual([]);
      expect(await placementOf(id)).toMatchObject({
        status: 'accepted',
        scheduledStart: { eventId: corrected.eventId, firstDay: dayFromToday(5) },
        rescindedStart: { eventId: deleted.eventId, day: dayFromToday(3), rescindedEventId: first.eventId },
      });
    });

    it('answers 400 naming the field for an expired offer letter and for a deleted hire record, and stores nothing', async () => {
      const seeded = await seedWith('sf:personIdExternal');
      const expired = clone(successFactorsOfferSample);
      expired.eventId = randomUUID();
      expired.OfferLetter.status = 'EXPIRED';
      const refused = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, expired);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'OfferLetter.status', message: expect.stringContaining('EXPIRED') }]);
      const deletedHire = { ...successFactorsHire({ personIdExternal: seeded.student.externalIds[0].value }), operation: 'DELETE' };
      const alsoRefused = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, deletedHire);
      expect(alsoRefused.status).toBe(400);
      expect(alsoRefused.body.errors.map((e: { field: string }) => e.field)).toEqual(['operation']);
      expect(await inbox().countDocuments({ enterpriseId: seeded.enterprise.id })).toBe(0);
      expect((await placementOf(seeded.placement.id)).status).toBe('active');
    });

    it('verifies the Standard Webhooks signature and the media type like POST /v1/erp/events', async () => {
      const seeded = await seedWith('sf:personIdExternal');
      const payload = successFactorsHire({ personIdExternal: seeded.student.externalIds[0].value });
      const forged = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload, {
        secret: 'whsec_' + Buffer.from('not the enterprise secret!!').toString('base64'),
      });
      expect(forged.status).toBe(401);
      expect(forged.body.title).toBe('invalid signature');
      const xml = await postVendor(service.baseUrl, 'successfactors', seeded.enterprise, payload, { contentType: 'application/xml' });
      expect(xml.status).toBe(415);
      expect(await inbox().countDocuments({ enterpriseId: seeded.enterprise.id })).toBe(0);
    });
  });

  describe('Workday', () => {
    it('hires the student matched by workday:Employee_ID', async () => {
      const seeded = await seedWith('workday:Employee_ID');
      const payload = workdayHire(seeded.student.externalIds[0].value);
      const response = await postVendor(service.baseUrl, 'workday', seeded.enterprise, payload);
      expect(response.status).toBe(202);
      expect(response.body.events).toEqual([
        {
          source: 'urn:erp:workday:precisionmotors_cn',
          id: payload.Hire_Employee_Event.Event_Reference.ID[0].value,
          status: 'accepted',
        },
      ]);
      const placement = await hiredPlacement(seeded.placement.id);
      expect(placement.hire).toEqual({ positionTitle: 'CNC Machinist', hireDate: '2026-09-01' });
    });

    it('holds a hire of an unknown worker for review, with the HR Open identifiers kept', async () => {
      const seeded = await seedWith('workday:Employee_ID');
      const payload = workdayHire(`nobody-${Date.now()}`);
      expect((await postVendor(service.baseUrl, 'workday', seeded.enterprise, payload)).status).toBe(202);
      const held = await waitFor('the review queue to hold the Workday hire', async () => {
        const queue = await httpJson('GET', `${service.baseUrl}/v1/erp/review-queue?enterpriseId=${seeded.enterprise.id}`, {
          token: ADMIN_TOKEN,
        });
        return queue.body.items[0];
      });
      expect(held.event.source).toBe('urn:erp:workday:precisionmotors_cn');
      expect(held.event.data.person.ids).toContainEqual({
        value: payload.Hire_Employee_Event.Worker_Reference.ID[0].value,
        schemeId: 'workday:Employee_ID',
        schemeAgencyId: 'workday:precisionmotors_cn',
      });
      expect((await placementOf(seeded.placement.id)).status).toBe('active');
    });

    it('answers 400 naming the Workday field', async () => {
      const seeded = await seedWith('workday:Employee_ID');
      const payload = workdayHire(seeded.student.externalIds[0].value);
      payload.Hire_Employee_Event.Hire_Employee_Data.Hire_Date = '09/01/2026';
      const response = await postVendor(service.baseUrl, 'workday', seeded.enterprise, payload);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'Hire_Employee_Event.Hire_Employee_Data.Hire_Date', message: expect.stringContaining('YYYY-MM-DD') },
      ]);
      expect(await inbox().countDocuments({ enterpriseId: seeded.enterprise.id })).toBe(0);
    });

    it('completes the active placement of the contingent worker an End_Contingent_Worker_Contract_Event names; the same notification again is a duplicate with one effect', async () => {
      const seeded = await seedWith('workday:Contingent_Worker_ID');
      const payload = workdayEnd(workdayEndContingentWorkerSample, 'End_Contingent_Worker_Contract_Event', {
        type: 'Contingent_Worker_ID',
        value: seeded.student.externalIds[0].value,
      });
      const eventId = payload.End_Contingent_Worker_Contract_Event.Event_Reference.ID[0].value;
      const response = await postVendor(service.baseUrl, 'workday', seeded.enterprise, payload);
      expect(response.status).toBe(202);
      expect(response.body.events).toEqual([{ source: 'urn:erp:workday:precisionmotors_cn', id: eventId, status: 'accepted' }]);

      const placement = await endedPlacement(seeded.placement.id, 'completed');
      expect(placement.history.at(-1)).toMatchObject({ status: 'completed', cause: `erp.placement-end.v1 ${eventId}` });
      expect(placement.endOfPlacement.reason).toBe('Workday reason End_Contingent_Worker_Contract_Assignment_Completed');
      expect(placement.endOfPlacement.lastDay).toBe('2027-02-26');

      const again = await postVendor(service.baseUrl, 'workday', seeded.enterprise, payload);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await placementOf(seeded.placement.id)).history.filter((h: { status: string }) => h.status === 'completed')).toHaveLength(1);
    });

    it('holds a termination of an unknown worker for review and leaves the placement active', async () => {
      const seeded = await seedWith('workday:Employee_ID');
      const payload = workdayEnd(workdayTerminationSample, 'Terminate_Employee_Event', {
        type: 'Employee_ID',
        value: `nobody-${Date.now()}`,
      });
      const eventId = payload.Terminate_Employee_Event.Event_Reference.ID[0].value;
      expect((await postVendor(service.baseUrl, 'workday', seeded.enterprise, payload)).status).toBe(202);
      const held = await waitFor('the review queue to hold the Workday termination', async () =>
        (await reviewQueueOf(seeded.enterprise.id)).find((item) => item.event.id === eventId),
      );
      expect(held).toMatchObject({ status: 'pending', reason: 'no placement of this enterprise matches the event' });
      expect(held.event).toMatchObject({
        type: 'erp.placement-end.v1',
        source: 'urn:erp:workday:precisionmotors_cn',
        data: { outcome: 'terminated', endReason: 'Workday reason Terminate_Employee_Voluntary_Resignation' },
      });
      expect(held.event.data.person.ids).toContainEqual({
        value: payload.Terminate_Employee_Event.Worker_Reference.ID[0].value,
        schemeId: 'workday:Employee_ID',
        schemeAgencyId: 'workday:precisionmotors_cn',
      });
      expect((await placementOf(seeded.placement.id)).status).toBe('active');
    });

    it('takes a placement through its life from Workday: an accepted Offer, a Contract Contingent Worker starting today, an end rescinded, an End Contingent Worker Contract', async () => {
      const seeded = await seedSignedProposal('workday:Contingent_Worker_ID');
      const id = seeded.placement.id;
      const worker = { ID: [{ type: 'Contingent_Worker_ID', value: seeded.student.externalIds[0].value }] };
      const [today, tomorrow] = [0, 1].map(dayFromToday);

      // The candidate accepts the offer; the integrator sends the placement id as a Custom_ID.
      const offer = workdayEvent(workdayOfferSample, 'Offer_Event', at(0));
      offer.payload.Offer_Event.Offer_Data.Custom_ID = [{ Custom_ID_Type: 'Platform_Placement_ID', ID: id }];
      expect((await postVendor(service.baseUrl, 'workday', seeded.enterprise, offer.payload)).status).toBe(202);
      expect((await placementIn(id, 'accepted')).history.at(-1)).toMatchObject({
        status: 'accepted',
        cause: `erp.offer.v1 ${offer.eventId}`,
      });

      // The contract starts today: active from today, once however often it arrives.
      const start = workdayEvent(workdayContractContingentWorkerSample, 'Contract_Contingent_Worker_Event', at(1));
      start.payload.Contract_Contingent_Worker_Event.Worker_Reference = worker;
      start.payload.Contract_Contingent_Worker_Event.Contract_Contingent_Worker_Data.Contract_Start_Date = today;
      const started = await postVendor(service.baseUrl, 'workday', seeded.enterprise, start.payload);
      expect(started.body.events).toEqual([{ source: 'urn:erp:workday:precisionmotors_cn', id: start.eventId, status: 'accepted' }]);
      const active = await placementIn(id, 'active');
      expect(active).toMatchObject({ startDate: today });
      expect(active.history.at(-1)).toMatchObject({ status: 'active', cause: `erp.placement-start.v1 ${start.eventId}` });
      expect((await postVendor(service.baseUrl, 'workday', seeded.enterprise, start.payload)).body).toMatchObject({ duplicates: 1 });

      // The contract is ended as of tomorrow, then HR rescinds that business process: the rescission names the end by its WID.
      const early = workdayEvent(workdayEndContingentWorkerSample, 'End_Contingent_Worker_Contract_Event', at(2));
      early.payload.End_Contingent_Worker_Contract_Event.Worker_Reference = worker;
      early.payload.End_Contingent_Worker_Contract_Event.End_Contingent_Worker_Contract_Data.Contract_End_Date = tomorrow;
      expect((await postVendor(service.baseUrl, 'workday', seeded.enterprise, early.payload)).status).toBe(202);
      await scheduledEndOf(id, early.eventId);
      const rescindedEndAt = at(3);
      const rescind = workdayEvent(workdayRescindTerminationSample, 'Rescind_Business_Process_Event', rescindedEndAt);
      rescind.payload.Rescind_Business_Process_Event.Worker_Reference = worker;
      Object.assign(rescind.payload.Rescind_Business_Process_Event.Rescind_Business_Process_Data, {
        Rescinded_Business_Process_Type: 'End Contingent Worker Contract',
        Rescinded_Event_Reference: { ID: [{ type: 'WID', value: early.eventId }] },
      });
      expect((await postVendor(service.baseUrl, 'workday', seeded.enterprise, rescind.payload)).status).toBe(202);
      // The placement shows what took its end back: the rescission's time and id, the end's id.
      const endMark = { at: rescindedEndAt.toISOString(), eventId: rescind.eventId, rescindedEventId: early.eventId };
      expect(await scheduledEndOf(id, undefined)).toMatchObject({ status: 'active', rescindedEnd: endMark });
      // The ERP-facing record says so: the rescission applied, the end it took back never took effect.
      expect((await settledErpInboxRecord(mongo.db(), rescind.eventId)).status).toBe('applied');
      // The end's record was `scheduled` (settled already): its update to `superseded` follows the placement's write.
      await waitFor(
        'the rescinded end superseded in the inbox',
        async () => (await inbox().findOne({ 'event.id': early.eventId }))?.status === 'superseded',
      );

      // The contract ends today: completed on arrival.
      const end = workdayEvent(workdayEndContingentWorkerSample, 'End_Contingent_Worker_Contract_Event', at(4));
      end.payload.End_Contingent_Worker_Contract_Event.Worker_Reference = worker;
      end.payload.End_Contingent_Worker_Contract_Event.End_Contingent_Worker_Contract_Data.Contract_End_Date = today;
      expect((await postVendor(service.baseUrl, 'workday', seeded.enterprise, end.payload)).status).toBe(202);
      const completed = await completedThroughItsLife(seeded, end.eventId);
      expect(completed.endOfPlacement).toMatchObject({ lastDay: today });
      // The mark stays when the placement moves on.
      expect(completed.rescindedEnd).toEqual(endMark);
    });

    it('takes back a start entered ahead of time when its Contract Contingent Worker is rescinded, naming it by its WID: the placement stays accepted', async () => {
      const seeded = await seedSignedAcceptance('workday:Contingent_Worker_ID');
      const worker = { ID: [{ type: 'Contingent_Worker_ID', value: seeded.student.externalIds[0].value }] };
      const start = workdayEvent(workdayContractContingentWorkerSample, 'Contract_Contingent_Worker_Event', at(0));
      start.payload.Contract_Contingent_Worker_Event.Worker_Reference = worker;
      start.payload.Contract_Contingent_Worker_Event.Contract_Contingent_Worker_Data.Contract_Start_Date = dayFromToday(3);
      const rescindedAt = at(1);
      const rescind = workdayEvent(workdayRescindContractContingentWorkerSample, 'Rescind_Business_Process_Event', rescindedAt);
      rescind.payload.Rescind_Business_Process_Event.Worker_Reference = worker;
      rescind.payload.Rescind_Business_Process_Event.Rescind_Business_Process_Data.Rescinded_Event_Reference = {
        ID: [{ type: 'WID', value: start.eventId }],
      };
      await startTakenBack('workday', seeded, start, { ...rescind, time: rescindedAt });
    });

    it('answers 400 naming the extra element when a notification carries two business-process events, and stores nothing', async () => {
      const seeded = await seedWith('workday:Employee_ID');
      const payload = {
        ...workdayHire(seeded.student.externalIds[0].value),
        ...workdayEnd(workdayTerminationSample, 'Terminate_Employee_Event', {
          type: 'Employee_ID',
          value: seeded.student.externalIds[0].value,
        }),
      };
      const response = await postVendor(service.baseUrl, 'workday', seeded.enterprise, payload);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'Terminate_Employee_Event', message: expect.stringContaining('exactly one') }]);
      expect(await inbox().countDocuments({ enterpriseId: seeded.enterprise.id })).toBe(0);
      expect((await placementOf(seeded.placement.id)).status).toBe('active');
    });
  });
});

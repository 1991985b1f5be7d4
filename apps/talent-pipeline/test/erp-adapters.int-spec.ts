import { Clock } from '@app/base';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { ErpVendor, postVendorNotification, httpJson, testMongoUri, waitFor } from '@app/testing';
import successFactorsSample from '../src/erp-ingest/adapters/fixtures/successfactors-hire.json';
import successFactorsTerminationSample from '../src/erp-ingest/adapters/fixtures/successfactors-termination.json';
import workdayEndContingentWorkerSample from '../src/erp-ingest/adapters/fixtures/workday-end-contingent-worker.json';
import workdaySample from '../src/erp-ingest/adapters/fixtures/workday-hire.json';
import workdayTerminationSample from '../src/erp-ingest/adapters/fixtures/workday-termination.json';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

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

function workdayHire(employeeId: string) {
  const payload = clone(workdaySample);
  payload.Hire_Employee_Event.Event_Reference.ID = [{ type: 'WID', value: randomUUID().replace(/-/g, '') }];
  payload.Hire_Employee_Event.Worker_Reference.ID = [{ type: 'Employee_ID', value: employeeId }];
  return payload;
}

describe('ERP adapters: SuccessFactors and Workday hire and end notifications (real Kafka + Mongo-compatible server)', () => {
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
  const seedWith = (schemeId: string): Promise<Seeded> =>
    seedActiveInternship(service.baseUrl, { studentExternalId: { value: `${Date.now()}${Math.floor(Math.random() * 1e6)}`, schemeId } });

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

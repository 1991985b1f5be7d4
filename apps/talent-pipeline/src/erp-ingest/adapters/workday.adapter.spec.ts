import { EventRegistry } from '@app/contracts';
import contractContingentWorker from './fixtures/workday-contract-contingent-worker.json';
import endContingentWorker from './fixtures/workday-end-contingent-worker.json';
import sample from './fixtures/workday-hire.json';
import offer from './fixtures/workday-offer.json';
import rescindContractContingentWorker from './fixtures/workday-rescind-contract-contingent-worker.json';
import rescindTermination from './fixtures/workday-rescind-termination.json';
import termination from './fixtures/workday-termination.json';
import { VendorPayloadError } from './vendor-payload.error';
import { WorkdayAdapter } from './workday.adapter';

const adapter = new WorkdayAdapter();
const receivedAt = new Date('2026-09-01T00:00:00Z');
const clone = (from: object = sample): any => JSON.parse(JSON.stringify(from));

function errorsOf(payload: unknown): VendorPayloadError['errors'] {
  try {
    adapter.map(payload, receivedAt);
  } catch (error) {
    expect(error).toBeInstanceOf(VendorPayloadError);
    return (error as VendorPayloadError).errors;
  }
  throw new Error('expected the payload to be rejected');
}

const fieldsRejected = (payload: unknown): string[] => errorsOf(payload).map((e) => e.field);

describe('WorkdayAdapter', () => {
  const agency = 'workday:precisionmotors_cn';

  it('maps a Hire business-process notification onto a canonical erp.hire.v1 CloudEvent', () => {
    expect(adapter.map(sample, receivedAt)).toEqual({
      specversion: '1.0',
      id: '9a3e7c10b2f84d55a61c0e2f7d4b8a91',
      source: 'urn:erp:workday:precisionmotors_cn',
      type: 'erp.hire.v1',
      time: '2026-09-01T07:02:11.000+08:00',
      datacontenttype: 'application/json',
      data: {
        person: {
          ids: [
            { value: '4c1f0a8e2b6d4e39a7b5c3d2e1f09a87', schemeId: 'workday:WID', schemeAgencyId: agency },
            { value: '21001', schemeId: 'workday:Employee_ID', schemeAgencyId: agency },
            { value: 'C-000042', schemeId: 'workday:Applicant_ID', schemeAgencyId: agency },
          ],
        },
        position: { title: 'CNC Machinist', id: { value: 'P-004711', schemeId: 'workday:Position_ID', schemeAgencyId: agency } },
        hireDate: '2026-09-01',
      },
    });
  });

  it('produces an event the canonical contract accepts', () => {
    expect(() => new EventRegistry().parse(adapter.map(sample, receivedAt))).not.toThrow();
  });

  it('carries the platform placement id from its Custom_ID type, ignoring other custom ids', () => {
    const payload = clone();
    payload.Hire_Employee_Event.Hire_Employee_Data.Custom_ID.push({ Custom_ID_Type: 'Platform_Placement_ID', ID: 'pl-42' });
    expect(adapter.map(payload, receivedAt).data.placementId).toBe('pl-42');
    expect(adapter.map(sample, receivedAt).data.placementId).toBeUndefined();
  });

  it('uses Job_Profile_Name when there is no Position_Title', () => {
    const payload = clone();
    delete payload.Hire_Employee_Event.Hire_Employee_Data.Position_Details.Position_Title;
    expect(adapter.map(payload, receivedAt).data).toMatchObject({ position: { title: 'Machinist II' } });
  });

  it('names Job_Profile_Name when the position has no title at all', () => {
    const payload = clone();
    payload.Hire_Employee_Event.Hire_Employee_Data.Position_Details = { Position_ID: 'P-1' };
    expect(fieldsRejected(payload)).toEqual(['Hire_Employee_Event.Hire_Employee_Data.Position_Details.Job_Profile_Name']);
  });

  it('names Hire_Date when it is not a calendar date', () => {
    const payload = clone();
    payload.Hire_Employee_Event.Hire_Employee_Data.Hire_Date = '01/09/2026';
    expect(fieldsRejected(payload)).toEqual(['Hire_Employee_Event.Hire_Employee_Data.Hire_Date']);
  });

  it('requires a WID on the event reference (the dedupe id)', () => {
    const payload = clone();
    payload.Hire_Employee_Event.Event_Reference.ID = [{ type: 'Business_Process_ID', value: 'BP-1' }];
    expect(fieldsRejected(payload)).toEqual(['Hire_Employee_Event.Event_Reference.ID']);
  });

  it('requires a person identifier on the worker reference', () => {
    const payload = clone();
    delete payload.Hire_Employee_Event.Applicant_Reference;
    payload.Hire_Employee_Event.Worker_Reference.ID = [{ type: 'Organization_ID', value: 'X' }];
    expect(fieldsRejected(payload)).toEqual(['Hire_Employee_Event.Worker_Reference.ID']);
  });

  it('names the missing Worker_Reference and Tenant', () => {
    const payload = clone();
    delete payload.Hire_Employee_Event.Worker_Reference;
    delete payload.Hire_Employee_Event.Tenant;
    expect(fieldsRejected(payload).sort()).toEqual(['Hire_Employee_Event.Tenant', 'Hire_Employee_Event.Worker_Reference']);
  });

  it('names every bad field at once: the event WID and the date with the others', () => {
    const payload = clone();
    payload.Hire_Employee_Event.Event_Reference.ID = [{ type: 'Business_Process_ID', value: 'BP-1' }];
    payload.Hire_Employee_Event.Hire_Employee_Data.Hire_Date = 'soon';
    delete payload.Hire_Employee_Event.Tenant;
    expect(fieldsRejected(payload).sort()).toEqual([
      'Hire_Employee_Event.Event_Reference.ID',
      'Hire_Employee_Event.Hire_Employee_Data.Hire_Date',
      'Hire_Employee_Event.Tenant',
    ]);
  });

  describe('ends of a placement', () => {
    it('maps a Terminate_Employee_Event onto a canonical erp.placement-end.v1 CloudEvent, outcome terminated', () => {
      expect(adapter.map(termination, receivedAt)).toEqual({
        specversion: '1.0',
        id: 'e2b4d6f80a1c4e3b95d7f1a3c5e7092b',
        source: 'urn:erp:workday:precisionmotors_cn',
        type: 'erp.placement-end.v1',
        time: '2026-12-18T17:25:03.000+08:00',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: '4c1f0a8e2b6d4e39a7b5c3d2e1f09a87', schemeId: 'workday:WID', schemeAgencyId: agency },
              { value: '21001', schemeId: 'workday:Employee_ID', schemeAgencyId: agency },
            ],
          },
          outcome: 'terminated',
          endReason: 'Workday reason Terminate_Employee_Voluntary_Resignation',
          lastDay: '2026-12-18',
        },
      });
    });

    it('maps an End_Contingent_Worker_Contract_Event onto erp.placement-end.v1, outcome completed, by the Contingent_Worker_ID', () => {
      expect(adapter.map(endContingentWorker, receivedAt)).toEqual({
        specversion: '1.0',
        id: '5f8c2e14a7b94d06b3e1c9d7f2a4086e',
        source: 'urn:erp:workday:precisionmotors_cn',
        type: 'erp.placement-end.v1',
        time: '2027-02-26T18:04:55.000+08:00',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: 'b91d3f6a0c2e4a57981f6d4e2c0b7a35', schemeId: 'workday:WID', schemeAgencyId: agency },
              { value: 'CW-000318', schemeId: 'workday:Contingent_Worker_ID', schemeAgencyId: agency },
            ],
          },
          outcome: 'completed',
          endReason: 'Workday reason End_Contingent_Worker_Contract_Assignment_Completed',
          lastDay: '2027-02-26',
        },
      });
    });

    it.each([
      ['Terminate_Employee_Event', termination],
      ['End_Contingent_Worker_Contract_Event', endContingentWorker],
    ])('produces an event the canonical contract accepts from %s', (_, payload) => {
      expect(() => new EventRegistry().parse(adapter.map(payload, receivedAt))).not.toThrow();
    });

    it('carries the platform placement id from its Custom_ID type on either end', () => {
      const terminated = clone(termination);
      terminated.Terminate_Employee_Event.Terminate_Employee_Data.Custom_ID.push({ Custom_ID_Type: 'Platform_Placement_ID', ID: 'pl-7' });
      expect(adapter.map(terminated, receivedAt).data.placementId).toBe('pl-7');
      const ended = clone(endContingentWorker);
      ended.End_Contingent_Worker_Contract_Event.End_Contingent_Worker_Contract_Data.Custom_ID = [
        { Custom_ID_Type: 'Platform_Placement_ID', ID: 'pl-8' },
      ];
      expect(adapter.map(ended, receivedAt).data.placementId).toBe('pl-8');
      expect(adapter.map(termination, receivedAt).data.placementId).toBeUndefined();
    });

    it('takes the reason from its subcategory ID, else the first ID that is not a WID, else gives none', () => {
      const payload = clone(termination);
      const reason = payload.Terminate_Employee_Event.Terminate_Employee_Data.Primary_Reason_Reference;
      reason.ID = [
        { type: 'WID', value: '7d3a9c1e5b0f4a82b6e4d2c0a8f61e39' },
        { type: 'Termination_Reason_Code', value: 'VOL-RES' },
        { type: 'Event_Classification_Subcategory_ID', value: 'Terminate_Employee_Voluntary_Other' },
      ];
      expect(adapter.map(payload, receivedAt).data).toMatchObject({ endReason: 'Workday reason Terminate_Employee_Voluntary_Other' });
      reason.ID = [
        { type: 'WID', value: '7d3a9c1e5b0f4a82b6e4d2c0a8f61e39' },
        { type: 'Termination_Reason_Code', value: 'VOL-RES' },
      ];
      expect(adapter.map(payload, receivedAt).data).toMatchObject({ endReason: 'Workday reason VOL-RES' });
      reason.ID = [{ type: 'WID', value: '7d3a9c1e5b0f4a82b6e4d2c0a8f61e39' }];
      expect(adapter.map(payload, receivedAt).data).not.toHaveProperty('endReason');
      delete payload.Terminate_Employee_Event.Terminate_Employee_Data.Primary_Reason_Reference;
      expect(adapter.map(payload, receivedAt).data).toEqual({ person: expect.anything(), outcome: 'terminated', lastDay: '2026-12-18' });
    });

    it('names Termination_Date and Contract_End_Date when they are not calendar dates', () => {
      const terminated = clone(termination);
      terminated.Terminate_Employee_Event.Terminate_Employee_Data.Termination_Date = '18.12.2026';
      expect(errorsOf(terminated)).toEqual([
        { field: 'Terminate_Employee_Event.Terminate_Employee_Data.Termination_Date', message: 'expected YYYY-MM-DD' },
      ]);
      const ended = clone(endContingentWorker);
      delete ended.End_Contingent_Worker_Contract_Event.End_Contingent_Worker_Contract_Data.Contract_End_Date;
      expect(fieldsRejected(ended)).toEqual(['End_Contingent_Worker_Contract_Event.End_Contingent_Worker_Contract_Data.Contract_End_Date']);
    });

    it('requires a WID on the event reference and a person identifier on the worker reference of an end too', () => {
      const payload = clone(endContingentWorker);
      payload.End_Contingent_Worker_Contract_Event.Event_Reference.ID = [{ type: 'Business_Process_ID', value: 'BP-9' }];
      payload.End_Contingent_Worker_Contract_Event.Worker_Reference.ID = [{ type: 'Organization_ID', value: 'SUPPLIER-3' }];
      expect(fieldsRejected(payload).sort()).toEqual([
        'End_Contingent_Worker_Contract_Event.Event_Reference.ID',
        'End_Contingent_Worker_Contract_Event.Worker_Reference.ID',
      ]);
    });

    it('names the data element an end is missing', () => {
      const payload = clone(termination);
      delete payload.Terminate_Employee_Event.Terminate_Employee_Data;
      expect(fieldsRejected(payload)).toEqual(['Terminate_Employee_Event.Terminate_Employee_Data']);
    });
  });

  describe('one business-process event per notification', () => {
    it('names (body) when there is none of the six', () => {
      expect(errorsOf({ Change_Job_Event: {} })).toEqual([
        {
          field: '(body)',
          message:
            'expected exactly one business-process event: Hire_Employee_Event, Contract_Contingent_Worker_Event, Terminate_Employee_Event, ' +
            'End_Contingent_Worker_Contract_Event, Offer_Event, Rescind_Business_Process_Event',
        },
      ]);
      expect(fieldsRejected({})).toEqual(['(body)']);
      expect(fieldsRejected('hello')).toEqual(['(body)']);
      expect(fieldsRejected([termination])).toEqual(['(body)']);
    });

    it('names the extra element when there are two', () => {
      const payload = { ...clone(termination), ...clone(sample) };
      expect(errorsOf(payload)).toEqual([
        {
          field: 'Terminate_Employee_Event',
          message: 'a notification carries exactly one business-process event; this one has Hire_Employee_Event already',
        },
      ]);
    });

    it('names the extra element along with what is wrong inside the events', () => {
      const payload = { ...clone(termination), ...clone(endContingentWorker) };
      payload.Terminate_Employee_Event.Terminate_Employee_Data.Termination_Date = 'tomorrow';
      expect(fieldsRejected(payload).sort()).toEqual([
        'End_Contingent_Worker_Contract_Event',
        'Terminate_Employee_Event.Terminate_Employee_Data.Termination_Date',
      ]);
    });
  });

  describe('starts of a placement (Contract Contingent Worker)', () => {
    it('maps a Contract_Contingent_Worker_Event onto a canonical erp.placement-start.v1 CloudEvent, its contract start the first day', () => {
      expect(adapter.map(contractContingentWorker, receivedAt)).toEqual({
        specversion: '1.0',
        id: '71c4e9a02d6b4f18a3e5c7b90d2f4e61',
        source: 'urn:erp:workday:precisionmotors_cn',
        type: 'erp.placement-start.v1',
        time: '2026-03-02T08:05:19.000+08:00',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: 'b91d3f6a0c2e4a57981f6d4e2c0b7a35', schemeId: 'workday:WID', schemeAgencyId: agency },
              { value: 'CW-000318', schemeId: 'workday:Contingent_Worker_ID', schemeAgencyId: agency },
              { value: 'C-000057', schemeId: 'workday:Applicant_ID', schemeAgencyId: agency },
            ],
          },
          startDate: '2026-03-02',
        },
      });
      expect(() => new EventRegistry().parse(adapter.map(contractContingentWorker, receivedAt))).not.toThrow();
    });

    it('carries the platform placement id from its Custom_ID type', () => {
      const payload = clone(contractContingentWorker);
      payload.Contract_Contingent_Worker_Event.Contract_Contingent_Worker_Data.Custom_ID.push({
        Custom_ID_Type: 'Platform_Placement_ID',
        ID: 'pl-3',
      });
      expect(adapter.map(payload, receivedAt).data.placementId).toBe('pl-3');
    });

    it('names Contract_Start_Date when it is missing or not a date, and the worker reference without a person id', () => {
      const payload = clone(contractContingentWorker);
      payload.Contract_Contingent_Worker_Event.Contract_Contingent_Worker_Data.Contract_Start_Date = '2 March';
      delete payload.Contract_Contingent_Worker_Event.Applicant_Reference;
      payload.Contract_Contingent_Worker_Event.Worker_Reference.ID = [{ type: 'Organization_ID', value: 'SUPPLIER-3' }];
      expect(errorsOf(payload)).toEqual([
        {
          field: 'Contract_Contingent_Worker_Event.Contract_Contingent_Worker_Data.Contract_Start_Date',
          message: 'expected YYYY-MM-DD',
        },
        {
          field: 'Contract_Contingent_Worker_Event.Worker_Reference.ID',
          message: 'an ID of type Employee_ID, Contingent_Worker_ID, Applicant_ID, Candidate_ID, WID is required',
        },
      ]);
      delete payload.Contract_Contingent_Worker_Event.Contract_Contingent_Worker_Data;
      expect(fieldsRejected(payload)).toContain('Contract_Contingent_Worker_Event.Contract_Contingent_Worker_Data');
    });
  });

  describe('offers (the Offer business process of a job application)', () => {
    it('maps an Offer_Event the candidate accepted onto a canonical erp.offer.v1 CloudEvent naming the candidate', () => {
      expect(adapter.map(offer, receivedAt)).toEqual({
        specversion: '1.0',
        id: '0f3a6d9c2b8e4715a4c1e6f8b3d5a027',
        source: 'urn:erp:workday:precisionmotors_cn',
        type: 'erp.offer.v1',
        time: '2026-02-12T16:40:22.000+08:00',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: '6e2b9d4f1a7c4b30985d2e6f0c1a8b47', schemeId: 'workday:WID', schemeAgencyId: agency },
              { value: 'C-000057', schemeId: 'workday:Candidate_ID', schemeAgencyId: agency },
            ],
          },
          status: 'accepted',
          offeredAt: '2026-02-10',
          respondedAt: '2026-02-12',
        },
      });
    });

    it.each([
      ['Pending', 'extended'],
      ['Accepted', 'accepted'],
      ['Declined', 'declined'],
    ])('reads Candidate_Response %s as %s', (response, status) => {
      const payload = clone(offer);
      payload.Offer_Event.Offer_Data.Candidate_Response = response;
      const mapped = adapter.map(payload, receivedAt);
      expect(mapped.data).toMatchObject({ status });
      expect(() => new EventRegistry().parse(mapped)).not.toThrow();
    });

    it('reports no answer day for a pending offer, and carries the placement id from its Custom_ID type', () => {
      const payload = clone(offer);
      payload.Offer_Event.Offer_Data.Candidate_Response = 'Pending';
      payload.Offer_Event.Offer_Data.Custom_ID.push({ Custom_ID_Type: 'Platform_Placement_ID', ID: 'pl-5' });
      expect(adapter.map(payload, receivedAt).data).toEqual({
        placementId: 'pl-5',
        person: expect.anything(),
        status: 'extended',
        offeredAt: '2026-02-10',
      });
    });

    it('names Candidate_Response when it is not one the platform maps, and the dates when they are not dates', () => {
      const payload = clone(offer);
      payload.Offer_Event.Offer_Data.Candidate_Response = 'Negotiating';
      payload.Offer_Event.Offer_Data.Response_Date = 'yesterday';
      expect(fieldsRejected(payload).sort()).toEqual(['Offer_Event.Offer_Data.Candidate_Response', 'Offer_Event.Offer_Data.Response_Date']);
    });

    it('requires the candidate reference with a person id, and the event WID', () => {
      const payload = clone(offer);
      payload.Offer_Event.Candidate_Reference.ID = [{ type: 'Job_Requisition_ID', value: 'R-1' }];
      payload.Offer_Event.Event_Reference.ID = [{ type: 'Business_Process_ID', value: 'BP-2' }];
      expect(fieldsRejected(payload).sort()).toEqual(['Offer_Event.Candidate_Reference.ID', 'Offer_Event.Event_Reference.ID']);
      delete payload.Offer_Event.Candidate_Reference;
      expect(fieldsRejected(payload)).toContain('Offer_Event.Candidate_Reference');
    });
  });

  describe('rescinded business processes', () => {
    it('maps the rescission of a Termination onto erp.placement-end-rescinded.v1 naming the end by its WID (the end’s CloudEvent id)', () => {
      const rescission = adapter.map(rescindTermination, receivedAt);
      expect(rescission).toEqual({
        specversion: '1.0',
        id: '4b7e1f0a9c3d4e62b8a5f2c7d0e19a36',
        source: 'urn:erp:workday:precisionmotors_cn',
        type: 'erp.placement-end-rescinded.v1',
        time: '2026-12-10T11:02:48.000+08:00',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: '4c1f0a8e2b6d4e39a7b5c3d2e1f09a87', schemeId: 'workday:WID', schemeAgencyId: agency },
              { value: '21001', schemeId: 'workday:Employee_ID', schemeAgencyId: agency },
            ],
          },
          rescindedEventId: 'e2b4d6f80a1c4e3b95d7f1a3c5e7092b',
        },
      });
      // The end it takes back, as this adapter mapped it: same source, its id the rescinded WID.
      const end = adapter.map(termination, receivedAt);
      expect([end.source, end.id]).toEqual([rescission.source, 'e2b4d6f80a1c4e3b95d7f1a3c5e7092b']);
      expect(() => new EventRegistry().parse(rescission)).not.toThrow();
    });

    it('maps the rescission of an End Contingent Worker Contract the same way', () => {
      const payload = clone(rescindTermination);
      const data = payload.Rescind_Business_Process_Event.Rescind_Business_Process_Data;
      data.Rescinded_Business_Process_Type = 'End Contingent Worker Contract';
      data.Rescinded_Event_Reference.ID = [{ type: 'WID', value: '5f8c2e14a7b94d06b3e1c9d7f2a4086e' }];
      data.Custom_ID.push({ Custom_ID_Type: 'Platform_Placement_ID', ID: 'pl-8' });
      expect(adapter.map(payload, receivedAt)).toMatchObject({
        type: 'erp.placement-end-rescinded.v1',
        data: { placementId: 'pl-8', rescindedEventId: '5f8c2e14a7b94d06b3e1c9d7f2a4086e' },
      });
    });

    it('maps the rescission of a Contract Contingent Worker onto erp.placement-start-rescinded.v1 naming the start by its WID (the start’s CloudEvent id)', () => {
      const rescission = adapter.map(rescindContractContingentWorker, receivedAt);
      expect(rescission).toEqual({
        specversion: '1.0',
        id: '8d2f6c1e0b9a4e57a3c4d1f7e6b20c94',
        source: 'urn:erp:workday:precisionmotors_cn',
        type: 'erp.placement-start-rescinded.v1',
        time: '2026-03-02T08:31:44.000+08:00',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: 'b91d3f6a0c2e4a57981f6d4e2c0b7a35', schemeId: 'workday:WID', schemeAgencyId: agency },
              { value: 'CW-000318', schemeId: 'workday:Contingent_Worker_ID', schemeAgencyId: agency },
            ],
          },
          rescindedEventId: '71c4e9a02d6b4f18a3e5c7b90d2f4e61',
        },
      });
      // The start it takes back, as this adapter mapped it: same source, its id the rescinded WID.
      const start = adapter.map(contractContingentWorker, receivedAt);
      expect([start.type, start.source, start.id]).toEqual([
        'erp.placement-start.v1',
        rescission.source,
        '71c4e9a02d6b4f18a3e5c7b90d2f4e61',
      ]);
      expect(() => new EventRegistry().parse(rescission)).not.toThrow();
    });

    it('carries the placement id of a start’s rescission, and requires its worker reference with a person id', () => {
      const payload = clone(rescindContractContingentWorker);
      payload.Rescind_Business_Process_Event.Rescind_Business_Process_Data.Custom_ID.push({
        Custom_ID_Type: 'Platform_Placement_ID',
        ID: 'pl-12',
      });
      expect(adapter.map(payload, receivedAt)).toMatchObject({ type: 'erp.placement-start-rescinded.v1', data: { placementId: 'pl-12' } });
      delete payload.Rescind_Business_Process_Event.Worker_Reference;
      expect(fieldsRejected(payload)).toEqual(['Rescind_Business_Process_Event.Worker_Reference.ID']);
    });

    it('maps the rescission of an Offer onto erp.offer.v1 withdrawn, by the candidate, on the day it completed', () => {
      const payload = clone(rescindTermination);
      const event = payload.Rescind_Business_Process_Event;
      event.Rescind_Business_Process_Data.Rescinded_Business_Process_Type = 'Offer';
      delete event.Worker_Reference;
      event.Candidate_Reference = { ID: [{ type: 'Candidate_ID', value: 'C-000057' }] };
      const mapped = adapter.map(payload, receivedAt);
      expect(mapped).toMatchObject({
        type: 'erp.offer.v1',
        id: '4b7e1f0a9c3d4e62b8a5f2c7d0e19a36',
        data: {
          person: { ids: [{ value: 'C-000057', schemeId: 'workday:Candidate_ID', schemeAgencyId: agency }] },
          status: 'withdrawn',
          respondedAt: '2026-12-10',
        },
      });
      expect(() => new EventRegistry().parse(mapped)).not.toThrow();
    });

    it('names the candidate reference when an Offer’s rescission names no candidate', () => {
      const payload = clone(rescindTermination);
      const event = payload.Rescind_Business_Process_Event;
      event.Rescind_Business_Process_Data.Rescinded_Business_Process_Type = 'Offer';
      event.Worker_Reference.ID = [{ type: 'Organization_ID', value: 'X' }];
      expect(fieldsRejected(payload)).toEqual(['Rescind_Business_Process_Event.Candidate_Reference.ID']);
    });

    it('names Rescinded_Business_Process_Type for a rescinded Hire, and the rescinded event without a WID', () => {
      const payload = clone(rescindTermination);
      const data = payload.Rescind_Business_Process_Event.Rescind_Business_Process_Data;
      data.Rescinded_Business_Process_Type = 'Hire';
      data.Rescinded_Event_Reference.ID = [{ type: 'Business_Process_ID', value: 'BP-7' }];
      const errors = errorsOf(payload);
      expect(errors.map((e) => e.field).sort()).toEqual([
        'Rescind_Business_Process_Event.Rescind_Business_Process_Data.Rescinded_Business_Process_Type',
        'Rescind_Business_Process_Event.Rescind_Business_Process_Data.Rescinded_Event_Reference.ID',
      ]);
      expect(errors.find((e) => e.field.endsWith('Rescinded_Business_Process_Type'))?.message).toContain(
        'any other business process is not mapped',
      );
    });

    it('requires a person id on the worker reference when an end is rescinded', () => {
      const payload = clone(rescindTermination);
      delete payload.Rescind_Business_Process_Event.Worker_Reference;
      expect(fieldsRejected(payload)).toEqual(['Rescind_Business_Process_Event.Worker_Reference.ID']);
    });
  });
});

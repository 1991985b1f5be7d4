import { EventRegistry } from '@app/contracts';
import endContingentWorker from './fixtures/workday-end-contingent-worker.json';
import sample from './fixtures/workday-hire.json';
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
    it('names (body) when there is none of the three', () => {
      expect(errorsOf({ Change_Job_Event: {} })).toEqual([
        {
          field: '(body)',
          message:
            'expected exactly one business-process event: Hire_Employee_Event, Terminate_Employee_Event, End_Contingent_Worker_Contract_Event',
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
});

import { EventRegistry } from '@app/contracts';
import sample from './fixtures/workday-hire.json';
import { VendorPayloadError } from './vendor-payload.error';
import { WorkdayHireAdapter } from './workday-hire.adapter';

const adapter = new WorkdayHireAdapter();
const receivedAt = new Date('2026-09-01T00:00:00Z');
const clone = (): any => JSON.parse(JSON.stringify(sample));

function fieldsRejected(payload: unknown): string[] {
  try {
    adapter.map(payload, receivedAt);
  } catch (error) {
    expect(error).toBeInstanceOf(VendorPayloadError);
    return (error as VendorPayloadError).errors.map((e) => e.field);
  }
  throw new Error('expected the payload to be rejected');
}

describe('WorkdayHireAdapter', () => {
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
    expect(adapter.map(payload, receivedAt).data.position.title).toBe('Machinist II');
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
});

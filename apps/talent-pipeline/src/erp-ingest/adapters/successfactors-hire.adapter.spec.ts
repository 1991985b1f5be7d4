import { EventRegistry } from '@app/contracts';
import sample from './fixtures/successfactors-hire.json';
import { SuccessFactorsHireAdapter } from './successfactors-hire.adapter';
import { VendorPayloadError } from './vendor-payload.error';

const adapter = new SuccessFactorsHireAdapter();
const receivedAt = new Date('2026-09-01T06:16:00Z');
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

describe('SuccessFactorsHireAdapter', () => {
  it('maps an Employee Central hire notification onto a canonical erp.hire.v1 CloudEvent', () => {
    expect(adapter.map(sample, receivedAt)).toEqual({
      specversion: '1.0',
      id: '6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a20',
      source: 'urn:erp:successfactors:PRECISIONMO',
      type: 'erp.hire.v1',
      time: '2026-09-01T06:15:42Z',
      datacontenttype: 'application/json',
      data: {
        person: {
          ids: [
            { value: '100234', schemeId: 'sf:personIdExternal', schemeAgencyId: 'successfactors:PRECISIONMO' },
            { value: 'lwei01', schemeId: 'sf:userId', schemeAgencyId: 'successfactors:PRECISIONMO' },
          ],
        },
        position: {
          title: 'CNC machinist',
          id: { value: '50012345', schemeId: 'sf:position', schemeAgencyId: 'successfactors:PRECISIONMO' },
        },
        hireDate: '2026-09-01',
      },
    });
  });

  it('produces an event the canonical contract accepts', () => {
    expect(() => new EventRegistry().parse(adapter.map(sample, receivedAt))).not.toThrow();
  });

  it('carries the platform placement id from the EmpJob custom field', () => {
    const payload = clone();
    payload.EmpJob.customString1 = 'b4a9f7de-0d0f-4b8e-9a43-1f0f1c1e7a11';
    expect(adapter.map(payload, receivedAt).data.placementId).toBe('b4a9f7de-0d0f-4b8e-9a43-1f0f1c1e7a11');
  });

  it('falls back to PerPerson.personIdExternal and the receive time', () => {
    const payload = clone();
    delete payload.EmpJob.personIdExternal;
    delete payload.publishedAt;
    const event = adapter.map(payload, receivedAt);
    expect(event.data.person?.ids[0]).toEqual({
      value: '100234',
      schemeId: 'sf:personIdExternal',
      schemeAgencyId: 'successfactors:PRECISIONMO',
    });
    expect(event.time).toBe(receivedAt.toISOString());
  });

  it.each([
    ['/Date(1788220800000)/', '2026-09-01'],
    ['/Date(1788220800000+0000)/', '2026-09-01'],
    ['2026-09-01', '2026-09-01'],
    ['2026-09-01T00:00:00', '2026-09-01'],
  ])('reads startDate %s as %s', (startDate, hireDate) => {
    const payload = clone();
    payload.EmpJob.startDate = startDate;
    expect(adapter.map(payload, receivedAt).data.hireDate).toBe(hireDate);
  });

  it('names EmpJob.eventReason when the event is not a hire', () => {
    const payload = clone();
    payload.EmpJob.eventReason = 'TERRESIG';
    expect(fieldsRejected(payload)).toEqual(['EmpJob.eventReason']);
  });

  it('names each missing or malformed vendor field', () => {
    const payload = clone();
    delete payload.eventId;
    delete payload.EmpJob.userId;
    payload.EmpJob.startDate = 'next Monday';
    expect(fieldsRejected(payload).sort()).toEqual(['EmpJob.startDate', 'EmpJob.userId', 'eventId']);
  });

  it('rejects a companyId that cannot be part of a URN', () => {
    const payload = clone();
    payload.companyId = 'precision motors';
    expect(fieldsRejected(payload)).toEqual(['companyId']);
  });

  it('names EmpJob when the entity is missing and (body) when the body is not an object', () => {
    const payload = clone();
    delete payload.EmpJob;
    expect(fieldsRejected(payload)).toEqual(['EmpJob']);
    expect(fieldsRejected('hello')).toEqual(['(body)']);
  });
});

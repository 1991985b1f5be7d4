import { CloudEvent } from '@app/contracts';
import { erasedPersonIds, erpEventsAbout } from './erp-person-erasure';

const hire = (data: unknown) => ({ data }) as CloudEvent;

describe('ERP person erasure', () => {
  it('matches events by placement or by any of the student HR ids, and nothing without either', () => {
    expect(erpEventsAbout({ placementIds: ['p1'], externalIds: [{ schemeId: 'employee-number', value: 'E-1' }] })).toEqual({
      $or: [
        { 'event.data.placementId': { $in: ['p1'] } },
        { 'event.data.person.ids': { $elemMatch: { schemeId: 'employee-number', value: 'E-1' } } },
      ],
    });
    expect(erpEventsAbout({ placementIds: [], externalIds: [] })).toBeNull();
  });

  it('erases the id values and keeps their schemes', () => {
    expect(erasedPersonIds(hire({ person: { ids: [{ schemeId: 'employee-number', value: 'E-1', schemeAgencyId: 'sap' }] } }))).toEqual({
      ids: [{ schemeId: 'employee-number', value: '[erased]', schemeAgencyId: 'sap' }],
    });
    expect(erasedPersonIds(hire({ placementId: 'p1' }))).toBeUndefined();
    expect(erasedPersonIds(hire({ person: { ids: [{ schemeId: 's', value: '[erased]' }] } }))).toBeUndefined();
  });
});

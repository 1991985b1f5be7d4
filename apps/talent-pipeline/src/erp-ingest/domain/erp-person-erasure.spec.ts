import { CloudEvent } from '@app/contracts';
import { erasedPersonIds, erpEventsAbout, personalFieldsRemoval, storedCopyRemoval, withoutPersonalFields } from './erp-person-erasure';

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

  it('takes out the id values, an end reason and the subject, in a stored copy and in the copy in hand alike', () => {
    const end = {
      specversion: '1.0',
      id: 'e1',
      source: 'urn:erp',
      type: 'erp.placement-end.v1',
      subject: 'Li Wei',
      data: { placementId: 'p1', person: { ids: [{ schemeId: 'hr', value: 'H-9' }] }, outcome: 'terminated', endReason: 'a note' },
    } as CloudEvent;
    expect(personalFieldsRemoval(end)).toEqual({
      $set: { 'event.data.person': { ids: [{ schemeId: 'hr', value: '[erased]' }] } },
      $unset: { 'event.data.endReason': '', 'event.subject': '' },
    });
    expect(withoutPersonalFields(end)).toEqual({
      specversion: '1.0',
      id: 'e1',
      source: 'urn:erp',
      type: 'erp.placement-end.v1',
      data: { placementId: 'p1', person: { ids: [{ schemeId: 'hr', value: '[erased]' }] }, outcome: 'terminated' },
    });
    // Only what is there is removed; an event without any of them is kept as it is.
    expect(personalFieldsRemoval({ ...end, subject: undefined, data: { placementId: 'p1', endReason: 'x' } } as CloudEvent)).toEqual({
      $unset: { 'event.data.endReason': '' },
    });
    const bare = hire({ placementId: 'p1', outcome: 'completed' });
    expect(personalFieldsRemoval(bare)).toBeUndefined();
    expect(withoutPersonalFields(bare)).toBe(bare);
    // A stored copy may hold what the copy in hand lacks: both free-text fields go anyway.
    expect(storedCopyRemoval(bare)).toEqual({ $unset: { 'event.data.endReason': '', 'event.subject': '' } });
  });
});

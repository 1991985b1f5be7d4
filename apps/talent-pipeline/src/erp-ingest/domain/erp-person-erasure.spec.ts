import { CloudEvent, PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { erasedPersonIds, erpEventsAbout, namesStudentWithoutHrIds, withoutPersonalFields } from './erp-person-erasure';

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

  it('keeps an event that arrives during or after the erasure without its personal fields, the pseudonym and ids kept', () => {
    const event = {
      specversion: '1.0',
      id: 'end-1',
      source: 'urn:erp:test',
      type: 'erp.placement-end.v1',
      subject: 'Li Wei',
      time: '2026-12-07T00:00:00Z',
      data: {
        placementId: 'p1',
        person: {
          ids: [
            { schemeId: 'school-roll', value: 'R-1' },
            { schemeId: PLATFORM_STUDENT_SCHEME, value: 's1' },
          ],
        },
        outcome: 'terminated',
        endReason: 'dispute',
      },
    } as CloudEvent;
    expect(withoutPersonalFields(event)).toEqual({
      specversion: '1.0',
      id: 'end-1',
      source: 'urn:erp:test',
      type: 'erp.placement-end.v1',
      time: '2026-12-07T00:00:00Z',
      data: {
        placementId: 'p1',
        person: {
          ids: [
            { schemeId: 'school-roll', value: '[erased]' },
            { schemeId: PLATFORM_STUDENT_SCHEME, value: 's1' },
          ],
        },
        outcome: 'terminated',
      },
    });
    expect(namesStudentWithoutHrIds(event)).toBe(true);
    expect(namesStudentWithoutHrIds(hire({ person: { ids: [{ schemeId: 'school-roll', value: 'R-1' }] } }))).toBe(false);
    expect(namesStudentWithoutHrIds(hire({ person: { ids: [{ schemeId: PLATFORM_STUDENT_SCHEME, value: 's1' }] } }))).toBe(true);
  });
});

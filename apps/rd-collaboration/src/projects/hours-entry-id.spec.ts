import { entryIdFor, ERASED_ACTIVITY, isSameHoursRequest } from './hours-entry-id';

describe('hours entry id from an Idempotency-Key', () => {
  it('is stable for the same project, participation and key, and UUID-shaped', () => {
    const id = entryIdFor('p-1', 'part-1', 'timesheet-42');
    expect(entryIdFor('p-1', 'part-1', 'timesheet-42')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    // Stored entries (and the secondment service's copies) carry ids derived so: the derivation never changes.
    expect(id).toBe('192d7a53-fefc-563d-a161-d5bb385c9b95');
  });

  it('differs when any part differs, so keys never collide across participations or projects', () => {
    const ids = new Set([
      entryIdFor('p-1', 'part-1', 'k'),
      entryIdFor('p-1', 'part-2', 'k'),
      entryIdFor('p-2', 'part-1', 'k'),
      entryIdFor('p-1', 'part-1', 'k2'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('tells a retry from another request by date, hours and activity; an erased entry by date and hours only', () => {
    const request = { date: '2026-05-06', hours: 3, activity: 'Fixture tests' };
    expect(isSameHoursRequest({ ...request }, request)).toBe(true);
    expect(isSameHoursRequest({ ...request, activity: 'Other work' }, request)).toBe(false);
    expect(isSameHoursRequest({ ...request, hours: 4 }, request)).toBe(false);
    // The erasure blanked the activity (ADR 0041): what it left still has to match.
    const erased = { ...request, activity: ERASED_ACTIVITY };
    expect(isSameHoursRequest(erased, request)).toBe(true);
    expect(isSameHoursRequest(erased, { ...request, activity: 'Anything else' })).toBe(true);
    expect(isSameHoursRequest(erased, { ...request, hours: 4 })).toBe(false);
    expect(isSameHoursRequest(erased, { ...request, date: '2026-05-07' })).toBe(false);
  });
});

import { entryIdFor } from './hours-entry-id';

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
});

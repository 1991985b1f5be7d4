import { placementStatus, secondmentStatus } from './person-status';

describe('status of copied placements and secondments', () => {
  it('takes the latest step by time, whatever order the events came in', () => {
    expect(
      secondmentStatus({ steps: { started: '2026-02-01T00:00:00Z', requested: '2026-01-01T00:00:00Z', approved: '2026-01-10T00:00:00Z' } }),
    ).toBe('started');
    expect(secondmentStatus({ steps: { completed: '2026-06-01T00:00:00Z', started: '2026-02-01T00:00:00Z' } })).toBe('completed');
  });

  it('keeps a hire final', () => {
    expect(
      placementStatus({ outcomes: { started: '2026-01-01T00:00:00Z', hired: '2026-05-01T00:00:00Z', completed: '2026-06-01T00:00:00Z' } }),
    ).toBe('hired');
    expect(placementStatus({ outcomes: { started: '2026-01-01T00:00:00Z' } })).toBe('started');
  });
});

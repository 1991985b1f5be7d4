import { nextAttemptAt } from './retry-schedule';

describe('nextAttemptAt', () => {
  const now = new Date('2026-09-01T08:00:00.000Z');
  const schedule = [5_000, 300_000, 1_800_000];

  it.each([
    [1, '2026-09-01T08:00:05.000Z'],
    [2, '2026-09-01T08:05:00.000Z'],
    [3, '2026-09-01T08:30:00.000Z'],
  ])('after %i failed attempt(s) waits the matching schedule delay', (failedAttempts, expected) => {
    expect(nextAttemptAt(failedAttempts, schedule, now)?.toISOString()).toBe(expected);
  });

  it('returns null once the schedule is exhausted', () => {
    expect(nextAttemptAt(4, schedule, now)).toBeNull();
    expect(nextAttemptAt(10, schedule, now)).toBeNull();
  });

  it('returns null for an empty schedule', () => {
    expect(nextAttemptAt(1, [], now)).toBeNull();
  });

  it('does not mutate the given now', () => {
    nextAttemptAt(1, schedule, now);
    expect(now.toISOString()).toBe('2026-09-01T08:00:00.000Z');
  });
});

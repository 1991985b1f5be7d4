import { nextAttemptAt, parseDurationList } from './retry-schedule';

describe('parseDurationList', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['0s', 0],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDurationList(text)).toEqual([ms]);
  });

  it('reads a comma-separated list in order, ignoring spaces and empty entries', () => {
    expect(parseDurationList(' 5s, 5m,,30m ,2h,')).toEqual([5_000, 300_000, 1_800_000, 7_200_000]);
  });

  it.each(['', ' ', ',', ' , '])('rejects %j as listing no duration', (text) => {
    expect(() => parseDurationList(text)).toThrow('must list at least one duration');
  });

  it.each(['5', 's', '5sec', '1.5s', '-5s', '5 s', '5S', '2w'])('rejects %j, quoting the bad part', (part) => {
    expect(() => parseDurationList(`5s,${part}`)).toThrow(`"${part.trim()}" is not a duration`);
  });
});

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

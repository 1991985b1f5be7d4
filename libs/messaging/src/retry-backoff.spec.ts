import { backoffDelayMs } from './retry-backoff';

describe('backoffDelayMs', () => {
  afterEach(() => jest.restoreAllMocks());

  const withRandom = (value: number) => jest.spyOn(Math, 'random').mockReturnValue(value);

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [5, 1600],
  ])('attempt %i with base 100 waits between half of and the full ceiling %i', (attempt, ceiling) => {
    withRandom(0);
    expect(backoffDelayMs(attempt, 100)).toBe(ceiling / 2);
    withRandom(0.999999);
    expect(backoffDelayMs(attempt, 100)).toBe(ceiling);
  });

  it('caps the ceiling at maxMs', () => {
    withRandom(0);
    expect(backoffDelayMs(20, 100, 5000)).toBe(2500);
    withRandom(0.999999);
    expect(backoffDelayMs(20, 100, 5000)).toBe(5000);
  });

  it('caps at 30 seconds by default', () => {
    withRandom(0.999999);
    expect(backoffDelayMs(30, 1000)).toBe(30_000);
  });

  it('spreads the delay linearly between the bounds (random 0.5 gives three quarters of the ceiling)', () => {
    withRandom(0.5);
    expect(backoffDelayMs(3, 100)).toBe(300);
  });

  it('stays within [ceiling/2, ceiling] for real random draws', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(10_000, 250 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelayMs(attempt, 250, 10_000);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('returns 0 for a zero base', () => {
    expect(backoffDelayMs(4, 0)).toBe(0);
  });
});

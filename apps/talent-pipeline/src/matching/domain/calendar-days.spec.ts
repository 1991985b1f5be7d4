import { dayNumber } from './calendar-days';

describe('dayNumber', () => {
  it('counts days since 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2026-03-01')! - dayNumber('2026-02-28')!).toBe(1);
    expect(dayNumber('2028-03-01')! - dayNumber('2028-02-28')!).toBe(2);
  });

  it('agrees with Date.UTC on every day from 1600 to 2400', () => {
    for (let day = Date.UTC(1600, 0, 1) / 86_400_000; day <= Date.UTC(2400, 11, 31) / 86_400_000; day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (dayNumber(date) !== day) throw new Error(`${date}: ${dayNumber(date)}, expected ${day}`);
    }
  });

  it('counts years before 100 as themselves (0001-01-01 is 719,162 days before 1970)', () => {
    expect(dayNumber('0001-01-01')).toBe(-719_162);
    expect(dayNumber('0004-02-29')).toBeDefined();
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-01', '2026/04/01', '2026-04-0x', '', '2026-04-01T00:00:00Z'])(
    'rejects %p',
    (value) => {
      expect(dayNumber(value)).toBeUndefined();
    },
  );

  it('accepts 29 February in leap years only', () => {
    expect(dayNumber('2028-02-29')).toBeDefined();
    expect(dayNumber('2000-02-29')).toBeDefined();
    expect(dayNumber('2100-02-29')).toBeUndefined();
  });
});

import { dayNumber } from './calendar-days';

describe('dayNumber', () => {
  it('counts days since 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2026-03-01')! - dayNumber('2026-02-28')!).toBe(1);
    expect(dayNumber('2028-03-01')! - dayNumber('2028-02-28')!).toBe(2);
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

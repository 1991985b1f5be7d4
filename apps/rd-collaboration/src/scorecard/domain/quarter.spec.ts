import fc from 'fast-check';
import { isQuarter, nextQuarter, quarterBounds, quarterOf, quartersBetween } from './quarter';

describe('quarter bucketing', () => {
  it('puts instants in their UTC quarter, edges included', () => {
    expect(quarterOf('2026-03-31T23:59:59.999Z')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01T00:00:00Z')).toBe('2026-Q2');
    expect(quarterOf('2026-12-31T23:59:59Z')).toBe('2026-Q4');
    expect(quarterOf('2027-01-01T00:00:00Z')).toBe('2027-Q1');
    // An offset is converted to UTC first: 2026-07-01T01:00+02:00 is still June 30 in UTC.
    expect(quarterOf('2026-07-01T01:00:00+02:00')).toBe('2026-Q2');
    expect(quarterOf('2026-07-01')).toBe('2026-Q3');
  });

  it('refuses what is not a date', () => {
    expect(() => quarterOf('yesterday')).toThrow(RangeError);
  });

  it('walks quarters across year ends', () => {
    expect(nextQuarter('2026-Q4')).toBe('2027-Q1');
    expect(quartersBetween('2025-Q3', '2026-Q2')).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(quartersBetween('2026-Q2', '2026-Q1')).toEqual([]);
  });

  it('accepts only four-digit years from 1000, where quarters sort as strings, and stops at the last one', () => {
    // '999-Q4' or '10000-Q1' would sort before later quarters: walking into them never ends well.
    expect(isQuarter('0999-Q4')).toBe(false);
    expect(isQuarter('1000-Q1')).toBe(true);
    expect(quartersBetween('9999-Q3', '9999-Q4')).toEqual(['9999-Q3', '9999-Q4']);
  });

  it('gives each quarter its first and last day', () => {
    expect(quarterBounds('2024-Q1')).toEqual({ first: '2024-01-01', last: '2024-03-31' });
    expect(quarterBounds('2026-Q4')).toEqual({ first: '2026-10-01', last: '2026-12-31' });
  });

  it('always puts an instant inside the bounds of its quarter (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          const { first, last } = quarterBounds(quarterOf(date));
          const day = date.toISOString().slice(0, 10);
          return first <= day && day <= last;
        },
      ),
    );
  });
});

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Digits at [start, end) of s as a number, or NaN if any is not a digit. No regex: this runs per student. */
function digits(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or undefined if it is not a real calendar date. */
export function dayNumber(date: string): number | undefined {
  if (date.length !== 10 || date[4] !== '-' || date[7] !== '-') return undefined;
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 7);
  const day = digits(date, 8, 10);
  if (!(month >= 1 && month <= 12 && day >= 1)) return undefined;
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > monthDays) return undefined;
  return daysSinceEpoch(year, month, day);
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, by arithmetic (this runs
 * for every ranked student; `Date.UTC` costs more, and maps years 0-99 to 1900-1999). Counting
 * the year from March puts the leap day last, so a month's start is a linear function of its
 * number; 400-year eras of 146,097 days repeat exactly.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  // 719,468 days from 0000-03-01 to 1970-01-01
  return era * 146_097 + dayOfEra - 719_468;
}

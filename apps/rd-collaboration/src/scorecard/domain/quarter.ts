/** Calendar quarters in UTC, written `YYYY-Qn`; they sort as strings in time order. */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

/** Years 1000-9999 only: with fewer or more digits a quarter would no longer sort in time order as a string. */
const QUARTER = /^([1-9]\d{3})-Q([1-4])$/;

/** The UTC quarter an instant or a calendar date falls in: 2026-03-31T23:59:59Z is 2026-Q1, 2026-04-01 is 2026-Q2. */
export function quarterOf(instantOrDate: string | Date): Quarter {
  const date =
    typeof instantOrDate === 'string'
      ? new Date(instantOrDate.length === 10 ? `${instantOrDate}T00:00:00Z` : instantOrDate)
      : instantOrDate;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(instantOrDate)}`);
  return `${date.getUTCFullYear()}-Q${(Math.floor(date.getUTCMonth() / 3) + 1) as 1 | 2 | 3 | 4}`;
}

export function isQuarter(value: string): value is Quarter {
  return QUARTER.test(value);
}

export function nextQuarter(q: Quarter): Quarter {
  const [, year, n] = QUARTER.exec(q)!;
  return Number(n) === 4 ? `${Number(year) + 1}-Q1` : (`${year}-Q${Number(n) + 1}` as Quarter);
}

/** Every quarter from `from` to `to`, both included (empty when from > to); capped to keep a request bounded. */
export function quartersBetween(from: Quarter, to: Quarter, max = 200): Quarter[] {
  const out: Quarter[] = [];
  for (let q = from; q <= to && out.length < max; q = nextQuarter(q)) {
    out.push(q);
    // Stop at `to` itself: after 9999-Q4 comes '10000-Q1', which sorts before it.
    if (q === to) break;
  }
  return out;
}

/** First and last calendar day of a quarter. */
export function quarterBounds(q: Quarter): { first: string; last: string } {
  const [, year, n] = QUARTER.exec(q)!;
  const startMonth = (Number(n) - 1) * 3;
  const first = new Date(Date.UTC(Number(year), startMonth, 1));
  const last = new Date(Date.UTC(Number(year), startMonth + 3, 0));
  return { first: first.toISOString().slice(0, 10), last: last.toISOString().slice(0, 10) };
}

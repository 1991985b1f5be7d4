/**
 * An enterprise's time zone (IANA name, e.g. `Asia/Shanghai`) decides where its calendar days
 * begin: an ERP's first or last day is a day at the enterprise, so "today" and "due on its day"
 * for its scheduled starts and ends are counted in its zone, not in UTC (ADR 0079, addendum
 * "the enterprise's day"). Enterprises registered without one keep UTC.
 */
export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * The zone whose calendar day is the latest on Earth (UTC+14, Kiribati's Line Islands; `Etc/GMT-14`
 * is UTC+14 by POSIX's inverted sign): a step due on its day in some zone is due by that zone's
 * day, so the scheduler reads candidates up to it and decides per enterprise.
 */
const LATEST_ZONE = 'Etc/GMT-14';

/** Formatters are costly to build and the zones few: one per zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The IANA zone `name` names as this runtime's Intl spells it (`asia/shanghai` → `Asia/Shanghai`),
 * or undefined when Intl does not know it. Offsets (`+08:00`), which newer runtimes accept as a
 * zone, are refused: a fixed offset ignores daylight saving, and the field names a place's zone.
 */
export function knownTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z]/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The calendar day (YYYY-MM-DD) `instant` falls on in `timeZone` (a zone knownTimeZone accepts). */
export function calendarDayIn(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The latest calendar day anywhere at `instant`: no zone's "today" is later. */
export function latestCalendarDay(instant: Date): string {
  return calendarDayIn(instant, LATEST_ZONE);
}

/**
 * The zone whose calendar day is the latest on Earth (UTC+14, Kiribati's Line Islands; `Etc/GMT-14`
 * is UTC+14 by POSIX's inverted sign).
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

/** The calendar day (YYYY-MM-DD) `instant` falls on in `timeZone` (an IANA name Intl knows). */
export function calendarDayIn(instant: Date, timeZone = 'UTC'): string {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * The latest calendar day anywhere at `instant`: no zone's "today" is later. A rule about "the day
 * something happened" for a party whose zone the service does not know (an R&D school) reads it
 * here so that nobody, wherever they are, has their day counted as the day before; a scheduler
 * reads candidates up to it and decides per zone (the talent pipeline's enterprises).
 */
export function latestCalendarDay(instant: Date): string {
  return calendarDayIn(instant, LATEST_ZONE);
}

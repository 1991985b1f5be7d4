/**
 * An enterprise's time zone (IANA name, e.g. `Asia/Shanghai`) decides where its calendar days
 * begin: an ERP's first or last day is a day at the enterprise, so "today" and "due on its day"
 * for its scheduled starts and ends are counted in its zone, not in UTC (ADR 0079, addendum
 * "the enterprise's day"). Enterprises registered without one keep UTC.
 */
export const DEFAULT_TIME_ZONE = 'UTC';

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

/**
 * Counting a day in a zone, and the latest day anywhere (UTC+14: a step due on its day in some zone
 * is due by that zone's day, so the scheduler reads candidates up to it and decides per
 * enterprise), are the shared base library's: the R&D service counts a withdrawal day the same way.
 */
export { calendarDayIn, latestCalendarDay } from '@app/base';

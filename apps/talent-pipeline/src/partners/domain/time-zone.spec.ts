import { calendarDayIn, knownTimeZone, latestCalendarDay } from './time-zone';

describe('an enterprise’s time zone', () => {
  it('knows IANA zones, spelled as Intl spells them, and refuses unknown names and bare offsets', () => {
    expect(knownTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(knownTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(knownTimeZone('UTC')).toBe('UTC');
    expect(knownTimeZone('America/New_York')).toBe('America/New_York');
    for (const name of ['Mars/Olympus_Mons', '+08:00', '-05:00', '', 'not a zone']) expect(knownTimeZone(name)).toBeUndefined();
  });

  it('counts the calendar day in the zone: the same instant is another day east and west of UTC', () => {
    const lateUtc = new Date('2030-05-06T20:00:00Z');
    expect(calendarDayIn(lateUtc)).toBe('2030-05-06');
    expect(calendarDayIn(lateUtc, 'Asia/Shanghai')).toBe('2030-05-07'); // 04:00 the next morning
    const earlyUtc = new Date('2030-05-06T02:00:00Z');
    expect(calendarDayIn(earlyUtc, 'America/New_York')).toBe('2030-05-05'); // 22:00 the evening before (EDT)
    expect(calendarDayIn(new Date('2030-01-06T04:30:00Z'), 'America/New_York')).toBe('2030-01-05'); // EST: 23:30
    expect(calendarDayIn(new Date('2030-01-06T05:00:00Z'), 'America/New_York')).toBe('2030-01-06');
    // Across the end of a year.
    expect(calendarDayIn(new Date('2030-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2031-01-01');
  });

  it('the latest day anywhere is UTC+14’s, never earlier than any zone’s', () => {
    const instant = new Date('2030-05-06T10:30:00Z');
    expect(latestCalendarDay(instant)).toBe('2030-05-07');
    for (const zone of ['UTC', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York']) {
      expect(latestCalendarDay(instant) >= calendarDayIn(instant, zone)).toBe(true);
    }
    expect(latestCalendarDay(instant)).toBe(calendarDayIn(instant, 'Pacific/Kiritimati'));
  });
});

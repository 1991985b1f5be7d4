import { calendarDayIn, latestCalendarDay } from './calendar-day';

describe('calendar days', () => {
  it('counts the day in the zone, UTC when none is named', () => {
    const instant = new Date('2026-06-30T23:00:00Z');
    expect(calendarDayIn(instant)).toBe('2026-06-30');
    expect(calendarDayIn(instant, 'Asia/Shanghai')).toBe('2026-07-01');
    expect(calendarDayIn(instant, 'America/Los_Angeles')).toBe('2026-06-30');
  });

  it('the latest day anywhere is UTC+14’s: it changes at 10:00 UTC and is never earlier than a zone’s', () => {
    expect(latestCalendarDay(new Date('2026-06-30T09:59:59.999Z'))).toBe('2026-06-30');
    expect(latestCalendarDay(new Date('2026-06-30T10:00:00.000Z'))).toBe('2026-07-01');
    const instant = new Date('2026-12-31T23:30:00Z');
    expect(latestCalendarDay(instant)).toBe('2027-01-01');
    for (const zone of ['UTC', 'Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect(latestCalendarDay(instant) >= calendarDayIn(instant, zone)).toBe(true);
    }
  });
});

import { assertCanLogAttendance, AttendanceRefusedError, attendanceProblems, attendanceTotals } from './attendance';

describe('attendance', () => {
  it('is logged only while the placement is active', () => {
    expect(() => assertCanLogAttendance('active')).not.toThrow();
    for (const status of ['proposed', 'offered', 'accepted', 'completed', 'terminated', 'hired'] as const) {
      expect(() => assertCanLogAttendance(status)).toThrow(AttendanceRefusedError);
    }
  });

  it('refuses hours on a day the student was not present', () => {
    expect(attendanceProblems({ date: '2026-03-02', hours: 3, status: 'sick' })).toEqual([
      { field: 'hours', message: 'must be 0 when status is sick' },
    ]);
    expect(attendanceProblems({ date: '2026-03-02', hours: 0, status: 'absent' })).toEqual([]);
    expect(attendanceProblems({ date: '2026-03-02', hours: 8, status: 'present' })).toEqual([]);
  });

  it('totals hours and days per status', () => {
    expect(
      attendanceTotals([
        { date: '2026-03-02', hours: 7.5, status: 'present' },
        { date: '2026-03-03', hours: 0.1, status: 'present' },
        { date: '2026-03-03', hours: 0.2, status: 'present' },
        { date: '2026-03-04', hours: 0, status: 'sick' },
        { date: '2026-03-05', hours: 0, status: 'excused' },
      ]),
    ).toEqual({ entries: 5, hours: 7.8, days: { present: 3, absent: 0, sick: 1, excused: 1 } });
  });

  it('totals an empty log as zero', () => {
    expect(attendanceTotals([])).toEqual({ entries: 0, hours: 0, days: { present: 0, absent: 0, sick: 0, excused: 0 } });
  });
});

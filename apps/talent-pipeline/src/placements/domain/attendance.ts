import { PlacementStatus } from './placement-lifecycle';

export const ATTENDANCE_STATUSES = ['present', 'absent', 'sick', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface AttendanceEntryData {
  date: string;
  hours: number;
  status: AttendanceStatus;
  note?: string;
}

export interface AttendanceTotals {
  entries: number;
  hours: number;
  days: Record<AttendanceStatus, number>;
}

export class AttendanceRefusedError extends Error {}

/** Hours and attendance are logged only while the student is actually at the enterprise. */
export function assertCanLogAttendance(status: PlacementStatus): void {
  if (status !== 'active') {
    throw new AttendanceRefusedError(`attendance can only be logged while the placement is active; it is ${status}`);
  }
}

/** Hours worked count only on days the student was present; other days must log 0 hours. */
export function attendanceProblems(entry: AttendanceEntryData): { field: string; message: string }[] {
  if (entry.status !== 'present' && entry.hours > 0) {
    return [{ field: 'hours', message: `must be 0 when status is ${entry.status}` }];
  }
  return [];
}

export function attendanceTotals(entries: readonly AttendanceEntryData[]): AttendanceTotals {
  const days: Record<AttendanceStatus, number> = { present: 0, absent: 0, sick: 0, excused: 0 };
  let hours = 0;
  for (const entry of entries) {
    days[entry.status] += 1;
    hours += entry.hours;
  }
  // Quarter-hour inputs summed in binary floating point: round away the noise.
  return { entries: entries.length, hours: Math.round(hours * 100) / 100, days };
}

import { dayNumber } from './calendar-date';
import { DeliverableKind } from './deliverable-kinds';

/** Hours of practice on one day: a countersigned secondment log, or R&D hours from the R&D service. */
export interface PracticeHours {
  date: string;
  hours: number;
  source: 'secondment' | 'rd';
  /** The secondment id, or the R&D project id. */
  ref: string;
}

/** The days a secondment ran (from its start to its end, or to today while it is active). */
export interface PracticePeriod {
  start: string;
  end: string;
  ref: string;
}

/** One teacher's practice, sorted once so every evaluation can walk it in date order. */
export interface PracticeRecord {
  hours: readonly (PracticeHours & { day: number })[];
  periods: readonly (PracticePeriod & { startDay: number; endDay: number })[];
}

export function practiceRecord(hours: readonly PracticeHours[], periods: readonly PracticePeriod[] = []): PracticeRecord {
  return {
    hours: hours.map((entry) => ({ ...entry, day: dayNumber(entry.date) })).sort((a, b) => a.day - b.day),
    periods: periods
      .map((period) => ({ ...period, startDay: dayNumber(period.start), endDay: dayNumber(period.end) }))
      .sort((a, b) => a.startDay - b.startDay),
  };
}

/** What compliance and the tier rules need from a teacher's secondments, kept on the teacher document. */
export interface TeacherPractice {
  hours: PracticeHours[];
  periods: PracticePeriod[];
  completedSecondmentIds: string[];
  deliverableKinds: DeliverableKind[];
  mentorScore: number | null;
}

export const NO_PRACTICE: TeacherPractice = { hours: [], periods: [], completedSecondmentIds: [], deliverableKinds: [], mentorScore: null };

import { Quarter } from './domain/quarter';

export const COUNTER_NAMES = [
  'placementsStarted',
  'placementsCompleted',
  'placementsTerminated',
  'hires',
  'secondmentsHosted',
  'secondmentsCompleted',
  'engineerEngagements',
  'rdProjectsStarted',
  'rdProjectsClosed',
  'rdProjectsLedToHire',
  'rdParticipantHires',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

/** One school-enterprise pair in one quarter; every counted event's key is kept in `seen`, so a redelivery counts nothing. */
export interface QuarterCountersDocument {
  /** `${schoolId}|${enterpriseId}|${quarter}` */
  _id: string;
  schoolId: string;
  enterpriseId: string;
  quarter: Quarter;
  counts: Partial<Record<CounterName, number>>;
  engineerTeachingHours?: number;
  /** Currency -> delivered contributions in minor units. */
  contributions?: Record<string, number>;
  /** Outcome kind -> count. */
  outcomes?: Record<string, number>;
  seen: string[];
}

/** What one event adds to its pair's quarter. */
export interface CounterIncrement {
  counts?: Partial<Record<CounterName, number>>;
  engineerTeachingHours?: number;
  contributions?: { currency: string; amountMinor: number };
  outcomeKind?: string;
}

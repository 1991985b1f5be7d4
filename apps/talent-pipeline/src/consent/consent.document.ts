import { OutgoingEvent } from '@app/messaging';
import { ConsentGrantor, ConsentPurpose } from './domain/consent-purpose';

/**
 * One grant of consent by a student (or guardian) to one enterprise for one purpose.
 * Withdrawal sets `withdrawnAt` and keeps the record: what was allowed when stays provable.
 * Each grant and withdrawal queues `privacy.consent.changed.v1` in the same write (outbox);
 * consents stored before that have no outbox fields and need no rewrite.
 */
export interface ConsentDocument {
  _id: string;
  studentId: string;
  /** The student's school, so a school can manage its own students' consents. */
  schoolId: string;
  enterpriseId: string;
  purpose: ConsentPurpose;
  grantedBy: ConsentGrantor;
  grantedAt: Date;
  expiresAt?: Date;
  withdrawnAt?: Date;
  /** Who recorded the grant or withdrawal: `operator` or `school:<schoolId>`. */
  recordedBy: string;
  withdrawalRecordedBy?: string;
  /** When the student was erased: the consent's tombstone was queued then (privacy.consent.erased.v1). */
  erasedAt?: Date;
  /** Events not yet published (the outbox relay empties it). */
  outbox?: OutgoingEvent[];
  outboxPending?: true;
}

/** What of a consent decides whether it is in force, and for whom. */
export type ConsentFacts = Pick<
  ConsentDocument,
  '_id' | 'studentId' | 'enterpriseId' | 'purpose' | 'grantedAt' | 'expiresAt' | 'withdrawnAt'
>;

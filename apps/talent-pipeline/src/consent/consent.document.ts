import { ConsentGrantor, ConsentPurpose } from './domain/consent-purpose';

/**
 * One grant of consent by a student (or guardian) to one enterprise for one purpose.
 * Withdrawal sets `withdrawnAt` and keeps the record: what was allowed when stays provable.
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
}

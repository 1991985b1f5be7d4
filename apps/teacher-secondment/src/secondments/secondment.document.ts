import { IdempotentOrigin } from '@app/base';
import { AggregateDocument } from '@app/persistence';
import { SecondmentState } from './domain/secondment-state';

export interface SecondmentDocument extends AggregateDocument, SecondmentState {
  teacherId: string;
  schoolId: string;
  enterpriseId: string;
  postId: string;
  mentor: { name: string; contact?: string };
  requestedBy: string;
  createdAt: Date;
  /**
   * Set by the write that ends the secondment (completed, cancelled, withdrawn), removed once what
   * follows it is done: its post's seat given back, the teacher's booking too unless completed,
   * the teacher's practice copied. Left set by a crash in between, for the repair pass (ADR 0084).
   */
  releasePending?: true;
  /** Requested under an Idempotency-Key: what tells a retry from another request (ADR 0093). */
  idempotency?: IdempotentOrigin;
}

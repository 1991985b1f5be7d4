import { IdempotentOrigin } from '@app/base';
import { AggregateDocument } from '@app/persistence';
import { EngagementStatus } from './domain/engagement-lifecycle';

/** An enterprise engineer teaching a course or module at a partner school (the reverse flow). */
export interface EngagementDocument extends AggregateDocument {
  enterpriseId: string;
  schoolId: string;
  engineerId: string;
  engineerName: string;
  course: string;
  module?: string;
  hours: number;
  period: { start: string; end: string };
  status: EngagementStatus;
  reportedBy: string;
  decidedBy?: string;
  decidedAt?: Date;
  disputeReason?: string;
  createdAt: Date;
  /** Reported under an Idempotency-Key: what tells a retry from another request (ADR 0093). */
  idempotency?: IdempotentOrigin;
}

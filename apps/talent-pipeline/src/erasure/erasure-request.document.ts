import { EventData, ErasureConfirmed, PrivacyService } from '@app/contracts';
import { AggregateDocument } from '@app/persistence';
import { ErasureStatus, NoticeStatus } from './domain/erasure-status';

export const ERASURE_REQUESTS = 'erasure_requests';

export type ErasureOrigin = 'school' | 'operator' | 'retention';

/** What one service reported doing, as its privacy.erasure.confirmed.v1 said, and when it arrived here. */
export type ServiceConfirmation = Pick<EventData<typeof ErasureConfirmed>, 'actions' | 'tombstones'> & {
  confirmedAt: Date;
  receivedAt: Date;
};

/** One webhook subscription that was sent the student's data, and the erasure notice it was sent. */
export interface NoticeRecipient {
  subscriptionId: string;
  /** The webhook delivery that carries the notice (the delivery worker retries it). */
  deliveryId: string;
  status: NoticeStatus;
  attempts: number;
  deliveredAt?: Date;
  failedAt?: Date;
  lastError?: string;
}

/**
 * One erasure request for one student: the completion proof the school keeps. It holds ids,
 * the reason and what each service and recipient did, never a personal value.
 */
export interface ErasureRequestDocument extends AggregateDocument {
  studentId: string;
  schoolId: string;
  origin: ErasureOrigin;
  reason: string;
  /** `operator`, `school:<schoolId>` or `retention:<rule>`. */
  requestedBy: string;
  requestedAt: Date;
  status: ErasureStatus;
  confirmations: Partial<Record<PrivacyService, ServiceConfirmation>>;
  /** Set once the talent pipeline has erased its own store and sent the notices: the recipients are then known. */
  recipients?: NoticeRecipient[];
  /** The notice's webhook event id (`webhook-id`), the same for every recipient. */
  noticeEventId?: string;
  completedAt?: Date;
  /** Set with completedAt: by then the brokers have deleted every record naming the student (ADR 0074). */
  kafkaCopiesGoneBy?: Date;
}

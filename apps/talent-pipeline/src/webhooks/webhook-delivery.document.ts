import { CloudEvent } from '@app/contracts';
import { TraceCarrier } from '@app/messaging';

export interface DeliveryAttempt {
  at: Date;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookDeliveryDocument {
  /** subscription id | event id (| replay:<replay id> for replays): one delivery per event, subscription and replay. */
  _id: string;
  subscriptionId: string;
  schoolId: string;
  event: CloudEvent;
  /** Set on deliveries created by a manual replay (absent on live deliveries). */
  replayId?: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** Also serves as the claim: a worker pushes it into the future while it sends. */
  nextAttemptAt: Date;
  /** Set by each claim: only the worker holding the current claim may record the attempt. */
  leaseToken?: string;
  createdAt: Date;
  finishedAt?: Date;
  /** W3C context of the handler that created the delivery (tracing on): each attempt's span continues it. */
  traceContext?: TraceCarrier;
}

import { CloudEvent } from '@app/contracts';

export interface DeliveryAttempt {
  at: Date;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

export interface WebhookDeliveryDocument {
  /** subscription id | event id: one delivery per event and subscription. */
  _id: string;
  subscriptionId: string;
  schoolId: string;
  event: CloudEvent;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: DeliveryAttempt[];
  /** Also serves as the claim: a worker pushes it into the future while it sends. */
  nextAttemptAt: Date;
  createdAt: Date;
  finishedAt?: Date;
}

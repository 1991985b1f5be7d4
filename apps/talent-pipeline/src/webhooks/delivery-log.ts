import { ProblemException } from '@app/base';
import { encodeNewestFirstCursor, NewestFirstPosition, positionOfBefore } from '../shared/newest-first-cursor';
import { DELIVERY_STATUSES, DeliveryStatus, WebhookDeliveryDocument } from './webhook-delivery.document';
import { subscriptionView, WebhookSubscriptionDocument } from './webhook-subscription.document';
import { DeliveryLogPageView } from './webhook-subscription.response';

export interface DeliveryLogPage {
  status?: DeliveryStatus;
  limit: number;
  before?: NewestFirstPosition;
}

/** The delivery log's query (a school's or an enterprise's), checked: 400 naming the bad parameter. */
export function deliveryLogPage(status: string | undefined, limit: number, before: string | undefined): DeliveryLogPage {
  if (status !== undefined && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) {
    throw new ProblemException(400, 'invalid request', 'unknown status', [
      { field: 'status', message: `must be one of ${DELIVERY_STATUSES.join(', ')}` },
    ]);
  }
  if (limit < 1 || limit > 200) {
    throw new ProblemException(400, 'invalid request', 'limit out of range', [{ field: 'limit', message: 'must be between 1 and 200' }]);
  }
  return { status: status as DeliveryStatus | undefined, limit, before: positionOfBefore(before) };
}

/** One page of the log: each delivery's event id and type and its attempts, never the payload. */
export function deliveryLogView(
  subscription: WebhookSubscriptionDocument,
  deliveries: WebhookDeliveryDocument[],
  limit: number,
): DeliveryLogPageView {
  const last = deliveries.at(-1);
  return {
    subscription: subscriptionView(subscription),
    items: deliveries.map((d) => ({
      id: d._id,
      eventId: d.event.id,
      eventType: d.event.type,
      replayId: d.replayId,
      status: d.status,
      attempts: d.attempts.map(({ at, statusCode, error, durationMs }) => ({ at: at.toISOString(), statusCode, error, durationMs })),
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : undefined,
      createdAt: d.createdAt.toISOString(),
      finishedAt: d.finishedAt?.toISOString(),
    })),
    nextCursor: last && deliveries.length === limit ? encodeNewestFirstCursor({ createdAt: last.createdAt, id: last._id }) : null,
  };
}

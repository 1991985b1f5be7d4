import { CloudEvent } from '@app/contracts';
import { ErpInboxRepository, SETTLED_INBOX_STATUSES } from './erp-inbox.repository';
import { ReviewQueueRepository } from './review-queue.repository';

/**
 * Records an ERP event's arrival in the inbox (shared dedupe with HTTP: an event first seen on
 * Kafka makes a later HTTP post of it a duplicate) and says whether it is still to be applied:
 * not when it was applied (by either path, or by an operator), scheduled on its placement (or
 * superseded there) or rejected before, nor while an operator is deciding about it in the review
 * queue.
 */
export async function arrivalToApply(
  inbox: ErpInboxRepository,
  reviewQueue: ReviewQueueRepository,
  enterpriseId: string,
  event: CloudEvent,
  dedupeKey: string,
): Promise<boolean> {
  const seenBefore = await inbox.recordArrival(enterpriseId, event);
  if (seenBefore !== undefined && SETTLED_INBOX_STATUSES.includes(seenBefore)) return false;
  if (seenBefore === 'held-for-review') {
    const reviewed = await reviewQueue.findByKey(dedupeKey);
    if (reviewed && reviewed.status !== 'pending') return false;
  }
  return true;
}

import { CloudEvent } from '@app/contracts';
import { StudentsService } from '../students/students.service';
import { ErpInboxRepository } from './erp-inbox.repository';
import { ReviewQueueRepository } from './review-queue.repository';

/**
 * A hold writes the whole event into the review queue when the read before it showed no erasure;
 * an erasure that marked the student and swept the stored ERP events in between would miss that
 * copy, kept for good. So, after the hold's write, the students the event is about are asked once
 * more (the erasure marks them before it sweeps); if every one of them is being or was erased,
 * the held copy and the inbox copy lose their personal fields (ADR 0037). Holds are the uncommon
 * path: the common ones (applied events) add no read.
 */
export async function removeIfErasedSinceRead(
  stores: { students: StudentsService; inbox: ErpInboxRepository; reviewQueue: ReviewQueueRepository },
  dedupeKey: string,
  event: CloudEvent,
  about: string[],
): Promise<void> {
  if (about.length === 0) return;
  const erasing = await stores.students.erasingOrErasedAmong(about);
  if (!about.every((id) => erasing.has(id))) return;
  await stores.reviewQueue.removePersonalFields(dedupeKey, event);
  await stores.inbox.removePersonalFields(dedupeKey, event);
}

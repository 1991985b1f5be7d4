import { ReviewItemView } from './review-item.response';
import { ReviewItemDocument, reviewItemId } from './review-queue.repository';

/** A held ERP event as the operator reads it; the crash-recovery claim time (`claimedAt`) stays internal. */
export function reviewItemView(item: ReviewItemDocument): ReviewItemView {
  const { _id, enterpriseId, event, reason, status, queuedAt, resolution, rejection } = item;
  return {
    id: reviewItemId(_id),
    key: _id,
    enterpriseId,
    event,
    reason,
    status,
    queuedAt: queuedAt.toISOString(),
    ...(resolution
      ? {
          resolution: {
            placementId: resolution.placementId,
            ...(resolution.studentId ? { studentId: resolution.studentId } : {}),
            ...(resolution.at ? { at: resolution.at.toISOString() } : {}),
            ...(resolution.automatic ? { automatic: resolution.automatic } : {}),
            ...(resolution.superseded ? { superseded: resolution.superseded } : {}),
          },
        }
      : {}),
    ...(rejection ? { rejection: { reason: rejection.reason, at: rejection.at.toISOString() } } : {}),
  };
}

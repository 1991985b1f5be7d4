import { PRIVACY_SERVICES } from '@app/contracts';
import { ErasureRequestPage, ErasureRequestView } from './erasure-request.response';
import { ErasureRequestDocument } from './erasure-request.document';

/**
 * The completion proof: the request, each service's confirmation (or `pending`) and each
 * recipient's notice result. `recipients` is null until the talent pipeline has applied the
 * request (until then nobody knows who received the student's data).
 */
export function erasureRequestView(r: ErasureRequestDocument): ErasureRequestView {
  return {
    id: r._id,
    studentId: r.studentId,
    schoolId: r.schoolId,
    origin: r.origin,
    reason: r.reason,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    status: r.status,
    completedAt: r.completedAt?.toISOString(),
    kafkaCopiesGoneBy: r.kafkaCopiesGoneBy?.toISOString(),
    services: PRIVACY_SERVICES.map((service) => {
      const confirmation = r.confirmations[service];
      return confirmation
        ? {
            service,
            status: 'confirmed' as const,
            confirmedAt: confirmation.confirmedAt.toISOString(),
            receivedAt: confirmation.receivedAt.toISOString(),
            actions: confirmation.actions,
            tombstones: confirmation.tombstones,
          }
        : { service, status: 'pending' as const };
    }),
    noticeEventId: r.noticeEventId,
    recipients:
      r.recipients?.map((n) => ({
        subscriptionId: n.subscriptionId,
        status: n.status,
        attempts: n.attempts,
        deliveredAt: n.deliveredAt?.toISOString(),
        failedAt: n.failedAt?.toISOString(),
        lastError: n.lastError,
      })) ?? null,
  };
}

export function erasureRequestPageView(page: { items: ErasureRequestDocument[]; nextCursor?: string }): ErasureRequestPage {
  return { items: page.items.map(erasureRequestView), nextCursor: page.nextCursor };
}

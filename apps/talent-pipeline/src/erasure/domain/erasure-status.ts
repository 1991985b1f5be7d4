import { PRIVACY_SERVICES } from '@app/contracts';

export const ERASURE_STATUSES = ['pending', 'completed', 'completed-with-failures'] as const;
export type ErasureStatus = (typeof ERASURE_STATUSES)[number];

/** A recipient's notice: still being tried, acknowledged with a 2xx, or given up after the retry budget (or a disabled subscription). */
export const NOTICE_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/**
 * An erasure is complete once every service confirmed its own store and every recipient
 * either acknowledged the notice or exhausted the retry budget; with a failed recipient it
 * completes "with failures", so the school sees whom to chase by other means. Recipients are
 * unknown (undefined) until the talent pipeline has applied the request.
 */
export function erasureStatus(
  confirmedServices: readonly string[],
  recipients: readonly { status: NoticeStatus }[] | undefined,
): ErasureStatus {
  if (!PRIVACY_SERVICES.every((service) => confirmedServices.includes(service))) return 'pending';
  if (recipients === undefined || recipients.some((r) => r.status === 'pending')) return 'pending';
  return recipients.some((r) => r.status === 'failed') ? 'completed-with-failures' : 'completed';
}

import { createHash } from 'node:crypto';

/** Namespace for requisition ids derived from ERP requisition ids (a fixed random UUID). */
const ERP_REQUISITION_NAMESPACE = '6f1d9c3e-2b7a-4e58-9a41-3c0d8e5b7f21';

/**
 * The platform id of the requisition an ERP requisition becomes: a UUID v5 of the enterprise
 * id and the ERP's own requisition id. Deterministic, so a redelivered or repeated ERP event
 * lands on the same document (insert-once, then update) with no lookup table; the enterprise
 * id is part of the name, so two enterprises' ERPs may use the same requisition numbers.
 */
export function requisitionIdForErp(enterpriseId: string, erpRequisitionId: string): string {
  const namespace = Buffer.from(ERP_REQUISITION_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(`${enterpriseId}|${erpRequisitionId}`, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

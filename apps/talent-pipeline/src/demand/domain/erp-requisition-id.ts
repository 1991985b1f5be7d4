import { uuidV5 } from '../../shared/uuid-v5';

/** Namespace for requisition ids derived from ERP requisition ids (a fixed random UUID). */
const ERP_REQUISITION_NAMESPACE = '6f1d9c3e-2b7a-4e58-9a41-3c0d8e5b7f21';

/** Namespace for requisition ids derived from an enterprise's Idempotency-Key (a fixed random UUID). */
const IDEMPOTENT_REQUISITION_NAMESPACE = 'b3c47a0e-91d5-4f6a-8e2b-5d7f0a9c1e64';

/**
 * The platform id of the requisition an ERP requisition becomes: a UUID v5 of the enterprise
 * id and the ERP's own requisition id. Deterministic, so a redelivered or repeated ERP event
 * lands on the same document (insert-once, then update) with no lookup table; the enterprise
 * id is part of the name, so two enterprises' ERPs may use the same requisition numbers.
 */
export function requisitionIdForErp(enterpriseId: string, erpRequisitionId: string): string {
  return uuidV5(ERP_REQUISITION_NAMESPACE, `${enterpriseId}|${erpRequisitionId}`);
}

/** The id a requisition opened over HTTP with an Idempotency-Key gets, so a retried POST finds it. */
export function requisitionIdForIdempotencyKey(enterpriseId: string, idempotencyKey: string): string {
  return uuidV5(IDEMPOTENT_REQUISITION_NAMESPACE, `${enterpriseId}|${idempotencyKey}`);
}

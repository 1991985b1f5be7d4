import { REQUISITION_STATUSES, RequisitionStatus } from '@app/contracts';

export { REQUISITION_STATUSES };
export type { RequisitionStatus };

/**
 * open -> filled | closed. Both ends are final: a filled or closed requisition is history
 * (reports count it); new demand is a new requisition.
 */
const ALLOWED: Record<RequisitionStatus, readonly RequisitionStatus[]> = {
  open: ['filled', 'closed'],
  filled: [],
  closed: [],
};

export class IllegalRequisitionTransitionError extends Error {
  constructor(
    readonly from: RequisitionStatus,
    readonly to: RequisitionStatus,
  ) {
    super(`a requisition cannot go from ${from} to ${to}; allowed from ${from}: ${ALLOWED[from].join(', ') || 'none'}`);
  }
}

export function canTransitionRequisition(from: RequisitionStatus, to: RequisitionStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function assertRequisitionTransition(from: RequisitionStatus, to: RequisitionStatus): void {
  if (!canTransitionRequisition(from, to)) throw new IllegalRequisitionTransitionError(from, to);
}

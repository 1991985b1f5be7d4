import { ErpOfferStatus } from '@app/contracts';
import { canTransition, PlacementStatus } from './placement-lifecycle';

/** The status an ERP's offer stage moves a placement to (ADR 0079). */
const TARGET: Record<ErpOfferStatus, PlacementStatus> = {
  extended: 'offered',
  accepted: 'accepted',
  declined: 'terminated',
  withdrawn: 'terminated',
};

/** Why a declined or withdrawn offer ended the placement: the reason the school's `terminated` outcome carries. */
const END_REASON: Partial<Record<ErpOfferStatus, string>> = {
  declined: 'the student declined the offer (reported by the ERP)',
  withdrawn: 'the enterprise withdrew the offer (reported by the ERP)',
};

/** Only a placement that has not started takes an offer's stage; after the start an end is an erp.placement-end.v1. */
const BEFORE_START: readonly PlacementStatus[] = ['proposed', 'offered', 'accepted'];

export function erpOfferTarget(status: ErpOfferStatus): PlacementStatus {
  return TARGET[status];
}

export function erpOfferEndReason(status: ErpOfferStatus): string | undefined {
  return END_REASON[status];
}

/**
 * decide: the statuses a placement in `from` goes through, in one write, for the ERP's offer
 * stage, the last being where it ends up; undefined when the stage cannot apply (the lifecycle
 * refuses it, or it would move the placement backwards). An acceptance of a placement still
 * `proposed` goes through `offered` (the ERP reports the acceptance of an offer it made without
 * reporting the offer itself), each step checked by the lifecycle; no other stage skips one.
 */
export function erpOfferPath(from: PlacementStatus, status: ErpOfferStatus): PlacementStatus[] | undefined {
  if (!BEFORE_START.includes(from)) return undefined;
  const to = TARGET[status];
  if (canTransition(from, to)) return [to];
  if (status === 'accepted' && canTransition(from, 'offered') && canTransition('offered', to)) return ['offered', to];
  return undefined;
}

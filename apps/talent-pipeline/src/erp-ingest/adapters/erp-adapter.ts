import {
  ErpHire,
  ErpOffer,
  ErpPlacementEnd,
  ErpPlacementEndRescinded,
  ErpPlacementStart,
  ErpPlacementStartRescinded,
  EventOf,
} from '@app/contracts';

export type CanonicalErpHire = EventOf<typeof ErpHire>;
export type CanonicalErpPlacementEnd = EventOf<typeof ErpPlacementEnd>;
export type CanonicalErpOffer = EventOf<typeof ErpOffer>;
export type CanonicalErpPlacementStart = EventOf<typeof ErpPlacementStart>;
export type CanonicalErpPlacementEndRescinded = EventOf<typeof ErpPlacementEndRescinded>;
export type CanonicalErpPlacementStartRescinded = EventOf<typeof ErpPlacementStartRescinded>;
/** What a vendor notification maps onto: a hire, an offer's stage, a start, an end, or a start or end taken back (ADR 0079). */
export type CanonicalErpEvent =
  | CanonicalErpHire
  | CanonicalErpOffer
  | CanonicalErpPlacementStart
  | CanonicalErpPlacementStartRescinded
  | CanonicalErpPlacementEnd
  | CanonicalErpPlacementEndRescinded;

/**
 * Maps one vendor's notification onto the canonical CloudEvent it means, `erp.hire.v1`,
 * `erp.offer.v1`, `erp.placement-start.v1`, `erp.placement-start-rescinded.v1`,
 * `erp.placement-end.v1` or `erp.placement-end-rescinded.v1` (not yet registry-validated).
 */
export interface ErpAdapter {
  /** Path segment and name in errors: `successfactors`, `workday`. */
  readonly vendor: string;
  map(payload: unknown, receivedAt: Date): CanonicalErpEvent;
}

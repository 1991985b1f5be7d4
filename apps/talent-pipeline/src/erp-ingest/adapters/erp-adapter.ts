import { ErpHire, ErpPlacementEnd, EventOf } from '@app/contracts';

export type CanonicalErpHire = EventOf<typeof ErpHire>;
export type CanonicalErpPlacementEnd = EventOf<typeof ErpPlacementEnd>;
/** What a vendor notification maps onto: a hire, or the end of a placement. */
export type CanonicalErpEvent = CanonicalErpHire | CanonicalErpPlacementEnd;

/**
 * Maps one vendor's notification onto the canonical CloudEvent it means, `erp.hire.v1` or
 * `erp.placement-end.v1` (not yet registry-validated).
 */
export interface ErpAdapter {
  /** Path segment and name in errors: `successfactors`, `workday`. */
  readonly vendor: string;
  map(payload: unknown, receivedAt: Date): CanonicalErpEvent;
}

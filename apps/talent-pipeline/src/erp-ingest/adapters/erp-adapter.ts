import { ErpHire, EventOf } from '@app/contracts';

export type CanonicalErpHire = EventOf<typeof ErpHire>;

/** Maps one vendor's notification onto the canonical `erp.hire.v1` CloudEvent (not yet registry-validated). */
export interface ErpAdapter {
  /** Path segment and name in errors: `successfactors`, `workday`. */
  readonly vendor: string;
  map(payload: unknown, receivedAt: Date): CanonicalErpHire;
}

/** The copy of one student consent as this service keeps it (state after the latest change seen). */
export interface ConsentState {
  grantedAt: string;
  expiresAt?: string;
  withdrawnAt?: string;
}

/** In force at `now`: granted, not yet withdrawn, not yet expired. Times are compared as instants, not strings. */
export function consentInForce(c: ConsentState, now: Date): boolean {
  const at = now.getTime();
  if (Date.parse(c.grantedAt) > at) return false;
  if (c.withdrawnAt !== undefined && Date.parse(c.withdrawnAt) <= at) return false;
  if (c.expiresAt !== undefined && Date.parse(c.expiresAt) <= at) return false;
  return true;
}

/** The fields of a copied cooperation agreement that decide whether it covers R&D (ADR 0027). */
export interface AgreementTerms {
  status: string;
  scope: string;
  period: { from: string; to: string };
}

/**
 * talent.agreement.v1 says what an agreement covers in two places: `placementKinds` (kinds of
 * placement only) and the free-text `scope`. Until the contract grows a structured field, an
 * agreement covers joint R&D when its scope names it in one of these ways.
 */
const RD_SCOPE = /\b(r\s*&\s*d|r\s+and\s+d|research(\s+and|\s*&)\s+development|joint\s+research|applied\s+research)\b/i;

export function scopeCoversRd(scope: string): boolean {
  return RD_SCOPE.test(scope);
}

/** Active, in its period on `today` (both ends included) and covering R&D. */
export function agreementCoversRd(agreement: AgreementTerms, today: string): boolean {
  return agreement.status === 'active' && agreement.period.from <= today && today <= agreement.period.to && scopeCoversRd(agreement.scope);
}

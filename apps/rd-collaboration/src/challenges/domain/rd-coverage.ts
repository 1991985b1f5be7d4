import { agreementCoversProgramme, AgreementProgramme, scopeNamesRd } from '@app/contracts';

/** The fields of a copied cooperation agreement that decide whether it covers R&D (ADR 0027 and its amendment). */
export interface AgreementTerms {
  status: string;
  scope: string;
  period: { from: string; to: string };
  /** The programmes the agreement states; absent on agreements recorded without them. */
  programmes?: readonly AgreementProgramme[];
  placementKinds: readonly string[];
}

/**
 * Whether a free-text scope names joint R&D (`R&D`, `research and development`, `joint
 * research`, …). Read only for agreements that state no `programmes` (ADR 0027).
 */
export function scopeCoversRd(scope: string): boolean {
  return scopeNamesRd(scope);
}

/**
 * Active, in its period on `today` (both ends included) and covering R&D: its `programmes`
 * list `rd` when it states them; when it states none, its scope names joint R&D.
 */
export function agreementCoversRd(agreement: AgreementTerms, today: string): boolean {
  return (
    agreement.status === 'active' &&
    agreement.period.from <= today &&
    today <= agreement.period.to &&
    agreementCoversProgramme(agreement, 'rd')
  );
}

/**
 * The programmes a cooperation agreement covers: student `placements` (of the kinds in its
 * `placementKinds`), teachers' enterprise practice (`secondments`, teacher-secondment) and
 * joint R&D (`rd`, rd-collaboration).
 */
export const AGREEMENT_PROGRAMMES = ['placements', 'secondments', 'rd'] as const;
export type AgreementProgramme = (typeof AGREEMENT_PROGRAMMES)[number];

/**
 * How agreements published before `programmes` existed were read, and still are when an event
 * has no `programmes`: R&D is covered when the free-text scope names joint R&D in one of these
 * ways (case-insensitive, whole words; ADR 0027).
 */
const RD_SCOPE = /\b(r\s*&\s*d|r\s+and\s+d|research(\s+and|\s*&)\s+development|joint\s+research|applied\s+research)\b/i;

export function scopeNamesRd(scope: string): boolean {
  return RD_SCOPE.test(scope);
}

/** The fields of an agreement (or a consumer's copy of one) that say which programmes it covers. */
export interface AgreementProgrammeTerms {
  programmes?: readonly AgreementProgramme[] | null;
  placementKinds: readonly string[];
  scope: string;
}

/**
 * The programmes an agreement covers. Its `programmes` when it states them; otherwise, for an
 * agreement recorded without them, what consumers read before the field existed: `placements`
 * when it lists placement kinds, `secondments` always (ADR 0023: an active agreement of the
 * pair was the frame for teachers' practice) and `rd` when its scope names joint R&D (ADR 0027).
 */
export function agreementProgrammes(agreement: AgreementProgrammeTerms): AgreementProgramme[] {
  if (agreement.programmes) return [...agreement.programmes];
  return [
    ...(agreement.placementKinds.length > 0 ? (['placements'] as const) : []),
    'secondments',
    ...(scopeNamesRd(agreement.scope) ? (['rd'] as const) : []),
  ];
}

/** Whether the agreement covers `programme`, stated or derived as `agreementProgrammes` says. */
export function agreementCoversProgramme(agreement: AgreementProgrammeTerms, programme: AgreementProgramme): boolean {
  return agreementProgrammes(agreement).includes(programme);
}

import { PlacementStatus } from './placement-lifecycle';

export const AGREEMENT_PARTIES = ['school', 'enterprise', 'student', 'guardian'] as const;
export type AgreementParty = (typeof AGREEMENT_PARTIES)[number];

export interface AgreementSignature {
  party: AgreementParty;
  signedBy: string;
  signedAt: string;
}

/** Statuses in which the three-party agreement can still be signed: before the placement starts. */
const SIGNABLE: readonly PlacementStatus[] = ['proposed', 'offered', 'accepted'];

/**
 * School, enterprise, and the student — or, for a minor, the guardian, who signs on the
 * student's behalf (a minor's own signature alone does not bind).
 */
export function requiredParties(guardianRequired: boolean): AgreementParty[] {
  return ['school', 'enterprise', guardianRequired ? 'guardian' : 'student'];
}

export function missingParties(guardianRequired: boolean, signatures: readonly AgreementSignature[]): AgreementParty[] {
  const signed = new Set(signatures.map((s) => s.party));
  return requiredParties(guardianRequired).filter((party) => !signed.has(party));
}

/** Whether the guardian, not the student, signs a proposed placement's agreement: asked for, or a birth date making the student a minor on the start date. */
export function guardianRequiredFor(proposal: { guardianRequired?: boolean; birthDate?: string; startDate: string }): boolean {
  return proposal.guardianRequired === true || (proposal.birthDate !== undefined && isMinorOn(proposal.birthDate, proposal.startDate));
}

/** Whether the student is under 18 on the given day (dates as YYYY-MM-DD). */
export function isMinorOn(birthDate: string, day: string): boolean {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number);
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age < 18;
}

/** How far ahead of the clock a signature's instant may be: the recording device's clock may run a little fast. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** UTC+14 (Kiribati): the time zone where a calendar day begins first. */
const EARLIEST_UTC_OFFSET_MS = 14 * 3_600_000;
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether a signature's `signedAt` lies in the future at `now`. An instant does when it is ahead
 * of the clock by more than a little skew. A calendar day (YYYY-MM-DD) does only when it has begun
 * nowhere yet: the signers' today east of UTC (07:00 in Beijing) is still tomorrow in UTC, and
 * they must be able to record a signature of today under its date.
 */
export function signedInTheFuture(signedAt: string, now: Date): boolean {
  if (CALENDAR_DAY.test(signedAt)) return signedAt > new Date(now.getTime() + EARLIEST_UTC_OFFSET_MS).toISOString().slice(0, 10);
  return Date.parse(signedAt) > now.getTime() + CLOCK_SKEW_MS;
}

export class SignatureRefusedError extends Error {}

/**
 * Refuses a signature that cannot be taken: after the placement started, a party already
 * signed, or a guardian where none is required (the student signs for themselves).
 */
export function assertCanSign(
  status: PlacementStatus,
  guardianRequired: boolean,
  signatures: readonly AgreementSignature[],
  party: AgreementParty,
): void {
  if (!SIGNABLE.includes(status)) {
    throw new SignatureRefusedError(`the agreement can only be signed before the placement starts; it is ${status}`);
  }
  if (party === 'guardian' && !guardianRequired) {
    throw new SignatureRefusedError('no guardian signature is required: the student is not a minor');
  }
  if (signatures.some((s) => s.party === party)) {
    throw new SignatureRefusedError(`the ${party} has already signed this agreement`);
  }
}

export class AgreementNotSignedError extends Error {
  constructor(readonly missing: AgreementParty[]) {
    super(`the placement agreement is not signed by: ${missing.join(', ')}`);
  }
}

/** A placement becomes active only once every required party has signed. */
export function assertAgreementSigned(guardianRequired: boolean, signatures: readonly AgreementSignature[]): void {
  const missing = missingParties(guardianRequired, signatures);
  if (missing.length) throw new AgreementNotSignedError(missing);
}

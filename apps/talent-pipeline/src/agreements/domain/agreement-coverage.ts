import { AgreementPlacementKind, AgreementStatus } from '@app/contracts';

export interface CoverableAgreement {
  status: AgreementStatus;
  period: { from: string; to: string };
  placementKinds: readonly AgreementPlacementKind[];
}

/** `YYYY-MM-DD` of a date in UTC, the calendar the agreement periods are written in. */
export function calendarDateOf(date: Date | string): string {
  return typeof date === 'string' ? date.slice(0, 10) : date.toISOString().slice(0, 10);
}

/**
 * Whether the agreement allows a placement of `kind` on `date`: it must be active (not a
 * draft, not suspended) and the date must fall within its period, both ends included.
 */
export function agreementCovers(agreement: CoverableAgreement, kind: AgreementPlacementKind, date: Date | string): boolean {
  const day = calendarDateOf(date);
  return (
    agreement.status === 'active' && agreement.placementKinds.includes(kind) && agreement.period.from <= day && day <= agreement.period.to
  );
}

import { AGREEMENT_STATUSES, AgreementStatus } from '@app/contracts';

export { AGREEMENT_STATUSES };
export type { AgreementStatus };

/**
 * draft -> active -> suspended | terminated | expired. A suspension can be lifted (back to
 * active) or end the agreement; a draft that is never signed can be terminated. Terminated
 * and expired are final: a renewed cooperation is a new agreement with its own period.
 */
const ALLOWED: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ['active', 'terminated'],
  active: ['suspended', 'terminated', 'expired'],
  suspended: ['active', 'terminated', 'expired'],
  terminated: [],
  expired: [],
};

export class IllegalAgreementTransitionError extends Error {
  constructor(
    readonly from: AgreementStatus,
    readonly to: AgreementStatus,
  ) {
    super(`an agreement cannot go from ${from} to ${to}; allowed from ${from}: ${ALLOWED[from].join(', ') || 'none (final status)'}`);
  }
}

export function canTransitionAgreement(from: AgreementStatus, to: AgreementStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function assertAgreementTransition(from: AgreementStatus, to: AgreementStatus): void {
  if (!canTransitionAgreement(from, to)) throw new IllegalAgreementTransitionError(from, to);
}

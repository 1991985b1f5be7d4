import { AgreementParty, AgreementSignature, missingParties } from './agreement-sign-off';
import { PlacementStatus } from './placement-lifecycle';

/** What an ERP's start of a placement can do to it now (ADR 0079). */
export type ErpStartDecision =
  | { kind: 'start' }
  /** Not `accepted`: not yet accepted, or started or ended already. */
  | { kind: 'wrong-status'; reason: string }
  /** Accepted, but the three-party agreement lacks signatures: the start waits for them. */
  | { kind: 'unsigned'; missing: AgreementParty[]; reason: string };

/**
 * decide: an ERP start applies only to an `accepted` placement whose agreement every required
 * party signed (school, enterprise, and the student or, for a minor, the guardian): the platform
 * gates `active` on those signatures, which an HR system cannot give.
 */
export function decideErpStart(placement: {
  _id: string;
  status: PlacementStatus;
  guardianRequired?: boolean;
  agreement?: { signatures: AgreementSignature[] };
}): ErpStartDecision {
  if (placement.status !== 'accepted') {
    return { kind: 'wrong-status', reason: `placement ${placement._id} is ${placement.status} and cannot be started` };
  }
  const missing = missingParties(placement.guardianRequired ?? false, placement.agreement?.signatures ?? []);
  if (!missing.length) return { kind: 'start' };
  return {
    kind: 'unsigned',
    missing,
    reason: `placement ${placement._id} cannot be started yet: the placement agreement lacks the signatures of ${missing.join(', ')}`,
  };
}

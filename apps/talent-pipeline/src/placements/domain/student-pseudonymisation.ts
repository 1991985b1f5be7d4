import { PlacementDocument } from '../placement.document';

/** What stands in for an erased value that a record must keep (e.g. who signed an agreement). */
export const ERASED = '[erased]';

/** Fields of a placement that erasure rewrites; everything else is kept for reports and proof. */
export const PSEUDONYMISED_PLACEMENT_FIELDS = [
  'agreement.signatures.signedBy (student, guardian)',
  'evaluations.comment',
  'endOfPlacement.reason',
  'scheduledEnd.reason',
] as const;

/**
 * Free text about the student that a placement would take after the student's erasure (an end
 * reason, an evaluation comment, an attendance note): not kept, as the erasure removed the earlier
 * ones; `undefined` then. A redelivered erasure changes nothing more once the placement is
 * pseudonymised, so what it takes later must not bring such text back.
 */
export function studentText<T>(placement: { studentPseudonymisedAt?: Date }, text: T | undefined): T | undefined {
  return placement.studentPseudonymisedAt ? undefined : text;
}

/** Who signed for the student or guardian after the student's erasure: `[erased]`, as erasure leaves the earlier signers. */
export function signerName(placement: { studentPseudonymisedAt?: Date }, party: string, signedBy: string): string {
  return placement.studentPseudonymisedAt && (party === 'student' || party === 'guardian') ? ERASED : signedBy;
}

/**
 * The changes that pseudonymise a placement after its student's erasure: the student's and
 * guardian's signer names become `[erased]` (the signature's party and time stay as proof),
 * evaluation comments and the free-text end reason (also of a scheduled end) are removed; scores, hours, status,
 * history and the student id (now a bare pseudonym) stay, so reports count the placement.
 * Applying it twice changes nothing more.
 */
export function pseudonymisedPlacement(placement: PlacementDocument, at: Date): Partial<PlacementDocument> {
  if (placement.studentPseudonymisedAt) return {};
  const set: Partial<PlacementDocument> = { studentPseudonymisedAt: at };
  if (placement.agreement) {
    set.agreement = {
      ...placement.agreement,
      signatures: placement.agreement.signatures.map((s) =>
        s.party === 'student' || s.party === 'guardian' ? { ...s, signedBy: ERASED } : s,
      ),
    };
  }
  if (placement.evaluations) set.evaluations = placement.evaluations.map(({ comment: _comment, ...kept }) => kept);
  if (placement.endOfPlacement) {
    const { reason: _reason, ...kept } = placement.endOfPlacement;
    set.endOfPlacement = kept;
  }
  if (placement.scheduledEnd) {
    // Applied later, the end then reaches the school without the reason.
    const { reason: _reason, ...kept } = placement.scheduledEnd;
    set.scheduledEnd = kept;
  }
  return set;
}

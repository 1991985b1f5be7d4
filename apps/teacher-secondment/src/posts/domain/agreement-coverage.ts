import { agreementCoversProgramme, AgreementProgramme, AgreementStatus } from '@app/contracts';

export interface CopiedAgreement {
  _id: string;
  schoolId: string;
  enterpriseId: string;
  status: AgreementStatus;
  period: { from: string; to: string };
  /** The programmes the agreement states; absent on agreements recorded without them. */
  programmes?: readonly AgreementProgramme[];
  placementKinds: readonly string[];
  scope: string;
}

type Pair = { schoolId: string; enterpriseId: string };
type Period = { start: string; end: string };

/** Active, between exactly these two partners, and running over the whole period (both ends included). */
function framesPeriod(agreement: CopiedAgreement, pair: Pair, period: Period): boolean {
  return (
    agreement.status === 'active' &&
    agreement.schoolId === pair.schoolId &&
    agreement.enterpriseId === pair.enterpriseId &&
    agreement.period.from <= period.start &&
    period.end <= agreement.period.to
  );
}

/**
 * Whether a copied cooperation agreement covers a teacher secondment between this school and
 * this enterprise over `period` (ADR 0023 and its amendment): it must be active, be between
 * exactly these two partners, run over the whole period and cover the `secondments`
 * programme. An agreement that lists its `programmes` covers secondments only when it lists
 * `secondments`; one recorded without them covers secondments, as every agreement did before
 * the field existed.
 */
export function agreementCoversSecondment(agreement: CopiedAgreement, pair: Pair, period: Period): boolean {
  return framesPeriod(agreement, pair, period) && agreementCoversProgramme(agreement, 'secondments');
}

export function coveringAgreement<A extends CopiedAgreement>(agreements: readonly A[], pair: Pair, period: Period): A | undefined {
  return agreements.find((agreement) => agreementCoversSecondment(agreement, pair, period));
}

/**
 * Why no agreement covers the secondment: `no-active-agreement` when no active agreement of the
 * pair runs over the period, `secondments-not-listed` when some do but each lists programmes
 * without `secondments` (those are returned, to name them in the refusal).
 */
export type SecondmentCoverage<A> =
  | { covered: true; agreement: A }
  | { covered: false; reason: 'no-active-agreement' }
  | { covered: false; reason: 'secondments-not-listed'; agreements: A[] };

export function secondmentCoverage<A extends CopiedAgreement>(agreements: readonly A[], pair: Pair, period: Period): SecondmentCoverage<A> {
  const framing = agreements.filter((agreement) => framesPeriod(agreement, pair, period));
  const covering = framing.find((agreement) => agreementCoversProgramme(agreement, 'secondments'));
  if (covering) return { covered: true, agreement: covering };
  if (framing.length === 0) return { covered: false, reason: 'no-active-agreement' };
  return { covered: false, reason: 'secondments-not-listed', agreements: framing };
}

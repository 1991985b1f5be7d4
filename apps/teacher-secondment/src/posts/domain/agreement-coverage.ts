import { AgreementStatus } from '@app/contracts';

export interface CopiedAgreement {
  _id: string;
  schoolId: string;
  enterpriseId: string;
  status: AgreementStatus;
  period: { from: string; to: string };
}

/**
 * Whether a copied cooperation agreement covers a teacher secondment between this school and
 * this enterprise over `period` (ADR 0023): it must be active, be between exactly these two
 * partners, and run over the whole period. Agreements carry no secondment kind (their
 * placementKinds are for students), so an active agreement of the pair covers secondments.
 */
export function agreementCoversSecondment(
  agreement: CopiedAgreement,
  pair: { schoolId: string; enterpriseId: string },
  period: { start: string; end: string },
): boolean {
  return (
    agreement.status === 'active' &&
    agreement.schoolId === pair.schoolId &&
    agreement.enterpriseId === pair.enterpriseId &&
    agreement.period.from <= period.start &&
    period.end <= agreement.period.to
  );
}

export function coveringAgreement<A extends CopiedAgreement>(
  agreements: readonly A[],
  pair: { schoolId: string; enterpriseId: string },
  period: { start: string; end: string },
): A | undefined {
  return agreements.find((agreement) => agreementCoversSecondment(agreement, pair, period));
}

import { AgreementDocument } from './agreement.document';

/** The agreement as the API shows it: no outbox, no dedupe bookkeeping. */
export function agreementView(agreement: AgreementDocument) {
  const { _id, schoolId, enterpriseId, scope, period, placementKinds, programmes, status, history, createdAt, version } = agreement;
  return {
    id: _id,
    schoolId,
    enterpriseId,
    scope,
    period,
    placementKinds,
    ...(programmes ? { programmes } : {}),
    status,
    history,
    createdAt,
    version,
  };
}

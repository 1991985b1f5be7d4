import { AgreementDocument } from './agreement.document';
import { AgreementView } from './agreement.response';

/** The agreement as the API shows it: no outbox, no dedupe bookkeeping. */
export function agreementView(agreement: AgreementDocument): AgreementView {
  const { _id, schoolId, enterpriseId, scope, period, placementKinds, programmes, status, history, createdAt, version } = agreement;
  return {
    id: _id,
    schoolId,
    enterpriseId,
    scope,
    period: { from: period.from, to: period.to },
    placementKinds,
    ...(programmes ? { programmes } : {}),
    status,
    history: history.map((entry) => ({
      status: entry.status,
      at: entry.at.toISOString(),
      ...(entry.reason ? { reason: entry.reason } : {}),
    })),
    createdAt: createdAt.toISOString(),
    version,
  };
}

import { RequisitionDocument } from './requisition.document';

/** The public shape of a requisition (no outbox or dedupe bookkeeping). */
export function requisitionView(r: RequisitionDocument) {
  return {
    id: r._id,
    enterpriseId: r.enterpriseId,
    role: r.role,
    skills: r.skills,
    headcount: r.headcount,
    kind: r.kind,
    period: r.period,
    location: r.location,
    status: r.status,
    ...(r.erp ? { erp: r.erp } : {}),
    history: r.history,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

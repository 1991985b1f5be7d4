import { RequisitionDocument } from './requisition.document';
import { RequisitionView } from './requisition.response';

/** The public shape of a requisition (no outbox or dedupe bookkeeping); its type is the documented schema's. */
export function requisitionView(r: RequisitionDocument): RequisitionView {
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
    history: r.history.map((h) => ({ status: h.status, at: h.at.toISOString(), cause: h.cause })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

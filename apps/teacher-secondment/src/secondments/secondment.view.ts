import { countersignedHours } from './domain/secondment-lifecycle';
import { SecondmentDocument } from './secondment.document';
import { SecondmentView } from './secondment.response';

/** The secondment as every secondment answer carries it; its type is the documented schema's, so the two cannot drift apart. */
export function secondmentView(s: SecondmentDocument): SecondmentView {
  return {
    id: s._id,
    teacherId: s.teacherId,
    schoolId: s.schoolId,
    enterpriseId: s.enterpriseId,
    postId: s.postId,
    mentor: s.mentor,
    status: s.status,
    period: s.period,
    approvals: s.approvals,
    startedOn: s.startedOn ?? null,
    endedOn: s.endedOn ?? null,
    reason: s.reason ?? null,
    logs: s.logs,
    countersignedHours: countersignedHours(s),
    evaluation: s.evaluation ?? null,
    deliverables: s.deliverables,
    requestedBy: s.requestedBy,
    createdAt: s.createdAt.toISOString(),
    version: s.version,
  };
}

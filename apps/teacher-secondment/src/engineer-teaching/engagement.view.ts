import { EngagementDocument } from './engagement.document';
import { EngagementView } from './engagement.response';

/** The engagement as every engineer-teaching answer carries it; its type is the documented schema's, so the two cannot drift apart. */
export function engagementView(e: EngagementDocument): EngagementView {
  return {
    id: e._id,
    version: e.version,
    enterpriseId: e.enterpriseId,
    schoolId: e.schoolId,
    engineerId: e.engineerId,
    engineerName: e.engineerName,
    course: e.course,
    module: e.module,
    hours: e.hours,
    period: e.period,
    status: e.status,
    reportedBy: e.reportedBy,
    decidedBy: e.decidedBy,
    decidedAt: e.decidedAt?.toISOString(),
    disputeReason: e.disputeReason,
    createdAt: e.createdAt.toISOString(),
  };
}

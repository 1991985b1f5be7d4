import { PostDocument } from './post.document';
import { PostView } from './post.response';

/** The post as every post answer carries it; its type is the documented schema's, so the two cannot drift apart. */
export function postView(p: PostDocument): PostView {
  return {
    id: p._id,
    enterpriseId: p.enterpriseId,
    schoolId: p.schoolId,
    agreementId: p.agreementId,
    role: p.role,
    tasks: p.tasks,
    mentor: p.mentor,
    location: p.location,
    period: p.period,
    skills: p.skills,
    capacity: p.capacity,
    seatsTaken: p.seatsTaken,
    seatsFree: p.seatsFree,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
  };
}

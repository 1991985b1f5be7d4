import { SupervisorDocument } from './supervisor.document';
import { OfferedSupervisor, SupervisorView } from './supervisor.response';

/** The offer as a placement's readers see it (on a placement's `supervisorsAvailable`). */
export function offeredSupervisor(s: SupervisorDocument): OfferedSupervisor {
  return { teacherId: s._id, displayName: s.displayName, subject: s.subject, tier: s.tier, credentialId: s.credentialId };
}

/** The supervisor as GET /v1/supervisors lists it. */
export function supervisorView(s: SupervisorDocument): SupervisorView {
  return {
    teacherId: s._id,
    schoolId: s.schoolId,
    displayName: s.displayName,
    subject: s.subject,
    tier: s.tier,
    credentialId: s.credentialId,
    offeredAt: s.lastEventAt,
  };
}

import { OperatorCaller } from '@app/base';
/** Who is calling, from a verified credential; tenancy is read from here, never from the request. */
export type Principal =
  /** The operator, by its own key (OPERATOR_KEYS) or the shared ADMIN_API_TOKEN. */
  | { role: 'operator'; caller: OperatorCaller }
  | { role: 'school'; schoolId: string }
  | { role: 'enterprise'; enterpriseId: string }
  | { role: 'teacher'; teacherId: string; schoolId: string }
  /** A named mentor of the host enterprise, for the post(s) it mentors (ADR 0025 amendment). */
  | { role: 'mentor'; mentorId: string; enterpriseId: string; postIds: string[]; name: string; email?: string };

export type Role = Principal['role'];

/** How the principal is named in records of who did what. */
export function actorOf(principal: Principal): string {
  switch (principal.role) {
    case 'operator':
      // A named key says which operator; the shared token only that it was one.
      return principal.caller.via === 'operator-key' ? `operator:${principal.caller.operatorId}` : 'operator';
    case 'school':
      return `school:${principal.schoolId}`;
    case 'enterprise':
      return `enterprise:${principal.enterpriseId}`;
    case 'teacher':
      return `teacher:${principal.teacherId}`;
    case 'mentor':
      return `mentor:${principal.mentorId}`;
  }
}

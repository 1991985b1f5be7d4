import { OperatorCaller } from '@app/base';
import { z } from 'zod';

/** Who is calling, as established from a verified credential (never from the path or a header nobody signed). */
export type Principal =
  /** The operator, by its own key (OPERATOR_KEYS) or the shared ADMIN_API_TOKEN. */
  | { role: 'operator'; caller: OperatorCaller }
  | { role: 'enterprise'; enterpriseId: string }
  | { role: 'school'; schoolId: string }
  | { role: 'reviewer'; reviewerId: string };

export type Role = Principal['role'];

/** Reviewer ids key a proposal's reviews map, so they are restricted to a plain charset. */
export const REVIEWER_ID = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 _ -');

/**
 * Whose Idempotency-Key it is: keys are each caller's own (ADR 0083), so two partners sending the
 * same key never meet. An operator key is its operator's; the shared token is one caller.
 */
export function idempotencyCallerOf(principal: Principal): string {
  switch (principal.role) {
    case 'enterprise':
      return `enterprise:${principal.enterpriseId}`;
    case 'school':
      return `school:${principal.schoolId}`;
    case 'reviewer':
      return `reviewer:${principal.reviewerId}`;
    case 'operator':
      return principal.caller.via === 'operator-key' ? `operator:${principal.caller.operatorId}` : 'operator';
  }
}

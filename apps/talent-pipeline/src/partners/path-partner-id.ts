import { Request } from 'express';
import { ProblemException, uuidString } from '@app/base';

/**
 * The partner id a route's path names (`schoolId`, `enterpriseId`), checked before a guard compares
 * the caller's key with it: a malformed id is the documented 400 naming it, not another partner's
 * 403 (the route's ParseUuidParam runs only after the guards). Callers without a token stay 401.
 */
export function assertPathPartnerIdIsUuid(request: Request, param: 'schoolId' | 'enterpriseId'): void {
  if (uuidString().safeParse(request.params[param]).success) return;
  throw new ProblemException(400, 'invalid request', `\`${param}\` is not a UUID`, [{ field: param, message: 'must be a UUID' }]);
}

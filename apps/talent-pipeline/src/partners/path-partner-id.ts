import { Request } from 'express';
import { isUuid, uuidParamRefused } from '@app/base';

/**
 * The partner id a route's path names (`schoolId`, `enterpriseId`), checked before a guard compares
 * the caller's key with it: a malformed id is the documented 400 naming it, not another partner's
 * 403 (the route's ParseUuidParam runs only after the guards), and the same 400 that pipe answers.
 * Callers without a token stay 401.
 */
export function assertPathPartnerIdIsUuid(request: Request, param: 'schoolId' | 'enterpriseId'): void {
  if (isUuid(request.params[param])) return;
  throw uuidParamRefused(param);
}

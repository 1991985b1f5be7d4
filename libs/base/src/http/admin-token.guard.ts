import { CanActivate, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { bearerTokenOf } from './bearer-token';
import { admitOperator, operatorCallerOf, operatorKeysOf } from './operator-keys';
import { ProblemException } from './problem.exception';

/**
 * Operator endpoints: `Authorization: Bearer <key>` with an operator's own key (OPERATOR_KEYS)
 * or the shared ADMIN_API_TOKEN. The operator goes on the request (`operatorCallerOn`). A
 * service configured with neither refuses every call: the endpoints are closed, never open.
 */
export class AdminTokenGuard implements CanActivate {
  /** `config` is the service's configuration: ADMIN_API_TOKEN and OPERATOR_KEYS are read from it. */
  constructor(private readonly config: object) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerTokenOf(request);
    if (!token) throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <token>');
    const caller = operatorCallerOf(token, this.config);
    if (!caller) {
      const closed = !(this.config as { ADMIN_API_TOKEN?: unknown }).ADMIN_API_TOKEN && operatorKeysOf(this.config).length === 0;
      throw new ProblemException(
        403,
        'forbidden',
        closed
          ? 'operator endpoints are disabled: neither ADMIN_API_TOKEN nor an operator key (OPERATOR_KEYS, OPERATOR_KEYS_FILE) is set'
          : 'this token may not use operator endpoints',
      );
    }
    admitOperator(request, caller);
    return true;
  }
}

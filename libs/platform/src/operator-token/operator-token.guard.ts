import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { APP_CONFIG, bearerTokenOf, constantTimeEquals, ProblemException } from '@app/base';

/**
 * Operator endpoints every service carries: `Authorization: Bearer <ADMIN_API_TOKEN>`. A
 * service configured without ADMIN_API_TOKEN refuses every call (the endpoints are closed,
 * never open).
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly token?: string;

  constructor(@Inject(APP_CONFIG) config: object) {
    const token = (config as { ADMIN_API_TOKEN?: unknown }).ADMIN_API_TOKEN;
    this.token = typeof token === 'string' && token.length > 0 ? token : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const presented = bearerTokenOf(context.switchToHttp().getRequest<Request>());
    if (!presented) throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <token>');
    if (!this.token) throw new ProblemException(403, 'forbidden', 'operator endpoints are disabled: ADMIN_API_TOKEN is not set');
    if (!constantTimeEquals(presented, this.token))
      throw new ProblemException(403, 'forbidden', 'this token may not use operator endpoints');
    return true;
  }
}

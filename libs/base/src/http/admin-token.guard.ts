import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { ProblemException } from './problem.exception';

/** Operator endpoints: `Authorization: Bearer <ADMIN_API_TOKEN>`. */
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly adminToken: string) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearerTokenOf(context.switchToHttp().getRequest<Request>());
    if (!token) throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <token>');
    if (!constantTimeEquals(token, this.adminToken)) {
      throw new ProblemException(403, 'forbidden', 'this token may not use operator endpoints');
    }
    return true;
  }
}

export function bearerTokenOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

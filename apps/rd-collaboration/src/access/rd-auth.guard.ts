import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import { Request } from 'express';
import { admitOperator, bearerTokenOf, ProblemException } from '@app/base';
import { AccessService } from './access.service';
import { Principal, Role } from './principal';

const ROLES = 'rd-roles';

/**
 * The roles that may call a route (the operator always may). Finer checks (whose project) live in the services.
 * The same list, with the operator, is documented on each operation as `x-roles` (the effective list the guard
 * lets through). On a class it applies to every route without a @Roles of its own, as the guard reads it.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles), ApiExtension('x-roles', [...new Set<Role>(['operator', ...roles])]));

type RequestWithPrincipal = Request & { principal?: Principal };

@Injectable()
export class RdAuthGuard implements CanActivate {
  constructor(
    private readonly access: AccessService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerTokenOf(request);
    if (!token) throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <access key>');
    const principal = await this.access.authenticate(token);
    if (!principal) throw new ProblemException(401, 'invalid access key');
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]) ?? [];
    if (principal.role !== 'operator' && !allowed.includes(principal.role)) {
      throw new ProblemException(403, 'forbidden', `this route is not for the ${principal.role} role`);
    }
    if (principal.role === 'operator') admitOperator(request, principal.caller);
    request.principal = principal;
    return true;
  }
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<RequestWithPrincipal>().principal!,
);

import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import { Request } from 'express';
import { admitOperator, bearerTokenOf, ProblemException } from '@app/base';
import { AccessService } from './access.service';
import { Principal, Role } from './principal';

const ROLES = 'secondment:roles';

/**
 * The roles that may call a route (or every route of a controller), as the guard reads them and
 * as the OpenAPI document states them (`x-roles`). On a class, `ApiExtension` marks each route
 * that has no `x-roles` of its own, as `getAllAndOverride` lets a route's @Roles win. A route
 * without @Roles serves every role but the mentor (the guard's default): such routes name
 * that default explicitly, so every secured route documents who may call it.
 */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES, roles), ApiExtension('x-roles', roles));

/** The verified caller, as AuthGuard put it on the request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<Request & { principal: Principal }>().principal,
);

/**
 * `Authorization: Bearer <token>`: the operator's admin token or an API key of this service.
 * 401 without a valid one; 403 when the role may not use the route (for a mentor: any route
 * whose @Roles does not name it). Which records the role sees is the services' business
 * (another tenant's record is a 404).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly access: AccessService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const token = bearerTokenOf(request);
    if (!token) throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <API key or admin token>');
    const principal = await this.access.resolve(token);
    if (!principal) throw new ProblemException(401, 'invalid API key');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    // A mentor only reaches the routes that name it: a route without @Roles serves every other role, never a mentor.
    if ((roles && !roles.includes(principal.role)) || (!roles && principal.role === 'mentor')) {
      const allowed = roles?.join(', ') ?? 'operator, school, enterprise, teacher';
      throw new ProblemException(403, 'forbidden', `a ${principal.role} may not do this (allowed: ${allowed})`);
    }
    if (principal.role === 'operator') admitOperator(request, principal.caller);
    request.principal = principal;
    return true;
  }
}

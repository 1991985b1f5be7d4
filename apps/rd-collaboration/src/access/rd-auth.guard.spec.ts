import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@app/base';
import { AccessService } from './access.service';
import { Principal } from './principal';
import { RdAuthGuard, Roles } from './rd-auth.guard';

class Routes {
  @Roles('school')
  forSchools() {}

  @Roles()
  operatorOnly() {}
}

const KEYS: Record<string, Principal> = {
  rdk_school_a: { role: 'school', schoolId: 's-1' },
  rdk_enterprise_b: { role: 'enterprise', enterpriseId: 'e-1' },
  operator: { role: 'operator', caller: { via: 'shared-token', operatorKeysConfigured: false, permissions: ['read-personal-data'] } },
};

function contextFor(handler: keyof Routes, authorization?: string) {
  const request: Record<string, unknown> = { headers: authorization ? { authorization } : {} };
  const context = {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('RdAuthGuard', () => {
  const access = { authenticate: async (token: string) => KEYS[token] } as unknown as AccessService;
  const guard = new RdAuthGuard(access, new Reflector());
  const statusOf = async (handler: keyof Routes, authorization?: string) => {
    try {
      await guard.canActivate(contextFor(handler, authorization).context);
      return 200;
    } catch (error) {
      return (error as ProblemException).getStatus();
    }
  };

  it('answers 401 without a bearer token or with an unknown one', async () => {
    expect(await statusOf('forSchools')).toBe(401);
    expect(await statusOf('forSchools', 'Basic abc')).toBe(401);
    expect(await statusOf('forSchools', 'Bearer rdk_school_forged')).toBe(401);
  });

  it('answers 403 to a role the route is not for', async () => {
    expect(await statusOf('forSchools', 'Bearer rdk_enterprise_b')).toBe(403);
    expect(await statusOf('operatorOnly', 'Bearer rdk_school_a')).toBe(403);
  });

  it('lets the route’s roles and the operator through, with the principal taken from the key alone', async () => {
    const { context, request } = contextFor('forSchools', 'Bearer rdk_school_a');
    expect(await guard.canActivate(context)).toBe(true);
    expect(request.principal).toEqual({ role: 'school', schoolId: 's-1' });
    expect(await statusOf('operatorOnly', 'Bearer operator')).toBe(200);
  });
});

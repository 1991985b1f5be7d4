import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { assertOperatorMayReadPersonalData, operatorCallerOn, ProblemException } from '@app/base';
import { AccessLogService } from './access-log.service';
import { operatorAccessOf } from './domain/operator-headers';
import { peopleRead, PeopleReadOptions } from './domain/people-read';
import { notedPeopleOf } from './note-people-read';

export const PEOPLE_READ = Symbol('operator-access:people-read');

/**
 * On operator routes that return personal data: refuses a key without the permission to read
 * personal data (403, ADR 0078), a request without the operator identity and reason headers
 * (400 naming the header; an operator key is its own identity) or, once operators have keys of
 * their own, one made with the shared token (403), before the handler runs, and logs who read
 * which people's data, why and when before the answer leaves. A refused request logs nothing. If the log cannot be
 * written, the request fails and nothing is shown. Guards run first: on a route only the
 * operator may call, everyone who reaches this is the operator; on a route several roles
 * share, the guard's `principal` tells, and other callers pass untouched.
 */
@Injectable()
export class OperatorAccessInterceptor implements NestInterceptor {
  constructor(
    private readonly accessLog: AccessLogService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!isOperator(req)) return next.handle();
    const caller = operatorCallerOn(req);
    assertOperatorMayReadPersonalData(caller);
    if (caller?.via === 'shared-token' && caller.operatorKeysConfigured) {
      // Operators have keys of their own here: a read the log must attribute needs one.
      throw new ProblemException(
        403,
        'forbidden',
        'operator reads of personal data need an operator key of your own (OPERATOR_KEYS is set); the shared token may not make them',
      );
    }
    const access = operatorAccessOf(req.headers, caller);
    if (Array.isArray(access)) {
      throw new ProblemException(400, 'invalid request', 'operator reads of personal data name the operator and the reason', access);
    }
    const options = this.reflector.get<PeopleReadOptions | undefined>(PEOPLE_READ, context.getHandler());
    return next.handle().pipe(
      switchMap((answer) =>
        from(
          this.accessLog
            .record(access, {
              route: `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`,
              path: req.originalUrl.split('?')[0],
              people: peopleRead(req.params as Record<string, string>, answer, options, notedPeopleOf(req)),
              requestId: String(req.id),
            })
            .then(() => answer),
        ),
      ),
    );
  }
}

/** The secondment and R&D guards put `{role}` on the request; the talent pipeline's operator-only guards put nothing. */
function isOperator(req: Request): boolean {
  const principal = (req as Request & { principal?: { role?: unknown } }).principal;
  return principal === undefined || principal.role === 'operator';
}

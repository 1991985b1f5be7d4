import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { ProblemException } from '@app/base';
import { AccessLogService } from './access-log.service';
import { operatorAccessOf } from './domain/operator-headers';
import { studentsInAnswer } from './domain/students-in-answer';

export const STUDENT_PARAM = Symbol('operator-access:student-param');

/**
 * On operator routes that return students' personal data: refuses a request without the
 * operator identity and reason headers (400 naming the header) before the handler runs, and
 * logs who read which students' data, why and when before the answer leaves. If the log
 * cannot be written, the request fails and nothing is shown. Guards run first, so only the
 * operator ever reaches this.
 */
@Injectable()
export class OperatorAccessInterceptor implements NestInterceptor {
  constructor(
    private readonly accessLog: AccessLogService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const access = operatorAccessOf(req.headers);
    if (Array.isArray(access)) {
      throw new ProblemException(400, 'invalid request', 'operator reads of personal data name the operator and the reason', access);
    }
    const studentParam = this.reflector.get<string | undefined>(STUDENT_PARAM, context.getHandler());
    return next.handle().pipe(
      switchMap((answer) =>
        from(
          this.accessLog
            .record(access, {
              route: `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`,
              path: req.originalUrl.split('?')[0],
              studentIds: studentsInAnswer(req.params as Record<string, string>, answer, studentParam),
              requestId: String(req.id),
            })
            .then(() => answer),
        ),
      ),
    );
  }
}

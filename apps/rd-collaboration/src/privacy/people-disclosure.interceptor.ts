import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { from, mergeMap, Observable } from 'rxjs';
import { Principal } from '../access/principal';
import { PrivacyService } from './privacy.service';

/** `GET /v1/projects/{id}`: the route as documented, the purpose a disclosure names. */
export function routeOf(request: Request): string {
  const path = (request.route as { path?: string } | undefined)?.path ?? request.path;
  return `${request.method} ${path.replace(/:(\w+)/g, '{$1}')}`;
}

/**
 * On every route of a controller that answers with project or proposal views: redacts the
 * people the reader may not see and records what an enterprise was shown, so no route (read or
 * write) can forget the check.
 */
@Injectable()
export class PeopleDisclosureInterceptor implements NestInterceptor {
  constructor(private readonly privacy: PrivacyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          (async () => {
            if (request.principal) await this.privacy.present(request.principal, body, routeOf(request), String(request.id));
            return body;
          })(),
        ),
      ),
    );
  }
}

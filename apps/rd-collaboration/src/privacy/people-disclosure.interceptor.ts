import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { documentedRoute } from '@app/base';
import { Principal } from '../access/principal';
import { PrivacyService } from './privacy.service';

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
      mergeMap(async (body) => {
        if (request.principal) await this.privacy.present(request.principal, body, documentedRoute(request), String(request.id));
        return body;
      }),
    );
  }
}

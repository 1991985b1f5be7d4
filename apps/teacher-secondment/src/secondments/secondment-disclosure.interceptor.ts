import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { documentedRoute } from '@app/base';
import { Principal } from '../access/principal';
import { SecondmentsService } from './secondments.service';

/**
 * On every secondment route: whatever the host enterprise is answered with (a read, or the
 * record after its own approval, countersignature or evaluation) is first withheld where the
 * teacher objects (ADR 0077), then recorded in the ledger as a disclosure of the teacher's
 * record. No route can forget either.
 */
@Injectable()
export class SecondmentDisclosureInterceptor implements NestInterceptor {
  constructor(private readonly secondments: SecondmentsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    return next.handle().pipe(
      mergeMap(async (body) => {
        // A mentor belongs to the host enterprise: what it is answered with is disclosed to the enterprise.
        if (request.principal?.role === 'enterprise' || request.principal?.role === 'mentor') {
          return this.secondments.answerHost(request.principal.enterpriseId, body, documentedRoute(request), String(request.id));
        }
        return body;
      }),
    );
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { bearerTokenOf, ProblemException } from '@app/base';
import { assertPathPartnerIdIsUuid } from './path-partner-id';
import { PartnersService } from './partners.service';

/**
 * Routes under /v1/schools/:schoolId/… take the school's own API key. A valid key of
 * another school gets 403: one school never sees another school's data.
 */
@Injectable()
export class SchoolAuthGuard implements CanActivate {
  constructor(private readonly partners: PartnersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerTokenOf(request);
    if (!token) throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <school API key>');
    assertPathPartnerIdIsUuid(request, 'schoolId');
    const school = await this.partners.schoolByApiKey(token);
    if (!school) throw new ProblemException(401, 'invalid API key');
    if (school._id !== request.params.schoolId) {
      throw new ProblemException(403, 'forbidden', 'this API key belongs to another school');
    }
    return true;
  }
}

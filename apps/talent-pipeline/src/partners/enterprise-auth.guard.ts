import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { bearerTokenOf, ProblemException } from '@app/base';
import { assertPathPartnerIdIsUuid } from './path-partner-id';
import { PartnersService } from './partners.service';

/**
 * Routes under /v1/enterprises/:enterpriseId/… take the enterprise's own API key; a valid
 * key of another enterprise gets 403.
 */
@Injectable()
export class EnterpriseAuthGuard implements CanActivate {
  constructor(private readonly partners: PartnersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerTokenOf(request);
    if (!token) throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <enterprise API key>');
    assertPathPartnerIdIsUuid(request, 'enterpriseId');
    const enterprise = await this.partners.enterpriseByApiKey(token);
    if (!enterprise) throw new ProblemException(401, 'invalid API key');
    if (enterprise._id !== request.params.enterpriseId) {
      throw new ProblemException(403, 'forbidden', 'this API key belongs to another enterprise');
    }
    return true;
  }
}

import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { admitOperator, APP_CONFIG, bearerTokenOf, operatorCallerOf } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { EnterpriseAuthGuard } from './enterprise-auth.guard';
import { PartnersService } from './partners.service';
import { assertPathPartnerIdIsUuid } from './path-partner-id';

/**
 * Routes under /v1/enterprises/:enterpriseId/… that the enterprise manages itself and the
 * operator may manage for it: the operator's token (or key), else the enterprise's own API key
 * checked as on the enterprise routes (a key of another enterprise 403; a school's key or none 401).
 * A token with an `enterpriseId` that is not a UUID is a 400 naming it, whoever the caller.
 */
@Injectable()
export class EnterpriseOrOperatorGuard implements CanActivate {
  private readonly enterpriseKey: EnterpriseAuthGuard;

  constructor(
    partners: PartnersService,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
  ) {
    this.enterpriseKey = new EnterpriseAuthGuard(partners);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerTokenOf(request);
    // Whoever the caller, before its key is compared with the id. Without a token the answer stays 401.
    if (token) assertPathPartnerIdIsUuid(request, 'enterpriseId');
    const operator = token ? operatorCallerOf(token, this.config) : undefined;
    if (operator) {
      admitOperator(request, operator);
      return true;
    }
    return this.enterpriseKey.canActivate(context);
  }
}

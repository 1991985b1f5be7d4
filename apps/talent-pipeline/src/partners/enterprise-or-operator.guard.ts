import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { admitOperator, APP_CONFIG, bearerTokenOf, operatorCallerOf } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { EnterpriseAuthGuard } from './enterprise-auth.guard';
import { PartnersService } from './partners.service';

/**
 * Routes under /v1/enterprises/:enterpriseId/… that the enterprise manages itself and the
 * operator may manage for it: the operator's token (or key), else the enterprise's own API key
 * checked as on the enterprise routes (a key of another enterprise 403; a school's key or none 401).
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
    const operator = token ? operatorCallerOf(token, this.config) : undefined;
    if (operator) {
      admitOperator(request, operator);
      return true;
    }
    return this.enterpriseKey.canActivate(context);
  }
}

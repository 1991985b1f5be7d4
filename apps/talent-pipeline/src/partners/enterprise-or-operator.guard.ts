import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { admitOperator, APP_CONFIG, bearerTokenOf, operatorCallerOf, ProblemException } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { PartnersService } from './partners.service';

/**
 * Routes under /v1/enterprises/:enterpriseId/… that the enterprise manages itself and the
 * operator may manage for it: the operator's token (or key), or the enterprise's own API key; a
 * valid key of another enterprise gets 403, anything else (a school's key) 401, as on the
 * enterprise routes.
 */
@Injectable()
export class EnterpriseOrOperatorGuard implements CanActivate {
  constructor(
    private readonly partners: PartnersService,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerTokenOf(request);
    if (!token) {
      throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <enterprise API key or operator token>');
    }
    const operator = operatorCallerOf(token, this.config);
    if (operator) {
      admitOperator(request, operator);
      return true;
    }
    const enterprise = await this.partners.enterpriseByApiKey(token);
    if (!enterprise) throw new ProblemException(401, 'invalid API key');
    if (enterprise._id !== request.params.enterpriseId) {
      throw new ProblemException(403, 'forbidden', 'this API key belongs to another enterprise');
    }
    return true;
  }
}

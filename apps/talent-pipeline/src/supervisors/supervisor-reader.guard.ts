import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { admitOperator, APP_CONFIG, assertOperatorMayReadPersonalData, bearerTokenOf, operatorCallerOf, ProblemException } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { PartnersService } from '../partners/partners.service';

export type SupervisorReader = { kind: 'operator' } | { kind: 'school'; schoolId: string } | { kind: 'enterprise'; enterpriseId: string };

/**
 * Who may list supervisors: the operator token, a school's or an enterprise's API key; the reader
 * goes on the request. The list names teachers, so an operator key without the permission to read
 * personal data is refused (403, ADR 0078).
 */
@Injectable()
export class SupervisorReaderGuard implements CanActivate {
  constructor(
    private readonly partners: PartnersService,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { supervisorReader?: SupervisorReader }>();
    const token = bearerTokenOf(request);
    if (!token)
      throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <operator token or partner API key>');
    const operator = operatorCallerOf(token, this.config);
    if (operator) {
      admitOperator(request, operator);
      assertOperatorMayReadPersonalData(operator);
      request.supervisorReader = { kind: 'operator' };
      return true;
    }
    const school = await this.partners.schoolByApiKey(token);
    if (school) {
      request.supervisorReader = { kind: 'school', schoolId: school._id };
      return true;
    }
    const enterprise = await this.partners.enterpriseByApiKey(token);
    if (enterprise) {
      request.supervisorReader = { kind: 'enterprise', enterpriseId: enterprise._id };
      return true;
    }
    throw new ProblemException(401, 'invalid API key');
  }
}

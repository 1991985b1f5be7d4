import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { type: 'object' } } } });

/** Routes behind RdAuthGuard: an rd-collaboration access key or the operator token. */
export const RdAuth = (who: string) =>
  applyDecorators(
    ApiBearerAuth(),
    problem(401, 'No bearer token, or not a key issued by this service (`rdk_…`) nor the operator token.'),
    problem(
      403,
      `Only ${who} may do this. On reads logged in the operator access log also: an operator key without the permission to read personal data (\`:no-personal-data\`, ADR 0078), or the shared token once operator keys exist.`,
    ),
  );

export const ApiInvalid = (description = 'A field is invalid; `errors` names each field. Nothing is stored.') => problem(400, description);
export const ApiNotFound = (description: string) => problem(404, `${description} (also for resources of other tenants).`);
export const ApiConflict = (description: string) => problem(409, description);
export const ApiUnprocessable = (description: string) => problem(422, description);

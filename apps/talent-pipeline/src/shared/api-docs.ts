import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiExtraModels,
  ApiHeader,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

/**
 * OpenAPI documentation helpers for the talent pipeline's controllers. Decorators only: they
 * describe what the guards, pipes and ProblemDetailsFilter already do and change no behaviour.
 */

/** One entry of a problem's `errors`: the offending field and what is wrong with it. */
export class FieldErrorDoc {
  @ApiProperty({ example: 'data.hireDate', description: 'Path of the field; `[i].` prefixes the event of a batch.' })
  field: string;

  @ApiProperty({ example: 'Invalid ISO date' })
  message: string;
}

/** An RFC 9457 problem, as ProblemDetailsFilter renders every HTTP error. */
export class ProblemDetailsDoc {
  @ApiProperty({ example: 'about:blank' })
  type: string;

  @ApiProperty({ example: 'invalid request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiPropertyOptional({ example: 'one or more fields are invalid' })
  detail?: string;

  @ApiProperty({ example: '/v1/placements', description: 'The request path.' })
  instance: string;

  @ApiPropertyOptional({
    type: [FieldErrorDoc],
    description: 'Each invalid field. Some problems add extension members, e.g. `missingParties` or `purpose`.',
  })
  errors?: FieldErrorDoc[];
}

/** An error response with an `application/problem+json` body. */
export function ApiProblem(status: number, description: string) {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDoc, FieldErrorDoc),
    ApiResponse({
      status,
      description,
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDoc) } } },
    }),
  );
}

/** The 400 every route with a body, a query or a UUID path parameter can answer. */
export const ApiInvalidRequest = (description = 'A field, query parameter or path id is invalid; `errors` names each field.') =>
  ApiProblem(400, description);

/**
 * Who may call a route, machine-readable (`x-roles`, as in the two other services): `operator`,
 * `school` (its own API key, for its own `schoolId`), `enterprise` (likewise).
 */
export const ApiRoles = (...roles: ('operator' | 'school' | 'enterprise')[]) => ApiExtension('x-roles', roles);

/** Operator endpoints (AdminGuard): `Authorization: Bearer <ADMIN_API_TOKEN>`. */
export const OperatorAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiRoles('operator'),
    ApiProblem(401, 'Operator endpoint: no `Authorization: Bearer <ADMIN_API_TOKEN>` header.'),
    ApiProblem(
      403,
      'The bearer token is not the operator token. On reads of personal data (logged in the operator access log) also: an operator ' +
        'key without the permission to read personal data (its entry ends with `:no-personal-data`, ADR 0078), or the shared token ' +
        'once operator keys exist (ADR 0073).',
    ),
  );

/** School endpoints (SchoolAuthGuard): the school's own API key, `sk_school_…`. */
export const SchoolAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiRoles('school'),
    ApiProblem(401, "School endpoint: no bearer token, or not a registered school's API key (`sk_school_…`)."),
    ApiProblem(403, 'The API key belongs to another school than `schoolId`.'),
  );

/** Enterprise endpoints (EnterpriseAuthGuard): the enterprise's own API key, `sk_enterprise_…`. */
export const EnterpriseAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiRoles('enterprise'),
    ApiProblem(401, "Enterprise endpoint: no bearer token, or not a registered enterprise's API key (`sk_enterprise_…`)."),
    ApiProblem(403, 'The API key belongs to another enterprise than `enterpriseId`.'),
  );

/**
 * Enterprise routes the operator may call for the enterprise (EnterpriseOrOperatorGuard): the
 * enterprise's own API key or the operator's token or key.
 */
export const EnterpriseOrOperatorAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiRoles('enterprise', 'operator'),
    ApiProblem(
      401,
      "No bearer token, or neither a registered enterprise's API key (`sk_enterprise_…`) nor the operator's token or key (a school's key).",
    ),
    ApiProblem(
      403,
      'The API key belongs to another enterprise than `enterpriseId`, or an operator key sent an `X-Operator-Id` naming another operator.',
    ),
  );

/**
 * ERP endpoints: no bearer token; the enterprise's ERP signs the raw body per Standard
 * Webhooks with the `whsec_` secret returned at its registration.
 */
export const ErpSignedRequest = () =>
  applyDecorators(
    ApiHeader({ name: 'x-enterprise-id', required: true, description: 'The registered enterprise sending the request (its id).' }),
    ApiHeader({ name: 'webhook-id', required: true, description: 'Unique message id (Standard Webhooks).' }),
    ApiHeader({
      name: 'webhook-timestamp',
      required: true,
      description: 'Unix seconds; must be within ERP_SIGNATURE_TOLERANCE_SECONDS (default 300) of now.',
    }),
    ApiHeader({
      name: 'webhook-signature',
      required: true,
      description:
        '`v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{raw body}">` keyed with the enterprise\'s whsec_ secret; ' +
        'several space-separated signatures are accepted during key rotation.',
    }),
    ApiProblem(401, 'Unknown `x-enterprise-id`, missing headers, a signature that does not verify, or a stale timestamp.'),
  );

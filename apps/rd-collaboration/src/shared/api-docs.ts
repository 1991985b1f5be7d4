import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';

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

/** What a 422 says of an Idempotency-Key used before with another request (ADR 0083). */
export const KEY_REUSED = 'The Idempotency-Key was already used by the caller with another request (`errors` names `Idempotency-Key`).';

/**
 * The optional Idempotency-Key of a creating POST (ADR 0083): `what` says what a retry with the same
 * key does. A malformed key is a 400, the key used before with another request a 422; both name it.
 */
export const ApiIdempotencyKey = (what: string) =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      `${what} A key is the caller's own (another partner's same key is another request), 1-200 visible ASCII characters ` +
      '(else 400); the same key with another request is a 422. Both problems name `Idempotency-Key`.',
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
  });

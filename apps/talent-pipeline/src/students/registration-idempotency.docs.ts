import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse } from '@nestjs/swagger';
import { ETAG_RESPONSE_HEADER, openApiSchemaOf } from '@app/base';
import { ApiProblem } from '../shared/api-docs';
import { z } from 'zod';

/**
 * The Idempotency-Key of a student registration, and the answers it adds: `view`, the schema of
 * the route's student answer; `conflict`, the route's own 409, if any.
 */
export function ApiIdempotentRegistration(view: z.ZodType, conflict?: string) {
  const gone = 'The student registered with this Idempotency-Key was erased, is being erased, or moved to another school.';
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A retried POST with the same key answers the student its first attempt registered (200), never a second student. 1-200 visible ' +
        'ASCII characters, unique per student (not a row number that comes again); not personal data such as a name.',
    }),
    ApiOkResponse({
      description: 'A retry with an Idempotency-Key already used for the same request: the student it registered, as they are now.',
      schema: openApiSchemaOf(view),
      headers: ETAG_RESPONSE_HEADER,
    }),
    ApiProblem(409, conflict ? `${conflict} Or: ${gone}` : gone),
    ApiProblem(422, 'The Idempotency-Key was already used with another request.'),
  );
}

import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string', example: 'period.end' }, message: { type: 'string' } } },
    },
  },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'A field, query parameter or path id is invalid; `errors` names each field.',
  401: 'No bearer token, or not the operator token nor an API key of this service.',
  403: "The caller's role may not use this route. On reads logged in the operator access log also: an operator key without the permission to read personal data (`:no-personal-data`, ADR 0078), or the shared token once operator keys exist.",
  404: "No such record, or it belongs to another tenant (another tenant's records are not found, never forbidden).",
  409: 'The current state forbids this step (e.g. an illegal transition, a full post, an overlapping secondment, a request under the same Idempotency-Key still in progress).',
  422: 'The request can never be valid for this record (e.g. a date outside the period, no covering agreement, an Idempotency-Key the caller used before with another request).',
};

/** RFC 9457 problem responses, as ProblemDetailsFilter renders every error of this service. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } }),
    ),
  );
}

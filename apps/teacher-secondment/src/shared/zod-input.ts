import { z } from 'zod';
import { ProblemException } from '@app/base';

/**
 * Parses a request body or query with a zod schema before any code reads a field; a failure
 * is a 400 problem naming every offending field (`body.period.end`, `query.asOf`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' = 'body'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ProblemException(
    400,
    'invalid request',
    'one or more fields are invalid',
    result.error.issues.map((issue) => ({ field: [where, ...issue.path.map(String)].join('.'), message: issue.message })),
  );
}

/** A JSON schema of the zod schema's input form, for @ApiBody so /docs shows what is validated (answers: `openApiSchemaOf` of @app/base). */
export function openApiBodySchemaOf(schema: z.ZodType): Record<string, unknown> {
  const options = { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' } as const;
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, options) as Record<string, unknown>;
  return rest;
}

export const boundedText = (max: number) => z.string().trim().min(1).max(max);
export const calendarDate = z.iso.date();
/**
 * The dates compliance can be asked about. The engine counts in four-digit years: a window reaches
 * up to 20 years back and a lapse is looked for 25 years ahead, so a year like 0001 or 9999 would
 * leave the calendar and fail the request with a 500.
 */
export const complianceAsOf = calendarDate.refine((date) => date >= '1900-01-01' && date <= '2999-12-31', {
  message: 'must be between 1900-01-01 and 2999-12-31',
});
export const uuid = z.uuid();

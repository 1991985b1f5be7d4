import { z } from 'zod';
import { parseRequest, RequestPart } from '@app/base';

/**
 * Parses a request body or query with a zod schema before any code reads a field; a failure
 * is a 400 problem naming every offending field as every service does (`period.end`, `asOf`,
 * `(body)` for the whole body; ADR 0086).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: RequestPart = 'body'): z.infer<S> {
  return parseRequest(schema, value, where);
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

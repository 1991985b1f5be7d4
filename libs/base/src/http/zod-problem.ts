import { z } from 'zod';
import { FieldError, ProblemException } from './problem.exception';

/** The part of a request a schema parsed; it names an issue with the whole of it: `(body)`, `(query)`. */
export type RequestPart = 'body' | 'query';

/** The detail of every 400 that names invalid fields (the HTTP fuzzers look for it). */
export const INVALID_FIELDS_DETAIL = 'one or more fields are invalid';

/**
 * zod issues as field errors, named the one way every service names them (ADR 0086): the dotted
 * path class-validator and the event contracts use (`period.from`, `skills.2.label`), with no
 * `body.`/`query.` prefix; each unknown key on its own (`property extra should not exist`); and
 * `(body)` or `(query)` for an issue with the whole body or query (not an object, say).
 */
export function fieldErrorsOf(error: z.ZodError, where: RequestPart = 'body'): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: fieldPath([...issue.path, key]), message: `property ${key} should not exist` }));
    }
    return [{ field: fieldPath(issue.path) || `(${where})`, message: issue.message }];
  });
}

/** A zod failure as the 400 `invalid request` problem naming each field (see fieldErrorsOf). */
export function zodProblem(error: z.ZodError, where: RequestPart = 'body', detail = INVALID_FIELDS_DETAIL): ProblemException {
  return new ProblemException(400, 'invalid request', detail, fieldErrorsOf(error, where));
}

/**
 * Parses a request body or query with a zod schema before any code reads a field: the parsed
 * value, or a 400 problem naming every offending field (zodProblem). No body at all is parsed as `{}`.
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: RequestPart = 'body', detail?: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw zodProblem(result.error, where, detail);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

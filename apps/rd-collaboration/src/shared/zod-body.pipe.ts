import { PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import { ProblemException } from '@app/base';

/**
 * Parses a request body (or query) with a zod schema before any code reads a field; a failure
 * is a 400 problem naming each field. The global class-validator pipe skips these parameters
 * because their declared type is a plain type, not a class.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw new ProblemException(
      400,
      'invalid request',
      'one or more fields are invalid',
      result.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
    );
  }
}

/** The OpenAPI body of a route, generated from the same zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType, description?: string) {
  return ApiBody({ description, schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as object });
}

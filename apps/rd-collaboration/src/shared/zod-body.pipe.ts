import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import { parseRequest } from '@app/base';

/**
 * Parses a request body (or query) with a zod schema before any code reads a field; a failure
 * is a 400 problem naming each field as every service does (`budget.currency`, each unknown key
 * on its own, `(body)` or `(query)` for the whole; ADR 0086). The global class-validator pipe
 * skips these parameters because their declared type is a plain type, not a class.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata?: Pick<ArgumentMetadata, 'type'>): z.infer<S> {
    return parseRequest(this.schema, value, metadata?.type === 'query' ? 'query' : 'body');
  }
}

/** The OpenAPI body of a route, generated from the same zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType, description?: string) {
  return ApiBody({ description, schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as object });
}

import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { z } from 'zod';
import { FieldError, ProblemException } from './problem.exception';
import { illFormedTextPath } from '../text/ill-formed-text';
import { validatingSchemaOf } from './validated-by';

/**
 * Validates every parameter typed with a DTO class. A class bound to a zod schema with
 * @ValidatedBy is parsed by that schema, and the handler receives the parsed value; any
 * other class goes through class-validator. Either way unknown fields are rejected and each
 * error names its field.
 */
export class SchemaValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => invalidRequest(flatten(errors, '')),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Before any schema reads a field: such text would be stored altered (see ill-formed-text.ts).
    // Only what the client sent: a custom decorator's value (a principal, a request) is ours.
    const fromClient = metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param';
    const illFormedAt = fromClient ? illFormedTextPath(value, metadata.type === 'body' ? '' : (metadata.data ?? '')) : undefined;
    if (illFormedAt) throw invalidRequest([{ field: illFormedAt, message: 'text is not well-formed Unicode (a lone UTF-16 surrogate)' }]);
    const schema = validatingSchemaOf(metadata.metatype);
    if (!schema) return super.transform(value, metadata);
    // An empty request has no body at all; the schema then names each required field.
    const result = schema.safeParse(value === undefined && metadata.type === 'body' ? {} : value);
    if (!result.success) throw invalidRequest(fieldErrorsOf(result.error));
    return result.data;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new SchemaValidationPipe();
}

function invalidRequest(errors: FieldError[]): ProblemException {
  return new ProblemException(400, 'invalid request', 'one or more fields are invalid', errors);
}

/**
 * zod issues as field errors, with the dotted paths class-validator and the event contracts
 * use (`period.from`, `skills.2.label`); each unknown key is named on its own.
 */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: fieldPath([...issue.path, key]), message: `property ${key} should not exist` }));
    }
    return [{ field: fieldPath(issue.path) || '(body)', message: issue.message }];
  });
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from './problem.exception';
import { illFormedTextPath } from '../text/ill-formed-text';
import { validatingSchemaOf } from './validated-by';
import { INVALID_FIELDS_DETAIL, zodProblem } from './zod-problem';

/**
 * Validates every parameter typed with a DTO class. A class bound to a zod schema with
 * @ValidatedBy is parsed by that schema, and the handler receives the parsed value; any
 * other class goes through class-validator. Either way unknown fields are rejected and each
 * error names its field, as fieldErrorsOf names them (ADR 0086).
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
    if (!result.success) throw zodProblem(result.error, metadata.type === 'query' ? 'query' : 'body');
    return result.data;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new SchemaValidationPipe();
}

function invalidRequest(errors: FieldError[]): ProblemException {
  return new ProblemException(400, 'invalid request', INVALID_FIELDS_DETAIL, errors);
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

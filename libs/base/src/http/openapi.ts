import { INestApplication } from '@nestjs/common';
import { ApiResponseSchemaHost, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { operationsOf } from './openapi-operations';
import { withPersonalDataWritesDocumented } from './operator-personal-data-write';

/**
 * Serves the OpenAPI document at /docs (UI) and /docs-json (JSON); marked operator writes' 403s
 * name the permission they need, and every route reading a body documents the 415 of
 * jsonBodyOnlyMiddleware.
 */
export function setupOpenApi(app: INestApplication, title: string, description: string): void {
  const config = new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').addBearerAuth().build();
  const document = () => withNonJsonBodiesDocumented(withPersonalDataWritesDocumented(SwaggerModule.createDocument(app, config)));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** RFC 9457 problem details, as ProblemDetailsFilter and jsonBodyOnlyMiddleware write them. */
export const PROBLEM_DETAILS_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
  },
};

type OperationWithBody = { requestBody?: object; responses?: Record<string, { description?: string; content?: object }> };

/** Every operation that reads a body answers 415 to a body that is not JSON; a route's own 415 (ERP ingest) is kept. */
export function withNonJsonBodiesDocumented<T extends { paths: object }>(document: T): T {
  for (const operation of operationsOf<OperationWithBody>(document)) {
    if (!operation.requestBody) continue;
    const responses = (operation.responses ??= {});
    responses['415'] ??= {
      description:
        'The body is not JSON (its Content-Type is not application/json or another JSON type this service reads). Nothing was read.',
      content: { 'application/problem+json': { schema: PROBLEM_DETAILS_SCHEMA } },
    };
  }
  return document;
}

/** A zod schema as an OpenAPI 3.0 schema of what a response carries (its output form). */
export function openApiSchemaOf(schema: z.ZodType): ApiResponseSchemaHost['schema'] {
  const document = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' });
  return withNullInNullableEnums(document) as ApiResponseSchemaHost['schema'];
}

/**
 * OpenAPI 3.0.3: `nullable: true` does not widen an `enum`; null is allowed only when the enum
 * lists it. zod writes `.nullable()` of an enum as `nullable` beside the enum, which validators
 * (and the tests' answer check) read as "never null"; this lists null in such enums.
 */
function withNullInNullableEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullInNullableEnums);
  if (!node || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withNullInNullableEnums(value)]));
  if (copy.nullable === true && Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...copy.enum, null];
  return copy;
}

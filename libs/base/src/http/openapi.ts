import { INestApplication } from '@nestjs/common';
import { ApiResponseSchemaHost, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { withPersonalDataWritesDocumented } from './operator-personal-data-write';

/** Serves the OpenAPI document at /docs (UI) and /docs-json (JSON); marked operator writes' 403s name the permission they need. */
export function setupOpenApi(app: INestApplication, title: string, description: string): void {
  const config = new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').addBearerAuth().build();
  SwaggerModule.setup('docs', app, () => withPersonalDataWritesDocumented(SwaggerModule.createDocument(app, config)), {
    jsonDocumentUrl: 'docs-json',
  });
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

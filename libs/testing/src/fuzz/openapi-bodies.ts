import { Json } from './body-mutations';

/** The parts of an OpenAPI 3 document the fuzz suite reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
interface OpenApiOperation {
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: Json[];
  const?: Json;
  pattern?: string;
  example?: Json;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  /** A number in JSON Schema 2020-12 (an event contract's schema); a flag on `minimum` in OpenAPI 3.0. */
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

export interface BodyRoute {
  method: string;
  /** OpenAPI path template, e.g. /v1/placements/{id}/transitions. */
  path: string;
  contentTypes: string[];
  schema: JsonSchema;
  /** The documented schema of a JSON answer, by status, where the document has one. */
  responses: Record<string, JsonSchema>;
}

/** Every operation of the document that takes a request body. */
export function bodyRoutesOf(document: OpenApiDocument): BodyRoute[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => operation.requestBody)
      .map(([method, operation]) => {
        const content = operation.requestBody!.content;
        const responses = Object.fromEntries(
          Object.entries(operation.responses ?? {}).flatMap(([status, response]) => {
            const schema = response.content?.['application/json']?.schema;
            return schema ? [[status, schema]] : [];
          }),
        );
        return {
          method: method.toUpperCase(),
          path,
          contentTypes: Object.keys(content),
          schema: Object.values(content)[0].schema,
          responses,
        };
      }),
  );
}

/** Strings tried, in order, against a field's pattern (currency codes, country codes, slugs). */
const PATTERNED = ['CNY', 'CN', 'text', 'text-1', 'T1', '1'];

/** A string the pattern accepts, from a few likely shapes ('text' when none fits). */
export function patterned(pattern: string): string {
  return PATTERNED.find((candidate) => new RegExp(pattern, 'u').test(candidate)) ?? 'text';
}

/**
 * A body the schema accepts, built from its examples, enums and formats; `idFor` supplies
 * real ids by field name (schoolId, studentId...) so valid bodies reach deep into handlers.
 */
export function validBodyOf(schema: JsonSchema, document: OpenApiDocument, idFor: (field: string) => string | undefined): Json {
  const resolve = (s: JsonSchema): JsonSchema =>
    s.$ref ? resolve(document.components!.schemas![s.$ref.replace('#/components/schemas/', '')]) : s;

  const build = (raw: JsonSchema, field: string): Json => {
    const s = resolve(raw);
    if (s.oneOf) return build(s.oneOf[0], field);
    // A nullable field (zod's `.nullable()`): the value's own schema reaches further into the handler.
    if (s.anyOf) return build(s.anyOf.find((option) => resolve(option).type !== 'null') ?? s.anyOf[0], field);
    if (s.allOf) return Object.assign({}, ...s.allOf.map((part) => build(part, field) as object));
    const id = idFor(field);
    if (id && (s.type === 'string' || s.format === 'uuid')) return id;
    if (s.example !== undefined && !(s.type === 'object' && s.properties)) return s.example;
    if (s.const !== undefined) return s.const;
    if (s.enum?.length) return s.enum[0];
    switch (s.type) {
      case 'object': {
        const properties = s.properties ?? {};
        return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, build(property, name)]));
      }
      case 'array':
        return s.items ? [build(s.items, field)] : [];
      case 'integer':
      case 'number':
        return Math.max(1, s.minimum ?? 1);
      case 'boolean':
        return false;
      case 'string':
        if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
        if (s.format === 'date-time') return '2026-09-01T08:00:00Z';
        if (s.format === 'date') return '2026-09-01';
        if (s.format === 'email') return 'someone@example.com';
        if (s.format === 'uri') return 'https://example.com/evidence';
        if (s.pattern) return patterned(s.pattern);
        return 'text'.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength);
      default:
        return {};
    }
  };
  return build(schema, '');
}

import 'reflect-metadata';
import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';

const SCHEMA_KEY = Symbol('platform:zod-schema');
/** The hook @nestjs/swagger calls for property metadata (the one its CLI plugin generates). */
const OPENAPI_METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';

/** JSON Schema keywords carried into the OpenAPI document so it shows the bounds the schema enforces. */
const CONSTRAINT_KEYWORDS = [
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'pattern',
  'format',
  // A calendar day or a date-time (`dateOrDateTime`): both forms.
  'anyOf',
] as const;

/**
 * Binds a DTO class to the zod schema that validates it. The platform validation pipe parses
 * every parameter typed with such a class through the schema (and hands the handler the
 * parsed value), so no code reads a field the schema has not accepted. The class keeps its
 * @ApiProperty decorators for the OpenAPI document; the schema's bounds (maxLength, maxItems,
 * minimum...) are added to the document where a decorator does not state them.
 */
export function ValidatedBy(schema: z.ZodObject): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(SCHEMA_KEY, schema, target);
    const constraints = openApiConstraintsOf(schema);
    Object.defineProperty(target, OPENAPI_METADATA_FACTORY, { configurable: true, value: () => constraints });
    // A whole number: the property's TypeScript type (`number`) made its decorator say "number",
    // and a decorator's statement outranks the factory's, so this one is stated over it.
    for (const [name, property] of Object.entries(constraints)) {
      if (property.type === 'integer') ApiProperty({ type: 'integer' })(target.prototype as object, name);
    }
  };
}

/** The schema a class was bound to with @ValidatedBy; its own, never a parent's. */
export function validatingSchemaOf(metatype: unknown): z.ZodType | undefined {
  if (typeof metatype !== 'function') return undefined;
  return Reflect.getOwnMetadata(SCHEMA_KEY, metatype) as z.ZodType | undefined;
}

function openApiConstraintsOf(schema: z.ZodObject): Record<string, Record<string, unknown>> {
  const options = { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' } as const;
  const json = z.toJSONSchema(schema, options) as { properties?: Record<string, Record<string, unknown>> };
  const result: Record<string, Record<string, unknown>> = {};
  for (const [name, property] of Object.entries(json.properties ?? {})) {
    const constraints: Record<string, unknown> = Object.fromEntries(
      CONSTRAINT_KEYWORDS.filter((k) => property[k] !== undefined).map((k) => [k, property[k]]),
    );
    // A list of strings or numbers: the bounds of each item (a list of objects has a DTO of its own).
    const items = property.items as Record<string, unknown> | undefined;
    if (items && ['string', 'number', 'integer'].includes(items.type as string)) constraints.items = items;
    // A whole number: the class's `number` type cannot say so.
    if (property.type === 'integer') constraints.type = 'integer';
    if (Object.keys(constraints).length) result[name] = constraints;
  }
  return result;
}

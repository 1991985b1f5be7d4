import fc from 'fast-check';
import { Json } from './body-mutations';
import { JsonSchema, OpenApiDocument, patterned } from './openapi-bodies';

/**
 * Bodies the route's OpenAPI schema allows, with odd values where the schema leaves room: dates at
 * the ends of the calendar and across leap days, numbers at their bounds, strings of any script up
 * to their length, optional fields present or absent, arrays empty or full. The mutations of
 * body-mutations.ts are mostly refused by the schema (about nine in ten); these reach the handlers
 * behind it, where a value the schema lets through but the code did not expect turns into a 500.
 *
 * Written here rather than taken from a library: zod-fast-check reads zod 3 schemas and needs
 * fast-check 3 (we have zod 4 and fast-check 4); json-schema-fast-check (0.0.6) covers a subset it
 * calls unfinished, without `oneOf` done properly; and neither aims at odd values (leap days, bounds).
 * This covers what the three services' documents and contracts use: objects, arrays, enums,
 * consts, unions, nullable, the formats below, bounds and steps, in OpenAPI 3.0 or JSON Schema
 * 2020-12 form.
 */
export function schemaValidBodies(
  schema: JsonSchema,
  document: OpenApiDocument,
  idFor: (field: string) => string | undefined,
): fc.Arbitrary<Json> {
  const resolve = (s: JsonSchema): JsonSchema =>
    // An OpenAPI document's components, or a JSON Schema's own `$defs` (passed as the components).
    s.$ref ? resolve(document.components!.schemas![s.$ref.replace(/^#\/(components\/schemas|\$defs)\//, '')]) : s;

  const build = (raw: JsonSchema, field: string, depth: number): fc.Arbitrary<Json> => {
    const s = resolve(raw);
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    const union = s.oneOf ?? s.anyOf;
    if (union) return fc.oneof(...union.map((option) => build(option, field, depth)));
    if (s.allOf) return fc.tuple(...s.allOf.map((part) => build(part, field, depth))).map((parts) => Object.assign({}, ...parts) as Json);
    const value = valueOf(s, field, depth);
    return s.nullable ? fc.oneof(value, fc.constant(null)) : value;
  };

  const valueOf = (s: JsonSchema, field: string, depth: number): fc.Arbitrary<Json> => {
    const id = idFor(field);
    if (id && (s.type === 'string' || s.format === 'uuid')) return fc.oneof({ weight: 9, arbitrary: fc.constant(id) }, fc.uuid());
    switch (s.type) {
      case 'object': {
        const properties = Object.entries(s.properties ?? {});
        if (depth > 6 || !properties.length) return fc.constant({});
        const record = Object.fromEntries(properties.map(([name, property]) => [name, build(property, name, depth + 1)]));
        return fc.record(record, { requiredKeys: (s.required ?? []).filter((name) => name in record) }) as fc.Arbitrary<Json>;
      }
      case 'array': {
        const minLength = s.minItems ?? 0;
        const maxLength = Math.min(s.maxItems ?? minLength + 4, minLength + 4);
        return s.items ? fc.array(build(s.items, field, depth + 1), { minLength, maxLength }) : fc.constant([]);
      }
      case 'integer':
        return boundedNumber(s, true);
      case 'number':
        return boundedNumber(s, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'string':
        return stringOf(s);
      default:
        return fc.constant({});
    }
  };

  return build(schema, '', 0);
}

/** The candidates within the field's length bounds (the shortest when none is). */
function fitting(s: JsonSchema, candidates: string[]): string[] {
  const fit = candidates.filter((text) => text.length <= (s.maxLength ?? Infinity) && text.length >= (s.minLength ?? 0));
  return fit.length ? fit : [candidates.reduce((a, b) => (a.length <= b.length ? a : b))];
}

/** Calendar days the code may get wrong: leap days, the ends of years and of the calendar. */
const ODD_DAYS = ['2024-02-29', '2028-02-29', '2026-02-28', '2026-12-31', '2027-01-01', '1970-01-01', '0001-01-01', '9999-12-31'];

function stringOf(s: JsonSchema): fc.Arbitrary<Json> {
  const anyDay = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  switch (s.format) {
    case 'date':
      return fc.oneof(fc.constantFrom(...ODD_DAYS), anyDay);
    case 'date-time':
      return fc.oneof(
        fc.constantFrom(...ODD_DAYS).map((day) => `${day}T23:59:59Z`),
        fc
          .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString()),
      );
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.constantFrom(
        ...fitting(s, ['someone@example.com', 'a@b.co', 'first.last+tag@sub.example.org', `${'x'.repeat(60)}@example.com`]),
      );
    case 'uri':
      return fc.constantFrom(
        'https://example.com/evidence',
        'http://127.0.0.1:9/x',
        'https://例え.jp/パス?q=1#f',
        `https://example.com/${'p'.repeat(500)}`,
      );
  }
  if (s.pattern) return fc.constant(patterned(s.pattern));
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? 300;
  return fc.oneof(
    // Lengths count UTF-16 units, as JSON Schema's do in JavaScript validators; a grapheme may be several.
    fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, minLength + 40) }).filter((text) => text.length <= maxLength),
    // As long as the schema allows, in a script of several bytes per character.
    fc.constant('汉'.repeat(maxLength)),
    // Spaces around a word (the schema may trim them).
    fc.constant(` ${'x'.repeat(Math.max(1, minLength))} `.slice(0, Math.max(maxLength, 1))),
  );
}

function boundedNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<Json> {
  const nudge = integer ? 1 : 1e-9;
  // JSON Schema 2020-12 gives the exclusive bound as a number; OpenAPI 3.0 as a flag on minimum / maximum.
  const exclusiveLow = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : s.exclusiveMinimum ? s.minimum : undefined;
  const exclusiveHigh = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : s.exclusiveMaximum ? s.maximum : undefined;
  const low = exclusiveLow !== undefined ? exclusiveLow + nudge : (s.minimum ?? -1e6);
  const high = exclusiveHigh !== undefined ? exclusiveHigh - nudge : (s.maximum ?? 1e9);
  const edges = [low, high, Math.min(high, Math.max(low, 0)), Math.min(high, Math.max(low, 1))];
  const within = integer
    ? fc.integer({ min: Math.ceil(Math.max(low, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(high, Number.MAX_SAFE_INTEGER)) })
    : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
  const numbers = fc.oneof(fc.constantFrom(...edges.map((edge) => (integer ? Math.round(edge) : edge))), within);
  // A step (quarter hours): the nearest multiple inside the bounds.
  const multiple = s.multipleOf;
  return multiple
    ? numbers.map((n) =>
        Math.min(
          Math.floor(high / multiple) * multiple,
          Math.max(Math.ceil(low / multiple) * multiple, Math.round(n / multiple) * multiple),
        ),
      )
    : numbers;
}

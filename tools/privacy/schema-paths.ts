import { z } from 'zod';

/**
 * Every field path of a zod schema (`data.person.ids[].value`), read from zod 4's definition
 * objects: objects, arrays, optional/nullable/default wrappers, pipes, unions and records.
 */
export function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return Object.entries(shape).flatMap(([key, child]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        const nested = schemaPaths(child, path);
        return nested.length ? [path, ...nested] : [path];
      });
    }
    case 'array':
      return schemaPaths(def.element as z.ZodType, `${prefix}[]`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return schemaPaths(def.innerType as z.ZodType, prefix);
    case 'pipe':
      return schemaPaths(def.in as z.ZodType, prefix);
    case 'union':
      return [...new Set((def.options as z.ZodType[]).flatMap((option) => schemaPaths(option, prefix)))];
    case 'intersection':
      return [...new Set([...schemaPaths(def.left as z.ZodType, prefix), ...schemaPaths(def.right as z.ZodType, prefix)])];
    case 'record':
      return schemaPaths(def.valueType as z.ZodType, `${prefix}{}`);
    default:
      return [];
  }
}

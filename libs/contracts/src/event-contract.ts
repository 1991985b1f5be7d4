import { z } from 'zod';

/**
 * One event type: its CloudEvents `type`, the logical topic it travels on and the zod schema
 * of its `data`. Breaking changes get a new type (…v2) and list `upcastFrom` for older types,
 * so consumers always handle the newest shape.
 */
export interface EventContract<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly topic: string;
  readonly schema: TSchema;
  readonly dataschema: string;
  readonly description: string;
  readonly upcastFrom: Readonly<Record<string, (oldData: unknown) => unknown>>;
}

export type EventData<C> = C extends EventContract<string, infer S> ? z.infer<S> : never;

export function defineEventContract<TType extends string, TSchema extends z.ZodType>(spec: {
  type: TType;
  topic: string;
  schema: TSchema;
  description: string;
  upcastFrom?: Record<string, (oldData: unknown) => unknown>;
}): EventContract<TType, TSchema> {
  return {
    ...spec,
    dataschema: `urn:school-enterprise:schema:${spec.type}`,
    upcastFrom: spec.upcastFrom ?? {},
  };
}

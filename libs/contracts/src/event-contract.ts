import { z } from 'zod';
import { CloudEvent } from './cloud-event';

/**
 * One event type: its CloudEvents `type`, the logical topic it travels on and the zod schema
 * of its `data`. Breaking changes get a new type (…v2) and list `upcastFrom` for older types,
 * so consumers always handle the newest shape.
 */
export interface EventContract<TType extends string = string, TSchema extends z.ZodType = z.ZodType, TTopic extends string = string> {
  readonly type: TType;
  readonly topic: TTopic;
  readonly schema: TSchema;
  readonly dataschema: string;
  readonly description: string;
  readonly upcastFrom: Readonly<Record<string, (oldData: unknown) => unknown>>;
}

/** The `data` of a contract's events (a union of them for a union of contracts). */
export type EventData<C> = C extends EventContract<string, infer S> ? z.infer<S> : never;

/**
 * The CloudEvent of a contract: its `type` literal and the data its schema describes. For a
 * union of contracts, the union of their events, so `switch (event.type)` narrows `data`.
 */
export type EventOf<C> = C extends EventContract<infer T, infer S> ? CloudEvent<T, z.infer<S>> : never;

/**
 * Narrows an event to a contract's event (or to the union of several contracts' events) by its
 * CloudEvents `type`. The data is the one the `EventRegistry` validated when the record came in
 * (upcast to the newest version), so the type alone decides.
 */
export function isEvent<C extends EventContract>(contract: C | readonly C[], event: CloudEvent): event is EventOf<C> {
  const none: readonly EventContract[] = [];
  return none.concat(contract).some((c) => c.type === event.type);
}

export function defineEventContract<TType extends string, TSchema extends z.ZodType, TTopic extends string>(spec: {
  type: TType;
  topic: TTopic;
  schema: TSchema;
  description: string;
  upcastFrom?: Record<string, (oldData: unknown) => unknown>;
}): EventContract<TType, TSchema, TTopic> {
  return {
    ...spec,
    dataschema: `urn:school-enterprise:schema:${spec.type}`,
    upcastFrom: spec.upcastFrom ?? {},
  };
}

/**
 * The structured-JSON CloudEvents 1.0 form of the events of `contracts`, one member per type
 * (so `data` follows from `type`), for documenting HTTP responses that carry events. Extension
 * attributes beyond `correlationid` may appear.
 */
export function cloudEventSchemaOf(contracts: readonly EventContract[]): z.ZodType {
  const members = contracts.map((contract) =>
    z.looseObject({
      specversion: z.literal('1.0'),
      id: z.string(),
      source: z.string(),
      type: z.literal(contract.type),
      subject: z.string().optional(),
      time: z.iso.datetime({ offset: true }),
      datacontenttype: z.literal('application/json'),
      dataschema: z.string().optional(),
      correlationid: z.string().optional(),
      data: contract.schema,
    }),
  );
  return z.discriminatedUnion('type', members as unknown as [z.ZodObject, ...z.ZodObject[]]);
}

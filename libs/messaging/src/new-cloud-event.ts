import { randomUUID } from 'node:crypto';
import { EventContract, EventData, EventOf } from '@app/contracts';

/**
 * Builds a CloudEvent for a contract; `data` is type-checked against the contract's schema (for
 * a contract picked from a union, e.g. out of a record, against the union of their schemas).
 */
export function newCloudEvent<C extends EventContract>(
  contract: C,
  fields: { source: string; subject?: string; data: EventData<C>; id?: string; time?: Date; correlationid?: string },
): EventOf<C> {
  return {
    specversion: '1.0',
    id: fields.id ?? randomUUID(),
    source: fields.source,
    type: contract.type,
    subject: fields.subject,
    time: (fields.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    dataschema: contract.dataschema,
    ...(fields.correlationid ? { correlationid: fields.correlationid } : {}),
    data: fields.data,
    // TypeScript cannot relate the fields of a generic `C` to the conditional type EventOf<C>;
    // the signature above is what checks the caller's data.
  } as EventOf<C>;
}

import { randomUUID } from 'node:crypto';
import { CloudEvent, EventContract, EventData } from '@app/contracts';

/** Builds a CloudEvent for a contract; `data` is type-checked against the contract's schema. */
export function newCloudEvent<C extends EventContract>(
  contract: C,
  fields: { source: string; subject?: string; data: EventData<C>; id?: string; time?: Date; correlationid?: string },
): CloudEvent<C['type'], EventData<C>> {
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
  };
}

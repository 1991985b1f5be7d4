/**
 * A CloudEvents 1.0 event as the platform handles it in memory.
 * `source` + `id` identify an event globally and are the dedupe key everywhere.
 */
export interface CloudEvent<TType extends string = string, TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: TType;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema?: string;
  /** Extension attribute: ties log lines of one request or message chain together. */
  correlationid?: string;
  data: TData;
}

/** The key consumers and inboxes use to detect a redelivered event. */
export function dedupeKeyOf(event: Pick<CloudEvent, 'source' | 'id'>): string {
  return `${event.source}|${event.id}`;
}

import { EventEmitter } from 'node:events';

/** Which documents of which collection a local write gave pending outbox events. */
export interface OutboxHint {
  collection: string;
  ids: readonly string[];
}

/**
 * Local writes ring this so the outbox relay publishes at once instead of at its next poll.
 * A write that names its collection and documents lets the relay claim exactly those by `_id`
 * instead of searching the collections for pending events.
 */
export class OutboxSignal extends EventEmitter {
  notify(collection?: string, ids?: readonly string[]): void {
    this.emit('pending', collection && ids ? ({ collection, ids } satisfies OutboxHint) : undefined);
  }
}

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { OutgoingEvent } from '@app/messaging';

/** Which documents of which collection a local write gave pending outbox events. */
export interface OutboxHint {
  collection: string;
  ids: readonly string[];
  /**
   * For a write that created the documents (an insert), each one's whole outbox, in the order of
   * `ids`: the relay publishes it without reading the document first (ADR 0062). Absent for
   * updates, whose writer does not know what the outbox held before.
   */
  created?: readonly (readonly OutgoingEvent[])[];
}

/** The fields a write that queues outbox events sets beside its `$push` (see `OutboxSignal.pendingMark`). */
export interface OutboxPendingMark {
  outboxPending: true;
  outboxLeaseUntil: Date;
  outboxLeaseOwner: string;
}

/**
 * Local writes ring this so the outbox relay publishes at once instead of at its next poll.
 * A write that names its collection and documents lets the relay claim exactly those by `_id`
 * instead of searching the collections for pending events.
 */
export class OutboxSignal extends EventEmitter {
  /** This process's writes: the lease owner they set, which its own relay treats as free. */
  readonly owner = `writer:${randomUUID()}`;
  /**
   * How long a write holds its document for this process's relay (ADR 0058): other replicas'
   * searches leave it alone meanwhile, so they do not publish what the writer's relay is
   * already publishing. Should this process die first, they take it over once it runs out.
   */
  holdMs = 3_000;

  notify(collection?: string, ids?: readonly string[]): void {
    this.emit('pending', collection && ids ? ({ collection, ids } satisfies OutboxHint) : undefined);
  }

  /** A write that inserted these documents, each with the outbox given (ADR 0062). */
  notifyCreated(collection: string, docs: readonly { _id: string; outbox: readonly OutgoingEvent[] }[]): void {
    const hint: OutboxHint = { collection, ids: docs.map((doc) => doc._id), created: docs.map((doc) => doc.outbox) };
    this.emit('pending', hint);
  }

  /** What a write that queues outbox events sets: the pending flag, and the hold for this process's relay. */
  pendingMark(now = new Date()): OutboxPendingMark {
    return { outboxPending: true, outboxLeaseUntil: new Date(now.getTime() + this.holdMs), outboxLeaseOwner: this.owner };
  }
}

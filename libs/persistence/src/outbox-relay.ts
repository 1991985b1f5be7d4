import { Logger } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { EventPublisher } from '@app/messaging/event-publisher';
import { OutgoingEvent } from '@app/messaging/outgoing-event';
import { OutboxSignal } from './outbox-signal';

interface OutboxCarrier {
  _id: string;
  outbox: OutgoingEvent[];
  outboxPending?: true;
  outboxLeaseUntil?: Date;
}

export interface OutboxRelayOptions {
  collections: string[];
  pollIntervalMs: number;
  /** How long one relay instance owns a document's outbox before another may take over. */
  leaseMs?: number;
  batchSize?: number;
}

/**
 * Publishes the events waiting in aggregate documents, then `$pull`s exactly those. A lease
 * per document keeps replicas from publishing the same outbox concurrently (which could
 * reorder a key's events). Woken by local writes; the poll catches everything else, such as
 * events left by a process that crashed before publishing.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly carriers: Collection<OutboxCarrier>[];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerun = false;
  private stopped = true;
  private readonly onSignal = () => void this.drainSoon();

  constructor(
    db: Db,
    private readonly publisher: EventPublisher,
    private readonly signal: OutboxSignal,
    private readonly options: OutboxRelayOptions,
  ) {
    this.carriers = options.collections.map((name) => db.collection<OutboxCarrier>(name));
  }

  /** The relay's query runs every poll; this index keeps it from scanning whole collections. */
  async ensureIndexes(): Promise<void> {
    for (const carrier of this.carriers) await carrier.createIndex({ outboxPending: 1 });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.signal.on('pending', this.onSignal);
    this.timer = setInterval(() => void this.drainSoon(), this.options.pollIntervalMs);
    void this.drainSoon();
  }

  /** Stops polling and publishes whatever is still pending (used during graceful shutdown). */
  async stopAndFlush(): Promise<void> {
    this.stopped = true;
    this.signal.off('pending', this.onSignal);
    clearInterval(this.timer);
    await this.running;
    await this.drainAll();
  }

  /** Drains now; concurrent calls coalesce into one extra pass. */
  drainSoon(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          await this.drainAll();
        } while (this.rerun);
      } catch (error) {
        this.logger.warn(`outbox relay pass failed, will retry: ${(error as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async drainAll(): Promise<void> {
    for (const carrier of this.carriers) {
      while ((await this.drainBatch(carrier)) > 0) {
        /* keep going while full batches come back */
      }
    }
  }

  /** Only if nothing new was queued meanwhile: a concurrent write sets the flag again with its $push. */
  private async clearPendingFlag(carrier: Collection<OutboxCarrier>, id: string): Promise<void> {
    await carrier.updateOne({ _id: id, outbox: { $size: 0 } }, { $unset: { outboxPending: '', outboxLeaseUntil: '' } });
  }

  /** Returns how many documents it relayed. */
  private async drainBatch(carrier: Collection<OutboxCarrier>): Promise<number> {
    const now = new Date();
    const candidates = await carrier
      .find(
        { outboxPending: true, $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now } }] },
        { projection: { _id: 1 }, limit: this.options.batchSize ?? 100 },
      )
      .toArray();
    const claimed: OutboxCarrier[] = [];
    for (const { _id } of candidates) {
      const doc = await carrier.findOneAndUpdate(
        { _id, $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now } }] },
        { $set: { outboxLeaseUntil: new Date(now.getTime() + (this.options.leaseMs ?? 30_000)) } },
        { returnDocument: 'after', projection: { _id: 1, outbox: 1 } },
      );
      if (doc?.outbox.length) claimed.push(doc);
      else if (doc) await this.clearPendingFlag(carrier, doc._id); // flag left by a crash between $pull and $unset
    }
    if (claimed.length === 0) return 0;
    await this.publisher.publish(claimed.flatMap((doc) => doc.outbox));
    for (const doc of claimed) {
      await carrier.updateOne({ _id: doc._id }, {
        $pull: { outbox: { id: { $in: doc.outbox.map((e) => e.id) } } },
        $unset: { outboxLeaseUntil: '' },
      } as never);
      await this.clearPendingFlag(carrier, doc._id);
    }
    return claimed.length;
  }
}

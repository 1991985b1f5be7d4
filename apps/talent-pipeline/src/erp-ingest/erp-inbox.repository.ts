import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { CloudEvent, Topics } from '@app/contracts';
import { OutgoingEvent, captureTraceContext } from '@app/messaging';
import { GroupedInserts, OutboxSignal, MONGO_DB } from '@app/persistence';
import { ErpPersonMatch } from './domain/erp-person-erasure';
import { erasePersonIdsIn } from './erase-person-ids';

export const ERP_INBOX = 'erp_inbox';

export type InboxStatus = 'accepted' | 'applied' | 'held-for-review' | 'rejected';

export interface ErpInboxDocument {
  /** enterprise id | source | id: the dedupe key of an ERP event. */
  _id: string;
  enterpriseId: string;
  event: CloudEvent;
  status: InboxStatus;
  receivedAt: Date;
  outbox: OutgoingEvent[];
  /** Tells the outbox relay (through an index) that this document has events to forward. */
  outboxPending?: true;
}

export function erpDedupeKey(enterpriseId: string, event: Pick<CloudEvent, 'source' | 'id'>): string {
  return `${enterpriseId}|${event.source}|${event.id}`;
}

/**
 * Durable landing zone for ERP events: a document per event, its `_id` the dedupe key, and
 * the event to forward to Kafka in the same document's outbox. Once the insert returns, the
 * event survives any crash; the relay forwards it.
 */
@Injectable()
export class ErpInboxRepository {
  readonly collection: Collection<ErpInboxDocument>;
  /** Concurrent requests' events share insert commands (one commit for many requests under load). */
  private readonly inserts: GroupedInserts<ErpInboxDocument>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly signal: OutboxSignal,
  ) {
    this.collection = db.collection<ErpInboxDocument>(ERP_INBOX);
    this.inserts = new GroupedInserts(this.collection);
  }

  /**
   * Stores new events; returns which of them were already known (duplicates). `sign` gives the
   * record headers that let the consumer authenticate the event on the inbound topic.
   */
  async store(enterpriseId: string, events: CloudEvent[], sign?: (event: CloudEvent) => Record<string, string>): Promise<Set<string>> {
    const now = new Date();
    // The request's trace context (tracing on): the relay's publish continues the request's trace.
    const traceContext = captureTraceContext();
    const pending = this.signal.pendingMark(now);
    const docs: ErpInboxDocument[] = events.map((event) => {
      const dedupeKey = erpDedupeKey(enterpriseId, event);
      return {
        _id: dedupeKey,
        enterpriseId,
        event,
        status: 'accepted',
        receivedAt: now,
        outbox: [
          {
            id: dedupeKey,
            topic: Topics.erpInbound,
            key: enterpriseId,
            event,
            ...(sign ? { headers: sign(event) } : {}),
            ...(traceContext ? { traceContext } : {}),
          },
        ],
        ...pending,
      };
    });
    // Unordered: one duplicate must not stop the rest of a batch from being stored.
    const duplicates = new Set((await this.inserts.insert(docs)).map((index) => docs[index]._id));
    // Their outboxes as inserted: the relay publishes them without reading them back.
    this.signal.notifyCreated(
      ERP_INBOX,
      docs.filter((doc) => !duplicates.has(doc._id)),
    );
    return duplicates;
  }

  /**
   * Records an event that reached the consumer (from HTTP, where the document already
   * exists, or straight from an ERP producing to Kafka), so the dedupe key is known to both
   * paths. Nothing to forward: the event is already on the topic. Returns the status it had
   * before this arrival (undefined when it is new).
   */
  async recordArrival(enterpriseId: string, event: CloudEvent): Promise<InboxStatus | undefined> {
    const before = await this.collection.findOneAndUpdate(
      { _id: erpDedupeKey(enterpriseId, event) },
      { $setOnInsert: { enterpriseId, event, status: 'accepted', receivedAt: new Date(), outbox: [] } },
      { upsert: true, returnDocument: 'before', projection: { status: 1 } },
    );
    return before?.status;
  }

  /**
   * Records events as applied in one round trip, whether they came over HTTP (the document
   * exists) or straight from an ERP's producer (it is created), so a later post of any of them
   * over HTTP is a duplicate.
   */
  async recordApplied(events: { enterpriseId: string; event: CloudEvent }[]): Promise<void> {
    if (events.length === 0) return;
    const receivedAt = new Date();
    await this.collection.bulkWrite(
      events.map(({ enterpriseId, event }) => ({
        updateOne: {
          filter: { _id: erpDedupeKey(enterpriseId, event) },
          update: { $set: { status: 'applied' }, $setOnInsert: { enterpriseId, event, receivedAt, outbox: [] } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  async markStatus(dedupeKey: string, status: InboxStatus): Promise<void> {
    await this.collection.updateOne({ _id: dedupeKey }, { $set: { status } });
  }

  /**
   * A student's erasure: the HR id values in the stored ERP events about the student become
   * `[erased]` (the events stay, with their schemes, as the record of what the ERP sent).
   * Returns how many stored events are about the student.
   */
  async erasePersonIds(match: ErpPersonMatch): Promise<number> {
    return erasePersonIdsIn(this.collection, match);
  }

  findByKey(dedupeKey: string): Promise<ErpInboxDocument | null> {
    return this.collection.findOne({ _id: dedupeKey });
  }
}

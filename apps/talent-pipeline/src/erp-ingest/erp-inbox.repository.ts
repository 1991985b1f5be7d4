import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { CloudEvent, Topics } from '@app/contracts';
import { OutgoingEvent, captureTraceContext } from '@app/messaging';
import { GroupedInserts, OutboxSignal, MONGO_DB } from '@app/persistence';
import { ErpPersonMatch } from './domain/erp-person-erasure';
import { erasePersonIdsIn, removePersonalFieldsIn } from './erase-person-ids';

export const ERP_INBOX = 'erp_inbox';

/**
 * Where an ERP event stands: `accepted` (stored, not yet applied), `applied`, `held-for-review`,
 * `rejected` (by an operator), `scheduled` (recorded on its placement, to take effect on `dueOn`;
 * `applied` once the scheduler applies it) or `superseded` (it was scheduled, and a newer ERP event
 * of its kind or another change of the placement replaced it before its day: it never took effect).
 */
export type InboxStatus = 'accepted' | 'applied' | 'held-for-review' | 'rejected' | 'scheduled' | 'superseded';

/** Statuses after which the event is not applied again (a redelivery changes nothing). */
export const SETTLED_INBOX_STATUSES: readonly InboxStatus[] = ['applied', 'rejected', 'scheduled', 'superseded'];

export interface ErpInboxDocument {
  /** enterprise id | source | id: the dedupe key of an ERP event. */
  _id: string;
  enterpriseId: string;
  event: CloudEvent;
  status: InboxStatus;
  /** The day a scheduled event takes effect (status `scheduled`, and kept once it is `applied` or `superseded`). */
  dueOn?: string;
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
export class ErpInboxRepository implements OnModuleInit {
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

  async onModuleInit(): Promise<void> {
    // The scheduler's repair pass (scheduledDueBy): at idle no record is `scheduled` and due, so it reads no document.
    await this.collection.createIndex({ status: 1, dueOn: 1 });
  }

  /**
   * Up to `limit` records still `scheduled` for `today` or earlier, by id after `afterId`: by
   * then the scheduler applied their step (or a newer event or another path superseded it)
   * unless it is failing, so these are what a crash between a placement's write and the
   * inbox's update left behind (ADR 0079).
   */
  scheduledDueBy(today: string, limit: number, afterId?: string): Promise<ErpInboxDocument[]> {
    return this.collection
      .find(
        { status: 'scheduled', dueOn: { $lte: today }, ...(afterId !== undefined ? { _id: { $gt: afterId } } : {}) },
        { projection: { outbox: 0 } },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
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

  /** Applied, or (with `scheduledOn`) recorded on its placement to take effect that day. */
  markApplied(dedupeKey: string, scheduledOn?: string): Promise<void> {
    return scheduledOn ? this.markScheduled(dedupeKey, scheduledOn) : this.markStatus(dedupeKey, 'applied');
  }

  /**
   * The event is recorded on its placement for `dueOn`. Unless the scheduler (or a newer event)
   * settled it already, between the placement's write and this one: then that fate stands.
   */
  async markScheduled(dedupeKey: string, dueOn: string): Promise<void> {
    await this.collection.updateOne(
      { _id: dedupeKey, status: { $nin: ['applied', 'superseded'] } },
      { $set: { status: 'scheduled', dueOn } },
    );
  }

  /**
   * A scheduled event left its placement: applied on its day, or superseded. Also when the
   * inbox has not yet recorded it as scheduled (the placement's write came first), so the later
   * markScheduled finds it settled.
   */
  async settleScheduled(dedupeKey: string, fate: 'applied' | 'superseded'): Promise<void> {
    await this.collection.updateOne(
      { _id: dedupeKey, status: { $in: ['accepted', 'held-for-review', 'scheduled'] } },
      { $set: { status: fate } },
    );
  }

  /**
   * A student's erasure: the HR id values in the stored ERP events about the student become
   * `[erased]` (the events stay, with their schemes, as the record of what the ERP sent).
   * Returns how many stored events are about the student.
   */
  async erasePersonIds(match: ErpPersonMatch): Promise<number> {
    return erasePersonIdsIn(this.collection, match);
  }

  /**
   * An event that arrived about a student whose erasure has started (`isAboutErasedStudent`):
   * its stored copy loses what the erasure's sweep would have taken, before the event is settled,
   * so that a redelivery after a crash in between removes it again.
   */
  removePersonalFields(dedupeKey: string, event: CloudEvent): Promise<void> {
    return removePersonalFieldsIn(this.collection, dedupeKey, event);
  }

  findByKey(dedupeKey: string): Promise<ErpInboxDocument | null> {
    return this.collection.findOne({ _id: dedupeKey });
  }
}

import { Collection, Db, Filter, MongoServerError, UpdateFilter } from 'mongodb';
import { OutgoingEvent, withTraceContext } from '@app/messaging';
import { ChangeLog } from './change-log';
import { ConcurrencyConflictError } from './concurrency-conflict.error';
import { OutboxPendingMark, OutboxSignal } from './outbox-signal';

/** Every aggregate document carries its version and the events not yet published. */
export interface AggregateDocument {
  _id: string;
  version: number;
  outbox: OutgoingEvent[];
  /** Dedupe keys of the inbound events already applied (bounded). */
  appliedEvents?: string[];
  /**
   * Dedupe keys of inbound events that named this aggregate but were held for an operator
   * (bounded): a redelivery of one of them must take its consumer's careful path, never the fast one.
   */
  heldEvents?: string[];
  /** Set with every write that queues events, cleared by the relay once the outbox is empty; indexed, so the relay never scans. */
  outboxPending?: true;
  /** Which relay (or, just after a write, which process's relay) may publish the outbox, until when. */
  outboxLeaseUntil?: Date;
  outboxLeaseOwner?: string;
}

/** A projection that leaves the outbox bookkeeping out of a read meant for a view (the one list of those fields). */
export const WITHOUT_OUTBOX_BOOKKEEPING = {
  outbox: 0,
  appliedEvents: 0,
  heldEvents: 0,
  outboxPending: 0,
  outboxLeaseUntil: 0,
  outboxLeaseOwner: 0,
} as const;

type OutboxFields = keyof typeof WITHOUT_OUTBOX_BOOKKEEPING;

export type AggregateState<T extends AggregateDocument> = Omit<T, 'version' | OutboxFields>;

/** The document without the outbox bookkeeping (the version stays: views show it as an ETag). */
export function withoutOutboxBookkeeping<T extends object>(doc: T): Omit<T, OutboxFields> {
  const rest: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  for (const field of Object.keys(WITHOUT_OUTBOX_BOOKKEEPING)) delete rest[field];
  return rest as Omit<T, OutboxFields>;
}

const APPLIED_EVENTS_KEPT = 500;
const HELD_EVENTS_KEPT = 500;

export class DuplicateKeyError extends Error {}

/** One aggregate's change in a batch: what `update` takes, with the inbound event it applies. */
export interface AggregateChange<T extends AggregateDocument> {
  current: Pick<T, '_id' | 'version'>;
  set: Partial<AggregateState<T>>;
  events: OutgoingEvent[];
  appliedEvent: string;
}

/**
 * The conditional update of one aggregate: only at `current.version`, and (with an inbound
 * event) only if that event was not applied yet; state, queued events and the dedupe key in
 * one single-document write.
 */
function versionedUpdate(
  current: { _id: string; version: number },
  set: object,
  events: OutgoingEvent[],
  pending: OutboxPendingMark,
  appliedEvent?: string,
): { filter: Record<string, unknown>; update: Record<string, unknown> } {
  const filter: Record<string, unknown> = { _id: current._id, version: current.version };
  const update: Record<string, unknown> = { $inc: { version: 1 } };
  const setWithFlag = events.length ? { ...set, ...pending } : set;
  if (Object.keys(setWithFlag).length) update.$set = setWithFlag;
  const push: Record<string, unknown> = {};
  if (events.length) push.outbox = { $each: events };
  if (appliedEvent) {
    filter.appliedEvents = { $ne: appliedEvent };
    push.appliedEvents = { $each: [appliedEvent], $slice: -APPLIED_EVENTS_KEPT };
  }
  if (Object.keys(push).length) update.$push = push;
  return { filter, update };
}

/**
 * State and the events it caused are written in one single-document update, so there is
 * never a state change without its events or an event without its state change (no
 * multi-document transactions needed). While tracing is on, each queued event carries the
 * active trace context, so its later publish continues the trace of the write that caused it.
 */
export class AggregateStore<T extends AggregateDocument> {
  readonly collection: Collection<T>;

  /**
   * With `changes`, every write is recorded in the change log under the collection's name once
   * it succeeded, for in-memory read models (ADR 0060); concurrent records share one update.
   */
  constructor(
    db: Db,
    readonly collectionName: string,
    private readonly signal: OutboxSignal,
    private readonly changes?: ChangeLog,
  ) {
    this.collection = db.collection<T>(collectionName);
  }

  async findById(id: string): Promise<T | null> {
    return (await this.collection.findOne({ _id: id } as Filter<T>)) as T | null;
  }

  /**
   * Inserts a new aggregate with its first events. With `appliedEvent` (the inbound event that
   * created it), a redelivery of that event is recognised from the first version on.
   */
  async insert(state: AggregateState<T>, events: OutgoingEvent[] = [], appliedEvent?: string): Promise<void> {
    events = withTraceContext(events);
    try {
      const pending = events.length ? this.signal.pendingMark() : {};
      const appliedEvents = appliedEvent ? [appliedEvent] : [];
      await this.collection.insertOne({ ...state, version: 1, outbox: events, appliedEvents, ...pending } as never);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) {
        // A retry after a write whose record failed: recording again repairs it (a reload of an unchanged document costs nothing).
        await this.changes?.record(this.collectionName, [state._id]);
        throw new DuplicateKeyError(error.message);
      }
      throw error;
    }
    if (events.length) this.signal.notifyCreated(this.collectionName, [{ _id: state._id, outbox: events }]);
    await this.changes?.record(this.collectionName, [state._id]);
  }

  /**
   * Applies `set` and appends `events` if the document is still at `expectedVersion`.
   * With `appliedEvent`, the update also records that inbound event and is skipped if it was
   * already applied: returns 'duplicate' then, so redeliveries have no second effect.
   */
  async update(
    current: Pick<T, '_id' | 'version'>,
    set: Partial<AggregateState<T>>,
    events: OutgoingEvent[] = [],
    appliedEvent?: string,
  ): Promise<'updated' | 'duplicate'> {
    const { filter, update } = versionedUpdate(current, set, withTraceContext(events), this.signal.pendingMark(), appliedEvent);
    const result = await this.collection.updateOne(filter as Filter<T>, update as UpdateFilter<T>);
    if (result.matchedCount === 0) {
      if (appliedEvent) {
        const applied = await this.collection.countDocuments({ _id: current._id, appliedEvents: appliedEvent } as Filter<T>);
        if (applied > 0) {
          // The redelivery of an event whose first write's record may have failed: record again.
          await this.changes?.record(this.collectionName, [current._id]);
          return 'duplicate';
        }
      }
      throw new ConcurrencyConflictError(this.collectionName, current._id, current.version);
    }
    if (events.length) this.signal.notify(this.collectionName, [current._id]);
    await this.changes?.record(this.collectionName, [current._id]);
    return 'updated';
  }

  /**
   * Notes that the inbound event `eventKey` named this aggregate and was held for an operator.
   * Not a state change: the version stays, so no concurrent write conflicts with it, and no
   * read model needs to hear of it.
   */
  async noteHeld(id: string, eventKey: string): Promise<void> {
    await this.collection.updateOne(
      { _id: id, heldEvents: { $ne: eventKey } } as Filter<T>,
      { $push: { heldEvents: { $each: [eventKey], $slice: -HELD_EVENTS_KEPT } } } as never,
    );
  }

  /**
   * `update` for many aggregates in one round trip (two when some did not match). Each change
   * names its inbound event; the result says, per change, whether that event's effect is now
   * written (by this write, or by an earlier one). A change left `false` met a concurrent
   * write: the caller retries it on its own. Events keep the trace context they carry.
   */
  async updateEach(changes: AggregateChange<T>[]): Promise<boolean[]> {
    if (changes.length === 0) return [];
    const pending = this.signal.pendingMark();
    const writes = changes.map(({ current, set, events, appliedEvent }) => {
      const { filter, update } = versionedUpdate(current, set, events, pending, appliedEvent);
      return { updateOne: { filter: filter as Filter<T>, update: update as UpdateFilter<T> } };
    });
    const result = await this.collection.bulkWrite(writes as never, { ordered: false });
    const withEvents = changes.filter((change) => change.events.length > 0).map((change) => change.current._id);
    if (withEvents.length > 0) this.signal.notify(this.collectionName, withEvents);
    // Every id, matched or not: a read model reloading an unchanged document loses nothing.
    await this.changes?.record(
      this.collectionName,
      changes.map((change) => change.current._id),
    );
    if (result.matchedCount === changes.length) return changes.map(() => true);
    const ids = changes.map((change) => change.current._id);
    const docs = await this.collection.find({ _id: { $in: ids } } as Filter<T>, { projection: { appliedEvents: 1 } }).toArray();
    const applied = new Map<string, Set<string>>(docs.map((doc) => [String(doc._id), new Set(doc.appliedEvents ?? [])]));
    return changes.map((change) => applied.get(change.current._id)?.has(change.appliedEvent) ?? false);
  }
}

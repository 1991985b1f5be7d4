import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import { Collection, Db } from 'mongodb';
import { faultPoint } from '@app/base';
import { EventPublisher, MessagingMetrics, OutgoingEvent, PartlyPublishedError, isRefusedRecord } from '@app/messaging';
import { OutboxHint, OutboxSignal } from './outbox-signal';

/**
 * Documents named by local writes and not yet relayed, per collection; beyond this (a broker
 * outage under load), the relay forgets them and searches instead. A name costs ~100 bytes; a
 * minute of hires at ERP speed (~1,000/s) behind the relay stays within it, where a search per
 * pass would cost the database a read of every pending document.
 */
const MAX_HINTED_PER_COLLECTION = 100_000;
/**
 * Documents one relay round trip takes (options.batchSize). Each chunk costs three round trips
 * whatever its size, and a relay behind writers at ERP speed keeps up only by taking more per
 * trip: at 100 it fell behind 1,000 hires/s on the local stand-in. The publisher splits a chunk
 * into sends the broker's batch limit takes (ADR 0065).
 */
const DEFAULT_BATCH_SIZE = 500;
/**
 * Outboxes of created documents kept in memory per collection (ADR 0062); beyond this (a broker
 * outage under load), further ones are read back from the database like updated documents.
 */
const MAX_CREATED_OUTBOXES_PER_COLLECTION = 1_000;

/** A document a local write named: with the outbox its insert created, or undefined when it must be read. */
type Named = [id: string, created: readonly OutgoingEvent[] | undefined];

/** The first `count` entries in insertion order, without copying the rest (a backlog can hold thousands). */
function firstOf(names: Map<string, readonly OutgoingEvent[] | undefined>, count: number): Named[] {
  const first: Named[] = [];
  for (const entry of names) {
    if (first.length === count) break;
    first.push(entry);
  }
  return first;
}

interface OutboxCarrier {
  _id: string;
  outbox: OutgoingEvent[];
  outboxPending?: true;
  outboxLeaseUntil?: Date;
  /** The relay pass holding the lease. */
  outboxLeaseOwner?: string;
}

export interface OutboxRelayOptions {
  collections: string[];
  pollIntervalMs: number;
  /**
   * While polls find nothing, the wait between them doubles up to this (default 8 x
   * `pollIntervalMs`): local writes wake the relay at once anyway, so an idle service does not
   * query every collection every second; a write signalled here resets the wait.
   */
  idlePollMaxMs?: number;
  /** How long one relay instance owns a document's outbox before another may take over. */
  leaseMs?: number;
  batchSize?: number;
  /** Counts parked events (relayParked). */
  metrics?: MessagingMetrics;
  /** Where events the broker refuses are moved (default `outbox_parked`). */
  parkedCollection?: string;
}

/** An outbox event the broker refused for good (too large, invalid), moved out of its outbox. */
export interface ParkedOutboxEvent {
  /** `${collection}|${event id}` */
  _id: string;
  collection: string;
  aggregateId: string;
  eventId: string;
  eventType: string;
  topic: string;
  key: string;
  /** Size of the encoded data, bytes. */
  dataBytes: number;
  error: string;
  parkedAt: Date;
  event: OutgoingEvent;
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
  private readonly parked: Collection<ParkedOutboxEvent>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private rerun = false;
  private stopped = true;
  /** Polls in a row that found nothing: the next poll waits longer. */
  private idlePolls = 0;
  /**
   * Documents local writes named (collection -> id -> the outbox an insert created, or undefined
   * when it must be read), in write order; relayed by `_id` without a search.
   */
  private readonly hinted = new Map<string, Map<string, readonly OutgoingEvent[] | undefined>>();
  /** The next pass also searches every collection (the first pass, polls, writes that named no documents). */
  private searchNeeded = true;
  /** Documents the last search found that no hint had named. */
  private foundBySearch = 0;
  private readonly onSignal = (hint?: OutboxHint) => {
    this.idlePolls = 0;
    this.remember(hint);
    void this.drainSoon();
  };

  constructor(
    db: Db,
    private readonly publisher: EventPublisher,
    private readonly signal: OutboxSignal,
    private readonly options: OutboxRelayOptions,
  ) {
    this.carriers = options.collections.map((name) => db.collection<OutboxCarrier>(name));
    this.parked = db.collection<ParkedOutboxEvent>(options.parkedCollection ?? 'outbox_parked');
  }

  /** The relay's query runs every poll; this index keeps it from scanning whole collections. */
  async ensureIndexes(): Promise<void> {
    for (const carrier of this.carriers) await carrier.createIndex({ outboxPending: 1 });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.signal.on('pending', this.onSignal);
    this.scheduleNextPoll(this.options.pollIntervalMs);
    void this.drainSoon();
  }

  /** Stops polling and publishes whatever is still pending (used during graceful shutdown). */
  async stopAndFlush(): Promise<void> {
    this.stopped = true;
    this.signal.off('pending', this.onSignal);
    clearTimeout(this.timer);
    await this.running;
    // What this process's writes named and holds goes too: nobody else would take it for 3 s.
    await this.drainHinted();
    await this.drainAll(true);
  }

  private scheduleNextPoll(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private remember(hint: OutboxHint | undefined): void {
    const known = hint && this.carriers.some((carrier) => carrier.collectionName === hint.collection);
    if (!hint || !known) {
      this.searchNeeded = true;
      return;
    }
    const ids = this.hinted.get(hint.collection) ?? new Map<string, readonly OutgoingEvent[] | undefined>();
    hint.ids.forEach((id, i) => {
      const created = ids.size < MAX_CREATED_OUTBOXES_PER_COLLECTION ? hint.created?.[i] : undefined;
      // Named again by a later write (an update appended to it): read it. Map.set keeps its place in write order.
      ids.set(id, ids.has(id) ? undefined : created);
    });
    if (ids.size > MAX_HINTED_PER_COLLECTION) {
      // A long broker outage under load: stop remembering, the next pass searches.
      this.hinted.delete(hint.collection);
      this.searchNeeded = true;
    } else this.hinted.set(hint.collection, ids);
  }

  private async poll(): Promise<void> {
    this.searchNeeded = true;
    this.foundBySearch = 0;
    const relayed = await this.drainSoon();
    // Something only a search could find, or a failure to retry soon: back to the base interval.
    // What local writes announced was relayed on their signal and does not keep the poll fast.
    this.idlePolls = relayed < 0 || this.foundBySearch > 0 ? 0 : this.idlePolls + 1;
    const base = this.options.pollIntervalMs;
    this.scheduleNextPoll(Math.min(base * 2 ** Math.min(this.idlePolls, 16), this.options.idlePollMaxMs ?? base * 8));
  }

  /**
   * Drains now; concurrent calls coalesce into one extra pass. Resolves to how many documents
   * the pass relayed (-1 when it failed and will be retried).
   */
  drainSoon(): Promise<number> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    // A pass serves every writer's events, whichever write woke it: each publish span's parent
    // is the context stored with its event, never the request that happened to signal.
    this.running = context.with(ROOT_CONTEXT, async () => {
      let relayed = 0;
      try {
        do {
          this.rerun = false;
          relayed += await this.drainHinted();
          if (this.searchNeeded) {
            this.searchNeeded = false;
            try {
              const found = await this.drainAll();
              this.foundBySearch += found;
              relayed += found;
            } catch (error) {
              this.searchNeeded = true;
              throw error;
            }
          }
        } while (this.rerun);
        return relayed;
      } catch (error) {
        this.logger.warn(`outbox relay pass failed, will retry: ${(error as Error).message}`);
        return -1;
      } finally {
        this.running = undefined;
      }
    });
    return this.running;
  }

  /**
   * Relays the documents local writes named, by `_id` (no search), in the order they were
   * written; each leaves the set once its pass is through. One chunk per collection in turn, so
   * a collection that keeps being written (the ERP inbox under load) cannot hold up another's
   * events (the hires' outcomes in `placements`). Returns how many it relayed.
   */
  private async drainHinted(): Promise<number> {
    let relayed = 0;
    for (let round = this.carriersWithHints(); round.length > 0; round = this.carriersWithHints()) {
      for (const carrier of round) {
        const ids = this.hinted.get(carrier.collectionName);
        if (!ids || ids.size === 0) continue;
        // Out of the set before the pass: a write to one of them meanwhile names it again.
        const chunk = firstOf(ids, this.options.batchSize ?? DEFAULT_BATCH_SIZE);
        for (const [id] of chunk) ids.delete(id);
        try {
          relayed += await this.relayNamed(carrier, chunk);
        } catch (error) {
          // Kept, still first in write order, for the retry.
          this.hinted.set(carrier.collectionName, new Map([...chunk, ...(this.hinted.get(carrier.collectionName) ?? [])]));
          throw error;
        }
      }
    }
    return relayed;
  }

  /**
   * A search published these: an insert's outbox kept for them must not be published again. (A
   * document named to be read is left: the read finds it released, or finds what came since.)
   */
  private forgetCreated(carrier: Collection<OutboxCarrier>, docs: OutboxCarrier[]): void {
    const named = this.hinted.get(carrier.collectionName);
    if (!named) return;
    for (const doc of docs) if (named.get(doc._id)) named.delete(doc._id);
  }

  private carriersWithHints(): Collection<OutboxCarrier>[] {
    return this.carriers.filter((carrier) => (this.hinted.get(carrier.collectionName)?.size ?? 0) > 0);
  }

  /** Searches every collection for pending events; returns how many documents it relayed. */
  private async drainAll(includeOwnHeld = false): Promise<number> {
    let relayed = 0;
    for (const carrier of this.carriers) {
      for (let taken = await this.drainBatch(carrier, includeOwnHeld); taken > 0; taken = await this.drainBatch(carrier, includeOwnHeld))
        relayed += taken;
    }
    return relayed;
  }

  /**
   * Publishes each event on its own, in outbox order, and parks those the broker refuses. The
   * first `alreadyPublished` events went out in the batch's sends before the refused one and are
   * skipped; within the refused send, events kafkajs wrote before the refusal can go out again
   * (at-least-once; consumers dedupe by ce_id).
   */
  private async publishOneByOne(carrier: Collection<OutboxCarrier>, claimed: OutboxCarrier[], alreadyPublished = 0): Promise<void> {
    let skip = alreadyPublished;
    for (const doc of claimed) {
      for (const event of doc.outbox) {
        // the first sends of the batch went through before the refusal: not again
        if (skip > 0) {
          skip--;
          continue;
        }
        try {
          await this.publisher.publish([event]);
        } catch (error) {
          if (!isRefusedRecord(error)) throw error;
          await this.park(carrier, doc._id, event, error);
        }
      }
    }
  }

  private async park(carrier: Collection<OutboxCarrier>, aggregateId: string, event: OutgoingEvent, error: unknown): Promise<void> {
    const message = (error as Error).message ?? String(error);
    const dataBytes = Buffer.byteLength(JSON.stringify(event.event.data) ?? '');
    await this.parked.updateOne(
      { _id: `${carrier.collectionName}|${event.id}` },
      {
        $setOnInsert: {
          collection: carrier.collectionName,
          aggregateId,
          eventId: event.id,
          eventType: event.event.type,
          topic: event.topic,
          key: event.key,
          dataBytes,
          error: message.slice(0, 2000),
          parkedAt: new Date(),
          event,
        },
      },
      { upsert: true },
    );
    await carrier.updateOne({ _id: aggregateId }, { $pull: { outbox: { id: event.id } } } as never);
    if (this.options.metrics) this.options.metrics.relayParked++;
    this.logger.error(
      `parked outbox event ${event.id} (${event.event.type}, ${dataBytes} bytes, ${carrier.collectionName}/${aggregateId}) in ${this.parked.collectionName}: the broker refused it: ${message}`,
    );
  }

  /**
   * Only where nothing new was queued meanwhile (a concurrent write sets the flag again with its
   * $push); also clears a flag a crash left between the pull and this.
   */
  private async clearPendingFlags(carrier: Collection<OutboxCarrier>, docs: { _id: string }[]): Promise<void> {
    await carrier.updateMany(
      { _id: { $in: docs.map((doc) => doc._id) }, outbox: { $size: 0 } },
      { $unset: { outboxPending: '', outboxLeaseUntil: '', outboxLeaseOwner: '' } },
    );
  }

  /**
   * Claims up to a batch of documents with pending events, publishes their events and pulls
   * exactly those, in five round trips whatever the batch size: find, claim (one lease token
   * for the pass), read what was claimed, pull, clear the flags. Returns how many documents it
   * took. A document another replica holds under an unexpired lease is left to it.
   */
  private async drainBatch(carrier: Collection<OutboxCarrier>, includeOwnHeld: boolean): Promise<number> {
    const free = this.free(new Date(), includeOwnHeld);
    const candidates = await carrier
      .find({ outboxPending: true, ...free }, { projection: { _id: 1 }, limit: this.options.batchSize ?? DEFAULT_BATCH_SIZE })
      .toArray();
    if (candidates.length === 0) return 0;
    return this.relayClaimed(
      carrier,
      candidates.map((c) => c._id),
      free,
    );
  }

  /**
   * Free for this relay: never held, or the hold ran out; and, unless `ownHeld` is false, held by
   * this process's own writes for it. Searches pass false: documents this process's own writes
   * hold are left to the named round, which has them in write order. A search that took them
   * under load (a poll while writes keep coming) would claim them in five round trips instead of
   * two or three, and keep searching one collection while another's named documents wait. Should
   * their names be lost (more than the relay remembers), a search takes them once the hold runs out.
   */
  private free(now: Date, ownHeld = true) {
    const unheld = [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now } }];
    return { $or: ownHeld ? [...unheld, { outboxLeaseOwner: this.signal.owner }] : unheld };
  }

  /**
   * Relays documents this process's own writes named, in three round trips and one write per
   * document: read their outboxes (those no search pass holds under a lease), publish, release.
   * Documents an insert created skip the read: their outbox is the one the insert wrote (ADR 0062).
   * No claim is written (ADR 0058): the writer's relay is normally the only one that knows of
   * them. Should another relay publish the same outbox meanwhile (a search in another replica,
   * or two replicas writing one aggregate), that is a duplicate, never a reordering: each relay
   * publishes an outbox's entries from its head, in order, and removes only what it published,
   * and only once it is published. The release therefore matches the outbox exactly as it was
   * read (same size, same entry ids): a count alone could match entries queued after another
   * relay emptied it, and drop them unpublished.
   */
  private async relayNamed(carrier: Collection<OutboxCarrier>, named: Named[]): Promise<number> {
    // Created documents are published from the outbox their insert wrote, without reading them (ADR 0062).
    const toRead = named.filter(([, created]) => !created).map(([id]) => id);
    const read =
      toRead.length === 0
        ? []
        : await carrier
            .find({ _id: { $in: toRead }, outboxPending: true, ...this.free(new Date()) }, { projection: { _id: 1, outbox: 1 } })
            .toArray();
    const readById = new Map(read.map((doc) => [doc._id, doc]));
    // In write order.
    const found: OutboxCarrier[] = named.flatMap(([id, created]) => {
      if (created) return [{ _id: id, outbox: [...created] }];
      const doc = readById.get(id);
      return doc ? [doc] : [];
    });
    const withEvents = found.filter((doc) => doc.outbox.length > 0);
    if (withEvents.length > 0) {
      await this.publishAll(carrier, withEvents);
      faultPoint('outbox-relay.after-publish');
      const released = await carrier.bulkWrite(
        withEvents.map((doc) => ({
          updateOne: {
            filter: { _id: doc._id, outbox: { $size: doc.outbox.length }, 'outbox.id': { $all: doc.outbox.map((e) => e.id) } },
            update: { $set: { outbox: [] }, $unset: { outboxPending: '', outboxLeaseUntil: '', outboxLeaseOwner: '' } },
          },
        })) as never,
        { ordered: false },
      );
      if (released.matchedCount < withEvents.length) {
        // Something was queued, parked or published by another relay meanwhile: pull exactly what was published.
        await this.pullPublished(carrier, withEvents);
        await this.clearPendingFlags(carrier, withEvents);
      }
    }
    const empty = found.filter((doc) => doc.outbox.length === 0);
    if (empty.length > 0) await this.clearPendingFlags(carrier, empty);
    return found.length;
  }

  /** Publishes the documents' events in order; one the broker refuses for good is parked, the rest still go. */
  private async publishAll(carrier: Collection<OutboxCarrier>, docs: OutboxCarrier[]): Promise<void> {
    try {
      await this.publisher.publish(docs.flatMap((doc) => doc.outbox));
    } catch (error) {
      if (!isRefusedRecord(error)) throw error;
      // One record the broker will never take must not hold back the others: find it.
      await this.publishOneByOne(carrier, docs, error instanceof PartlyPublishedError ? error.published : 0);
    }
  }

  /** Removes exactly the published entries, whatever was queued since, and the lease. */
  private async pullPublished(carrier: Collection<OutboxCarrier>, docs: OutboxCarrier[]): Promise<void> {
    await carrier.bulkWrite(
      docs.map((doc) => ({
        updateOne: {
          filter: { _id: doc._id },
          update: {
            $pull: { outbox: { id: { $in: doc.outbox.map((e) => e.id) } } },
            $unset: { outboxLeaseUntil: '', outboxLeaseOwner: '' },
          },
        },
      })) as never,
      { ordered: false },
    );
  }

  /**
   * Claims those of `ids` that `free` admits (no other pass holds them), publishes their events and releases them; returns
   * how many documents it took. Searches claim first (five round trips): replicas search the same
   * collection, and the lease keeps two of them from taking the same documents.
   */
  private async relayClaimed(carrier: Collection<OutboxCarrier>, ids: string[], free: object): Promise<number> {
    const now = new Date();
    const lease = randomUUID();
    await carrier.updateMany(
      { _id: { $in: ids }, ...free },
      { $set: { outboxLeaseUntil: new Date(now.getTime() + (this.options.leaseMs ?? 30_000)), outboxLeaseOwner: lease } },
    );
    const taken = await carrier.find({ _id: { $in: ids }, outboxLeaseOwner: lease }, { projection: { _id: 1, outbox: 1 } }).toArray();
    // In the order they were found, as one at a time did.
    const position = new Map(ids.map((id, i) => [id, i]));
    taken.sort((a, b) => position.get(a._id)! - position.get(b._id)!);
    const claimed = taken.filter((doc) => doc.outbox.length > 0);
    if (claimed.length > 0) {
      await this.publishAll(carrier, claimed);
      this.forgetCreated(carrier, claimed);
      faultPoint('outbox-relay.after-publish');
      // The common case, one write per document: still under this pass's lease and with exactly
      // the events published (writers only append, and only the lease holder removes), the
      // outbox is emptied and its flag cleared together.
      const released = await carrier.bulkWrite(
        claimed.map((doc) => ({
          updateOne: {
            filter: { _id: doc._id, outboxLeaseOwner: lease, outbox: { $size: doc.outbox.length } },
            update: { $set: { outbox: [] }, $unset: { outboxPending: '', outboxLeaseUntil: '', outboxLeaseOwner: '' } },
          },
        })) as never,
        { ordered: false },
      );
      if (released.matchedCount === claimed.length) {
        const empty = taken.filter((doc) => doc.outbox.length === 0);
        if (empty.length > 0) await this.clearPendingFlags(carrier, empty);
        return taken.length;
      }
      // Something was queued (or parked) meanwhile: pull exactly what was published.
      await this.pullPublished(carrier, claimed);
    }
    await this.clearPendingFlags(carrier, taken);
    return taken.length;
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoBulkWriteError, MongoServerError } from 'mongodb';
import { dedupeKeyOf, PlacementOutcomeEvent } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';
import { FEED_GAP_SETTLE_MS, firstUnsettledGap } from './outcome-cursor';

/** What of an outcome the feed keeps (an erased student's free text left out, say); applied just before the insert. */
export type OutcomeScrub = (event: PlacementOutcomeEvent) => PlacementOutcomeEvent;
export interface OutcomeFeedEntry {
  /** The outcome event's dedupe key (source|id). */
  _id: string;
  schoolId: string;
  /** Position in the school's feed; strictly increasing, gaps possible after a crash. */
  seq: number;
  event: PlacementOutcomeEvent;
  recordedAt: Date;
}

interface Counter {
  _id: string;
  seq: number;
}

/**
 * Each school's placement outcomes, in the order they happened. Outcome events are keyed by
 * school, so one consumer appends a school's outcomes one at a time and `seq` order is
 * event order: a cursor can replay from any point without missing anything.
 */
@Injectable()
export class OutcomeFeedRepository implements OnModuleInit {
  private readonly entries: Collection<OutcomeFeedEntry>;
  private readonly counters: Collection<Counter>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.entries = db.collection<OutcomeFeedEntry>('outcome_feed');
    this.counters = db.collection<Counter>('counters');
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ schoolId: 1, seq: 1 }, { unique: true });
    await this.entries.createIndex({ schoolId: 1, recordedAt: 1 });
    await this.entries.createIndex({ 'event.data.studentId': 1 });
  }

  /**
   * Appends the event unless it is already in the feed. Returns false for a duplicate.
   */
  async append(schoolId: string, event: PlacementOutcomeEvent): Promise<boolean> {
    return (await this.appendMany(schoolId, [event])) === 1;
  }

  /**
   * Appends, in order, the events not yet in the feed, in three round trips whatever their
   * number: which are there already, a block of positions, one ordered insert. Returns how
   * many were appended.
   *
   * A duplicate-key error is a duplicate only when the event's own id is taken (by a concurrent
   * append of it); the next round finds it and skips it. It can also be a position clash: the
   * Mongo-compatible server commits in batches, so after a database restart the counter can be
   * behind entries that did survive. Then the counter is moved past the last entry and the rest
   * appended again, instead of dropping events as duplicates. Unused positions leave gaps,
   * which feed cursors step over.
   */
  async appendMany(schoolId: string, events: PlacementOutcomeEvent[], scrub?: Promise<OutcomeScrub>): Promise<number> {
    let appended = 0;
    for (let attempt = 1; ; attempt++) {
      const fresh = await this.notYetInFeed(events);
      if (fresh.length === 0) return appended;
      const last = await this.reservePositions(schoolId, fresh.length);
      const recordedAt = new Date();
      // Asked for by the caller before the two round trips above, so it is usually ready by now.
      const kept = scrub ? await scrub : (event: PlacementOutcomeEvent) => event;
      const entries = fresh.map((event, i) => ({
        _id: dedupeKeyOf(event),
        schoolId,
        seq: last - fresh.length + 1 + i,
        event: kept(event),
        recordedAt,
      }));
      try {
        await this.entries.insertMany(entries, { ordered: true });
        return appended + entries.length;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
        // Ordered: the entries before the failing one are in (its index, not `insertedCount`,
        // which the local Mongo-compatible server reports wrongly for a failed insert).
        appended += error instanceof MongoBulkWriteError ? ([error.writeErrors].flat()[0]?.index ?? 0) : 0;
        // Thrown after a few rounds: the consumer retries the record later.
        if (attempt >= 3) throw error;
        await this.moveCounterPastLastEntry(schoolId);
      }
    }
  }

  /** The events whose id is not in the feed yet, each once, in their order. */
  private async notYetInFeed(events: PlacementOutcomeEvent[]): Promise<PlacementOutcomeEvent[]> {
    const ids = events.map(dedupeKeyOf);
    const present = await this.entries.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
    const seen = new Set(present.map((entry) => entry._id));
    return events.filter((_, i) => !seen.has(ids[i]) && (seen.add(ids[i]), true));
  }

  /** Takes `count` consecutive positions in the school's feed; returns the last. */
  private async reservePositions(schoolId: string, count: number): Promise<number> {
    const counter = await this.counters.findOneAndUpdate(
      { _id: `outcome-feed|${schoolId}` },
      { $inc: { seq: count } },
      { upsert: true, returnDocument: 'after' },
    );
    return counter!.seq;
  }

  private async moveCounterPastLastEntry(schoolId: string): Promise<void> {
    const last = await this.lastPosition(schoolId);
    if (last > 0) await this.counters.updateOne({ _id: `outcome-feed|${schoolId}` }, { $max: { seq: last } }, { upsert: true });
  }

  /** The last position each school's feed has taken (its entry may still be on its way); absent: none yet. */
  async positionsTaken(schoolIds: string[]): Promise<Map<string, number>> {
    const counters = await this.counters.find({ _id: { $in: schoolIds.map((id) => `outcome-feed|${id}`) } }).toArray();
    return new Map(counters.map((c) => [c._id.slice('outcome-feed|'.length), c.seq]));
  }

  /** The position of the school's last entry (0 for an empty feed). */
  async lastPosition(schoolId: string): Promise<number> {
    const last = await this.entries
      .find({ schoolId }, { projection: { seq: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    return last?.seq ?? 0;
  }

  /**
   * A student's erasure: removes the free-text end reason from the student's outcome entries.
   * The entries stay (a school's feed and its cursor positions must not shift) with the
   * student id as a bare pseudonym. Returns how many entries mention the student.
   */
  async pseudonymiseStudent(studentId: string): Promise<number> {
    const filter = { 'event.data.studentId': studentId };
    await this.entries.updateMany(
      { ...filter, 'event.data.endOfPlacement.reason': { $exists: true } },
      { $unset: { 'event.data.endOfPlacement.reason': '' } },
    );
    return this.entries.countDocuments(filter);
  }

  /** Entries recorded at or after `since`, in feed order, continuing after `afterSeq`. */
  recordedSince(schoolId: string, since: Date, afterSeq: number, limit: number): Promise<OutcomeFeedEntry[]> {
    return this.entries
      .find({ schoolId, recordedAt: { $gte: since }, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * The next entries after `afterSeq`, cut before a position that may still be written (see
   * firstUnsettledGap), so a cursor taken from this page never skips a late entry.
   */
  async page(schoolId: string, afterSeq: number, limit: number, eventTypes?: string[]): Promise<OutcomeFeedEntry[]> {
    const items = await this.entries
      .find({ schoolId, seq: { $gt: afterSeq }, ...(eventTypes?.length ? { 'event.type': { $in: eventTypes } } : {}) })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
    if (items.length === 0) return items;
    // An unfiltered page holds every position up to its last; a filtered one is checked against all of them.
    const gap = eventTypes?.length
      ? await this.firstUnsettledGapUpTo(schoolId, afterSeq, items.at(-1)!.seq)
      : firstUnsettledGap(afterSeq, items, new Date());
    return gap === undefined ? items : items.filter((entry) => entry.seq < gap);
  }

  /**
   * firstUnsettledGap over the positions after `afterSeq` up to `lastSeq`, whatever their type (a
   * filtered-out entry is no gap). Only a gap followed by a fresh entry counts, so the positions
   * are read from the entry before the first fresh one: reading them all would bring every entry
   * between a filtered page's matches into memory, however far apart they lie.
   */
  private async firstUnsettledGapUpTo(schoolId: string, afterSeq: number, lastSeq: number): Promise<number | undefined> {
    const now = new Date();
    const firstFresh = await this.entries
      .find(
        { schoolId, seq: { $gt: afterSeq, $lte: lastSeq }, recordedAt: { $gt: new Date(now.getTime() - FEED_GAP_SETTLE_MS) } },
        { projection: { seq: 1 } },
      )
      .sort({ seq: 1 })
      .limit(1)
      .next();
    if (!firstFresh) return undefined;
    const beforeFresh = await this.entries
      .find({ schoolId, seq: { $gt: afterSeq, $lt: firstFresh.seq } }, { projection: { seq: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    const from = beforeFresh?.seq ?? afterSeq;
    const positions = await this.entries
      .find({ schoolId, seq: { $gt: from, $lte: lastSeq } }, { projection: { seq: 1, recordedAt: 1 } })
      .sort({ seq: 1 })
      .toArray();
    return firstUnsettledGap(from, positions, now);
  }
}

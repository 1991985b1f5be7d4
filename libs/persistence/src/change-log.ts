import { Collection, Db } from 'mongodb';

export const CHANGE_LOGS = 'change_logs';

/** How many of the latest changed ids a stream's log keeps; a reader further behind reloads everything. */
export const CHANGE_LOG_RECENT = 1_000;

interface ChangeLogDocument {
  _id: string;
  /** How many changes were recorded in the stream so far. */
  revision: number;
  /** The ids of the latest changes, oldest first: the last entry is the one of `revision`. */
  recent: string[];
}

/** What changed in a stream after the revision a reader holds. */
export type ChangesSince =
  | { kind: 'unchanged'; revision: number }
  | { kind: 'changed'; revision: number; ids: string[] }
  /** More changes than the log keeps (or a log that went back): the reader reloads everything. */
  | { kind: 'reload'; revision: number };

/**
 * A per-stream counter of changes with the ids of the latest ones, so an in-memory read model
 * in any replica can ask "what changed since revision r?" in one read by primary key and
 * reload just those documents (ADR 0060). Writers record after their write succeeded: a reader
 * that sees revision R finds every change counted in R already in the collection. One update
 * per record (`$inc` and a bounded `$push` in one document, so the count and the ids agree).
 */
export class ChangeLog {
  private readonly logs: Collection<ChangeLogDocument>;

  constructor(db: Db) {
    this.logs = db.collection<ChangeLogDocument>(CHANGE_LOGS);
  }

  /** Ids waiting for the next write, per stream; their callers share its promise. */
  private readonly waiting = new Map<string, { ids: string[]; written: Promise<void> }>();
  /** The write in flight per stream, which the next one follows. */
  private readonly inFlight = new Map<string, Promise<void>>();

  /**
   * Records that these documents of the stream changed. Resolves once the record is written.
   * Records made while one is in flight are written together in the next update (a group
   * commit): one command for a burst of writers, not one each.
   */
  record(stream: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    let next = this.waiting.get(stream);
    if (!next) {
      const batch: string[] = [];
      const previous = this.inFlight.get(stream) ?? Promise.resolve();
      const written = previous.then(() => {
        this.waiting.delete(stream);
        return this.write(stream, batch);
      });
      next = { ids: batch, written };
      this.waiting.set(stream, next);
      const settled = written.catch(() => undefined);
      this.inFlight.set(stream, settled);
      void settled.then(() => {
        if (this.inFlight.get(stream) === settled) this.inFlight.delete(stream);
      });
    }
    next.ids.push(...ids);
    return next.written;
  }

  private async write(stream: string, ids: readonly string[]): Promise<void> {
    await this.logs.updateOne(
      { _id: stream },
      {
        // More ids than the log keeps still count in full, so a reader behind them reloads.
        $inc: { revision: ids.length },
        $push: { recent: { $each: ids.slice(-CHANGE_LOG_RECENT), $slice: -CHANGE_LOG_RECENT } },
      },
      { upsert: true },
    );
  }

  /** Each stream's revision (0 for a stream with nothing recorded), in one read. */
  async revisions(streams: readonly string[]): Promise<Map<string, number>> {
    const docs = await this.logs.find({ _id: { $in: [...streams] } }, { projection: { revision: 1 } }).toArray();
    const revisions = new Map(streams.map((stream) => [stream, 0]));
    for (const doc of docs) revisions.set(doc._id, doc.revision);
    return revisions;
  }

  /** The ids changed in the stream after `revision` (duplicates removed, in change order). */
  async changesSince(stream: string, revision: number): Promise<ChangesSince> {
    const doc = await this.logs.findOne({ _id: stream });
    const current = doc?.revision ?? 0;
    if (current === revision) return { kind: 'unchanged', revision };
    const behind = current - revision;
    const recent = doc?.recent ?? [];
    if (behind < 0 || behind > recent.length) return { kind: 'reload', revision: current };
    return { kind: 'changed', revision: current, ids: [...new Set(recent.slice(recent.length - behind))] };
  }
}

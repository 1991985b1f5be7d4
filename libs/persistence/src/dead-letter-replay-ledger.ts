import { Collection, Db } from 'mongodb';
import { DeadLetterReplayLedger, ReplayedRecord, ledgerKeyOf } from '@app/messaging';

interface ReplayEntry {
  /** `${dead-letter topic}/${partition}@${offset}`: one dead letter. */
  _id: string;
  topic: string;
  eventId?: string;
  replays: number;
  lastReplayedAt: string;
  history: { replayId: string; replayedAt: string; toTopic: string }[];
}

const HISTORY_KEPT = 20;

/**
 * Which dead letters were replayed, when and how often, in the service's own database (ADR
 * 0020). Informational: replays are safe to repeat because consumers dedupe by ce_id, so the
 * ledger is what lets an operator replay "everything not yet replayed" and audit what was done.
 */
export class MongoDeadLetterReplayLedger implements DeadLetterReplayLedger {
  private readonly collection: Collection<ReplayEntry>;

  constructor(db: Db) {
    this.collection = db.collection<ReplayEntry>('dead_letter_replays');
  }

  async record(replays: ReplayedRecord[]): Promise<void> {
    for (const replay of replays) {
      const { topic, partition, offset } = replay.from;
      await this.collection.updateOne(
        { _id: ledgerKeyOf(topic, partition, offset) },
        {
          $set: { topic, eventId: replay.eventId, lastReplayedAt: replay.replayedAt },
          $inc: { replays: 1 },
          $push: {
            history: {
              $each: [{ replayId: replay.replayId, replayedAt: replay.replayedAt, toTopic: replay.toTopic }],
              $slice: -HISTORY_KEPT,
            },
          },
        },
        { upsert: true },
      );
    }
  }

  async lookup(topic: string, coordinates: { partition: number; offset: string }[]) {
    const ids = coordinates.map((c) => ledgerKeyOf(topic, c.partition, c.offset));
    const found = new Map<string, { replays: number; lastReplayedAt: string }>();
    // Chunked: a dead-letter topic can hold thousands of records, an $in should not.
    for (let i = 0; i < ids.length; i += 500) {
      const entries = await this.collection
        .find({ _id: { $in: ids.slice(i, i + 500) } }, { projection: { replays: 1, lastReplayedAt: 1 } })
        .toArray();
      for (const e of entries) found.set(e._id, { replays: e.replays, lastReplayedAt: e.lastReplayedAt });
    }
    return found;
  }
}

import { Collection, Db, MongoServerError } from 'mongodb';

interface ProcessedEvent {
  _id: string;
  processedAt: Date;
}

/**
 * Remembers which inbound events a consumer group has fully applied, for effects that do not
 * live in one aggregate document. The effect itself must still be safe to repeat, because a
 * crash can fall between the effect and `markProcessed`.
 */
export class ProcessedEventLedger {
  private readonly collection: Collection<ProcessedEvent>;

  constructor(
    db: Db,
    private readonly consumerGroup: string,
  ) {
    this.collection = db.collection<ProcessedEvent>('processed_events');
  }

  async wasProcessed(dedupeKey: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: this.keyOf(dedupeKey) }, { limit: 1 })) > 0;
  }

  async markProcessed(dedupeKey: string): Promise<void> {
    try {
      await this.collection.insertOne({ _id: this.keyOf(dedupeKey), processedAt: new Date() });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
    }
  }

  private keyOf(dedupeKey: string): string {
    return `${this.consumerGroup}|${dedupeKey}`;
  }
}

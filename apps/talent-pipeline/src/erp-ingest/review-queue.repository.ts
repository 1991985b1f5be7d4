import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { CloudEvent } from '@app/contracts';
import { MONGO_DB } from '@app/persistence/persistence.module';

export interface ReviewItemDocument {
  /** The ERP event's dedupe key, so a redelivery does not queue it twice. */
  _id: string;
  enterpriseId: string;
  event: CloudEvent;
  reason: string;
  status: 'pending';
  queuedAt: Date;
}

/** ERP events that could not be applied (no matching placement, wrong state): kept for an operator. */
@Injectable()
export class ReviewQueueRepository implements OnModuleInit {
  private readonly items: Collection<ReviewItemDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.items = db.collection<ReviewItemDocument>('erp_review_queue');
  }

  async onModuleInit(): Promise<void> {
    await this.items.createIndex({ status: 1, queuedAt: 1 });
  }

  async hold(dedupeKey: string, enterpriseId: string, event: CloudEvent, reason: string): Promise<void> {
    await this.items.updateOne(
      { _id: dedupeKey },
      { $setOnInsert: { enterpriseId, event, reason, status: 'pending', queuedAt: new Date() } },
      { upsert: true },
    );
  }

  list(filter: { enterpriseId?: string; limit: number }): Promise<ReviewItemDocument[]> {
    return this.items
      .find({ status: 'pending', ...(filter.enterpriseId ? { enterpriseId: filter.enterpriseId } : {}) })
      .sort({ queuedAt: 1 })
      .limit(filter.limit)
      .toArray();
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { CloudEvent } from '@app/contracts';
import { MONGO_DB } from '@app/persistence/persistence.module';
import { DeliveryAttempt, WebhookDeliveryDocument } from './webhook-delivery.document';

@Injectable()
export class WebhookDeliveriesRepository implements OnModuleInit {
  private readonly deliveries: Collection<WebhookDeliveryDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.deliveries = db.collection<WebhookDeliveryDocument>('webhook_deliveries');
  }

  async onModuleInit(): Promise<void> {
    await this.deliveries.createIndex({ status: 1, nextAttemptAt: 1 });
    await this.deliveries.createIndex({ subscriptionId: 1, createdAt: 1 });
  }

  /** Idempotent: a redelivered outcome event does not create a second delivery. */
  async enqueue(subscriptionId: string, schoolId: string, event: CloudEvent): Promise<void> {
    const now = new Date();
    await this.deliveries.updateOne(
      { _id: `${subscriptionId}|${event.id}` },
      { $setOnInsert: { subscriptionId, schoolId, event, status: 'pending', attempts: [], nextAttemptAt: now, createdAt: now } },
      { upsert: true },
    );
  }

  /** Claims up to `limit` due deliveries for `leaseMs` (another worker skips them meanwhile). */
  async claimDue(limit: number, leaseMs: number, now = new Date()): Promise<WebhookDeliveryDocument[]> {
    const due = await this.deliveries
      .find({ status: 'pending', nextAttemptAt: { $lte: now } }, { projection: { _id: 1 } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .toArray();
    const claimed: WebhookDeliveryDocument[] = [];
    for (const { _id } of due) {
      const doc = await this.deliveries.findOneAndUpdate(
        { _id, status: 'pending', nextAttemptAt: { $lte: now } },
        { $set: { nextAttemptAt: new Date(now.getTime() + leaseMs) } },
        { returnDocument: 'after' },
      );
      if (doc) claimed.push(doc);
    }
    return claimed;
  }

  async recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    outcome: { status: 'pending'; nextAttemptAt: Date } | { status: 'delivered' | 'failed' | 'cancelled' },
  ): Promise<void> {
    const finished = outcome.status === 'pending' ? {} : { finishedAt: attempt.at };
    await this.deliveries.updateOne({ _id: id }, { $push: { attempts: attempt }, $set: { ...outcome, ...finished } });
  }

  async cancelPendingOf(subscriptionId: string): Promise<void> {
    await this.deliveries.updateMany({ subscriptionId, status: 'pending' }, { $set: { status: 'cancelled', finishedAt: new Date() } });
  }

  listForSubscription(subscriptionId: string, limit: number): Promise<WebhookDeliveryDocument[]> {
    return this.deliveries.find({ subscriptionId }).sort({ createdAt: -1 }).limit(limit).toArray();
  }
}

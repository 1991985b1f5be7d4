import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence/persistence.module';
import { WebhookSubscriptionDocument } from './webhook-subscription.document';

@Injectable()
export class WebhookSubscriptionsRepository implements OnModuleInit {
  private readonly subscriptions: Collection<WebhookSubscriptionDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.subscriptions = db.collection<WebhookSubscriptionDocument>('webhook_subscriptions');
  }

  async onModuleInit(): Promise<void> {
    await this.subscriptions.createIndex({ schoolId: 1, status: 1 });
  }

  async insert(subscription: WebhookSubscriptionDocument): Promise<void> {
    await this.subscriptions.insertOne(subscription);
  }

  findById(id: string): Promise<WebhookSubscriptionDocument | null> {
    return this.subscriptions.findOne({ _id: id });
  }

  listForSchool(schoolId: string): Promise<WebhookSubscriptionDocument[]> {
    return this.subscriptions.find({ schoolId }).sort({ createdAt: 1 }).toArray();
  }

  /** Active subscriptions of a school that want this event type. */
  async activeFor(schoolId: string, eventType: string): Promise<WebhookSubscriptionDocument[]> {
    const active = await this.subscriptions.find({ schoolId, status: 'active' }).toArray();
    return active.filter((s) => s.eventTypes.length === 0 || s.eventTypes.includes(eventType));
  }

  async disable(id: string, reason: string): Promise<void> {
    await this.subscriptions.updateOne({ _id: id }, { $set: { status: 'disabled', disabledReason: reason } });
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { CloudEvent } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';
import { ResealCount, resealSecretFields } from '../shared/reseal-secrets';
import { SecretBox } from '../shared/secret-box';
import { subscriptionMatches } from './domain/subscription-filter';
import { WebhookSubscriptionDocument } from './webhook-subscription.document';

@Injectable()
export class WebhookSubscriptionsRepository implements OnModuleInit {
  private readonly subscriptions: Collection<WebhookSubscriptionDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.subscriptions = db.collection<WebhookSubscriptionDocument>('webhook_subscriptions');
  }

  async onModuleInit(): Promise<void> {
    await this.subscriptions.createIndex({ schoolId: 1, status: 1 });
    await this.subscriptions.createIndex({ enterpriseId: 1, status: 1 });
  }

  /** The signing secrets moved onto the box's current key (`resealSecretFields`). */
  resealSecrets(box: SecretBox): Promise<ResealCount> {
    return resealSecretFields(
      this.subscriptions,
      [{ path: 'secret' }, { path: 'previousSecret.secret', expiresAtPath: 'previousSecret.expiresAt' }],
      box,
    );
  }

  async insert(subscription: WebhookSubscriptionDocument): Promise<void> {
    await this.subscriptions.insertOne(subscription);
  }

  findById(id: string): Promise<WebhookSubscriptionDocument | null> {
    return this.subscriptions.findOne({ _id: id });
  }

  countForSchool(schoolId: string): Promise<number> {
    return this.subscriptions.countDocuments({ schoolId });
  }

  countForEnterprise(enterpriseId: string): Promise<number> {
    return this.subscriptions.countDocuments({ enterpriseId });
  }

  listForEnterprise(enterpriseId: string): Promise<WebhookSubscriptionDocument[]> {
    return this.subscriptions.find({ enterpriseId }).sort({ createdAt: 1 }).toArray();
  }

  /** Active subscriptions of an enterprise whose filters let this event through. */
  /** Every active subscription of these schools and enterprises, in one query (events are matched by the caller). */
  activeOf(schoolIds: string[], enterpriseIds: string[]): Promise<WebhookSubscriptionDocument[]> {
    return this.subscriptions
      .find({ status: 'active', $or: [{ schoolId: { $in: schoolIds } }, { enterpriseId: { $in: enterpriseIds } }] })
      .toArray();
  }

  async activeForEnterprise(enterpriseId: string, event: Pick<CloudEvent, 'type' | 'data'>): Promise<WebhookSubscriptionDocument[]> {
    const active = await this.subscriptions.find({ enterpriseId, status: 'active' }).toArray();
    return active.filter((s) => subscriptionMatches(s, event));
  }

  listForSchool(schoolId: string): Promise<WebhookSubscriptionDocument[]> {
    return this.subscriptions.find({ schoolId }).sort({ createdAt: 1 }).toArray();
  }

  /** Active subscriptions of a school whose filters (type, programme, cohort) let this event through. */
  async activeFor(schoolId: string, event: Pick<CloudEvent, 'type' | 'data'>): Promise<WebhookSubscriptionDocument[]> {
    const active = await this.subscriptions.find({ schoolId, status: 'active' }).toArray();
    return active.filter((s) => subscriptionMatches(s, event));
  }

  /** Applies a change; `unset` removes fields (e.g. the disabled reason on re-enable). */
  async update(
    id: string,
    set: Partial<Omit<WebhookSubscriptionDocument, '_id' | 'schoolId'>>,
    unset: (keyof WebhookSubscriptionDocument)[] = [],
  ): Promise<WebhookSubscriptionDocument | null> {
    return this.subscriptions.findOneAndUpdate(
      { _id: id },
      {
        $set: { ...set, updatedAt: new Date() },
        ...(unset.length ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) } : {}),
      },
      { returnDocument: 'after' },
    );
  }

  /**
   * Swaps in a new secret only if the secret is still the one the caller rotated from, so two
   * concurrent rotations cannot both believe they won.
   */
  async replaceSecret(
    id: string,
    expectedSecret: string,
    secrets: Pick<WebhookSubscriptionDocument, 'secret' | 'previousSecret'>,
  ): Promise<WebhookSubscriptionDocument | null> {
    const update = secrets.previousSecret
      ? { $set: { secret: secrets.secret, previousSecret: secrets.previousSecret, updatedAt: new Date() } }
      : { $set: { secret: secrets.secret, updatedAt: new Date() }, $unset: { previousSecret: '' as const } };
    return this.subscriptions.findOneAndUpdate({ _id: id, secret: expectedSecret }, update, { returnDocument: 'after' });
  }

  async disable(id: string, reason: string): Promise<void> {
    await this.subscriptions.updateOne({ _id: id }, { $set: { status: 'disabled', disabledReason: reason } });
  }
}

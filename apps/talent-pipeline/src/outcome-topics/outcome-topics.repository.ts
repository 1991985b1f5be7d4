import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { acquireLease, LeaseDocument, MONGO_DB, releaseLease } from '@app/persistence';
import { OUTCOME_TOPICS, OutcomeTopicDocument } from './outcome-topic.document';

const PUMP_LEASE = 'outcome-topics.pump';

@Injectable()
export class OutcomeTopicsRepository {
  private readonly topics: Collection<OutcomeTopicDocument>;
  private readonly leases: Collection<LeaseDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.topics = db.collection<OutcomeTopicDocument>(OUTCOME_TOPICS);
    this.leases = db.collection<LeaseDocument>('leases');
  }

  get(schoolId: string): Promise<OutcomeTopicDocument | null> {
    return this.topics.findOne({ _id: schoolId });
  }

  /** Opens (or reopens) the school's topic, publishing after `afterSeq`; an open topic keeps its position unless one is given. */
  async open(schoolId: string, topic: string, start: { afterSeq: number; given: boolean }): Promise<OutcomeTopicDocument> {
    const now = new Date();
    const existing = await this.get(schoolId);
    const afterSeq = start.given || existing?.status !== 'active' ? start.afterSeq : existing.afterSeq;
    return (await this.topics.findOneAndUpdate(
      { _id: schoolId },
      {
        $set: { topic, status: 'active', afterSeq, updatedAt: now },
        $setOnInsert: { published: 0, createdAt: now },
        $unset: { lastError: '' },
      },
      { upsert: true, returnDocument: 'after' },
    ))!;
  }

  /** Stops publishing; false when the school has no topic. */
  async stop(schoolId: string): Promise<boolean> {
    const result = await this.topics.updateOne({ _id: schoolId }, { $set: { status: 'stopped', updatedAt: new Date() } });
    return result.matchedCount > 0;
  }

  /** The open topics in school id order, a page of `limit` after the school `afterId`. */
  active(limit: number, afterId?: string): Promise<OutcomeTopicDocument[]> {
    return this.topics
      .find({ status: 'active', ...(afterId === undefined ? {} : { _id: { $gt: afterId } }) })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * Records what was published, from the position it was read at: a topic stopped, reopened at
   * another position or advanced by another pump meanwhile is left as it is.
   */
  async advance(schoolId: string, fromSeq: number, toSeq: number, count: number): Promise<void> {
    await this.topics.updateOne(
      { _id: schoolId, status: 'active', afterSeq: fromSeq },
      { $set: { afterSeq: toSeq, publishedAt: new Date() }, $inc: { published: count }, $unset: { lastError: '' } },
    );
  }

  async failed(schoolId: string, error: string): Promise<void> {
    await this.topics.updateOne({ _id: schoolId }, { $set: { lastError: error.slice(0, 500) } });
  }

  /** One pump at a time publishes (two would only publish twice what one does). */
  acquirePumpLease(holder: string, ms: number): Promise<boolean> {
    return acquireLease(this.leases, PUMP_LEASE, holder, ms);
  }

  releasePumpLease(holder: string): Promise<void> {
    return releaseLease(this.leases, PUMP_LEASE, holder);
  }
}

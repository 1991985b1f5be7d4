import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { SupervisorDocument } from './supervisor.document';

@Injectable()
export class SupervisorsRepository implements OnModuleInit {
  private readonly supervisors: Collection<SupervisorDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.supervisors = db.collection<SupervisorDocument>('supervisors');
  }

  async onModuleInit(): Promise<void> {
    await this.supervisors.createIndex({ schoolId: 1, status: 1 });
  }

  /**
   * Applies the change only over an older copy: the upsert matches a copy whose last event is
   * older; when a newer one is stored the upsert hits the same _id and fails as a duplicate,
   * which means "already newer" — redeliveries and late events change nothing.
   */
  async applyIfNewer(
    teacherId: string,
    occurredAt: string,
    fields: Partial<Omit<SupervisorDocument, '_id' | 'lastEventAt' | 'copiedAt'>>,
  ): Promise<'applied' | 'stale'> {
    try {
      await this.supervisors.updateOne(
        { _id: teacherId, lastEventAt: { $lt: occurredAt } },
        { $set: { ...fields, lastEventAt: occurredAt, copiedAt: new Date() } },
        { upsert: true },
      );
      return 'applied';
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return 'stale';
      throw error;
    }
  }

  offeredBySchool(schoolId: string | undefined, limit = 500): Promise<SupervisorDocument[]> {
    return this.supervisors
      .find({ status: 'offered', ...(schoolId ? { schoolId } : {}) })
      .sort({ displayName: 1 })
      .limit(limit)
      .toArray();
  }
}

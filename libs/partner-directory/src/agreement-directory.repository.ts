import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { AgreementCopyDocument } from './agreement-copy.document';

@Injectable()
export class AgreementDirectoryRepository implements OnModuleInit {
  private readonly agreements: Collection<AgreementCopyDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.agreements = db.collection<AgreementCopyDocument>('agreements');
  }

  async onModuleInit(): Promise<void> {
    await this.agreements.createIndex({ schoolId: 1, enterpriseId: 1 });
    await this.agreements.createIndex({ enterpriseId: 1 });
  }

  /**
   * Keeps the newest version: the upsert only matches a copy older than `copy.version`. If a
   * copy at that version or newer exists, the upsert tries to insert the same _id and gets a
   * duplicate-key error, which means "already up to date" — so redeliveries and late, older
   * events change nothing. A copy without `programmes` removes any the older copy had.
   */
  async saveIfNewer(copy: Omit<AgreementCopyDocument, 'copiedAt'>): Promise<'saved' | 'stale'> {
    const { _id, ...fields } = copy;
    try {
      await this.agreements.updateOne(
        { _id, version: { $lt: copy.version } },
        { $set: { ...fields, copiedAt: new Date() }, ...(fields.programmes ? {} : { $unset: { programmes: '' as const } }) },
        { upsert: true },
      );
      return 'saved';
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return 'stale';
      throw error;
    }
  }

  list(filter: { schoolId?: string; enterpriseId?: string }): Promise<AgreementCopyDocument[]> {
    const query: Record<string, string> = {};
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    return this.agreements.find(query).sort({ _id: 1 }).limit(1000).toArray();
  }

  findById(id: string): Promise<AgreementCopyDocument | null> {
    return this.agreements.findOne({ _id: id });
  }
}

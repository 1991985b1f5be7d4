import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { AgreementCopyDocument, AgreementStatusChange } from './agreement-copy.document';

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
   *
   * With `occurredAt` (when the event says the change happened), the copy's `statusHistory` also
   * learns `{status, from: occurredAt, version}`, kept sorted by version, at most one entry per
   * version: the newer copy adds it in the same update; an older event adds it only when the
   * history lacks that version (an event this copy never received), and never alters an entry
   * it has, so a redelivery or a different event claiming a known version changes nothing.
   */
  async saveIfNewer(copy: Omit<AgreementCopyDocument, 'copiedAt' | 'statusHistory'>, occurredAt?: string): Promise<'saved' | 'stale'> {
    const { _id, ...fields } = copy;
    const change: AgreementStatusChange | undefined = occurredAt
      ? { status: copy.status, from: new Date(occurredAt).toISOString(), version: copy.version }
      : undefined;
    const learn = change ? { $push: { statusHistory: { $each: [change], $sort: { version: 1 as const } } } } : {};
    for (let attempt = 1; ; attempt++) {
      try {
        await this.agreements.updateOne(
          { _id, version: { $lt: copy.version } },
          {
            $set: { ...fields, copiedAt: new Date() },
            ...(fields.programmes ? {} : { $unset: { programmes: '' as const } }),
            ...learn,
          },
          { upsert: true },
        );
        return 'saved';
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
      }
      if (change) {
        const learned = await this.agreements.updateOne(
          { _id, version: { $gte: copy.version }, 'statusHistory.version': { $ne: copy.version } },
          learn,
        );
        if (learned.matchedCount > 0) return 'stale';
      }
      // The duplicate key can also come from another event of the agreement inserting its first,
      // older copy at the same moment: then this one is newer after all, and is applied again.
      const current = await this.agreements.findOne({ _id }, { projection: { version: 1 } });
      if (!current || current.version >= copy.version || attempt >= 3) return 'stale';
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

import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { PartnerCopyDocument } from './partner-copy.document';

@Injectable()
export class PartnerDirectoryRepository {
  private readonly partners: Collection<PartnerCopyDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.partners = db.collection<PartnerCopyDocument>('partners');
  }

  /** Upsert keyed by partner id: applying the same event twice leaves one identical copy. */
  async save(copy: Omit<PartnerCopyDocument, 'copiedAt'>): Promise<void> {
    const { _id, ...fields } = copy;
    await this.partners.updateOne({ _id }, { $set: { ...fields, copiedAt: new Date() } }, { upsert: true });
  }

  list(kind?: 'school' | 'enterprise'): Promise<PartnerCopyDocument[]> {
    return this.partners
      .find(kind ? { kind } : {})
      .sort({ registeredAt: 1 })
      .limit(1000)
      .toArray();
  }

  findById(id: string): Promise<PartnerCopyDocument | null> {
    return this.partners.findOne({ _id: id });
  }
}

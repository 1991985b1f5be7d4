import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence/persistence.module';
import { ConsentDocument } from './consent.document';
import { ConsentPurpose } from './domain/consent-purpose';

@Injectable()
export class ConsentsRepository implements OnModuleInit {
  private readonly consents: Collection<ConsentDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.consents = db.collection<ConsentDocument>('consents');
  }

  async onModuleInit(): Promise<void> {
    await this.consents.createIndex({ studentId: 1, grantedAt: 1 });
    await this.consents.createIndex({ enterpriseId: 1, purpose: 1 });
  }

  async insert(consent: ConsentDocument): Promise<void> {
    await this.consents.insertOne(consent);
  }

  findForStudent(studentId: string): Promise<ConsentDocument[]> {
    return this.consents.find({ studentId }).sort({ grantedAt: 1 }).limit(1000).toArray();
  }

  findOne(studentId: string, consentId: string): Promise<ConsentDocument | null> {
    return this.consents.findOne({ _id: consentId, studentId });
  }

  /** Sets withdrawnAt only if not yet withdrawn (one atomic update); false if it already was. */
  async markWithdrawn(studentId: string, consentId: string, withdrawnAt: Date, recordedBy: string): Promise<boolean> {
    const result = await this.consents.updateOne(
      { _id: consentId, studentId, withdrawnAt: { $exists: false } },
      { $set: { withdrawnAt, withdrawalRecordedBy: recordedBy } },
    );
    return result.modifiedCount === 1;
  }

  /** Every not-withdrawn consent for the enterprise and purpose among these students (one query). */
  findUnwithdrawnFor(studentIds: readonly string[], enterpriseId: string, purpose: ConsentPurpose): Promise<ConsentDocument[]> {
    return this.consents.find({ studentId: { $in: [...studentIds] }, enterpriseId, purpose, withdrawnAt: { $exists: false } }).toArray();
  }
}

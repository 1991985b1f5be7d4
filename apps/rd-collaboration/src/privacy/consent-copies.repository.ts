import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { ConsentChanged, EventData } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';

export type ConsentCopy = EventData<typeof ConsentChanged> & {
  _id: string;
  /** `changedAt` as epoch ms: the order of changes, whatever the timestamp's precision. */
  changedAtMs: number;
};

@Injectable()
export class ConsentCopiesRepository implements OnModuleInit {
  readonly consents: Collection<ConsentCopy>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.consents = db.collection<ConsentCopy>('consent_copies');
  }

  async onModuleInit(): Promise<void> {
    await this.consents.createIndex({ enterpriseId: 1, purpose: 1, studentId: 1 });
    await this.consents.createIndex({ studentId: 1 });
  }

  /**
   * Keeps the state after the latest change: a replace only over an older state, an insert when
   * none is kept. An older or repeated change matches nothing and its insert hits the existing
   * id: nothing changes, in whatever order the changes arrive.
   */
  async save(change: EventData<typeof ConsentChanged>): Promise<'saved' | 'stale'> {
    const copy: ConsentCopy = { ...change, _id: change.consentId, changedAtMs: Date.parse(change.changedAt) };
    const replaced = await this.consents.replaceOne({ _id: copy._id, changedAtMs: { $lt: copy.changedAtMs } }, copy);
    if (replaced.matchedCount === 1) return 'saved';
    try {
      await this.consents.insertOne(copy);
      return 'saved';
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return 'stale';
      throw error;
    }
  }

  /** The consent's tombstone arrived: the copy goes (nothing may be disclosed on it any more). */
  async remove(consentId: string): Promise<void> {
    await this.consents.deleteOne({ _id: consentId });
  }

  forEnterprise(enterpriseId: string, purpose: string, studentIds: string[]): Promise<ConsentCopy[]> {
    return this.consents.find({ enterpriseId, purpose, studentId: { $in: studentIds } } as never).toArray();
  }
}

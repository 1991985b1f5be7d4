import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { ConsentChanged, EventData } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';
import { keepNewestState, StateCopy } from './newest-state';

export type ConsentCopy = EventData<typeof ConsentChanged> & StateCopy;

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

  /** Keeps the consent's state after its latest change, whatever order the changes arrive in. */
  save(change: EventData<typeof ConsentChanged>): Promise<'saved' | 'stale'> {
    return keepNewestState(this.consents, { ...change, _id: change.consentId, changedAtMs: Date.parse(change.changedAt) });
  }

  /** The consent's tombstone arrived: the copy goes (nothing may be disclosed on it any more). */
  async remove(consentId: string): Promise<void> {
    await this.consents.deleteOne({ _id: consentId });
  }

  forEnterprise(enterpriseId: string, purpose: string, studentIds: string[]): Promise<ConsentCopy[]> {
    return this.consents.find({ enterpriseId, purpose, studentId: { $in: studentIds } } as never).toArray();
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db, Filter } from 'mongodb';
import { AggregateStore, OutboxSignal, MONGO_DB } from '@app/persistence';
import { AgreementDocument } from './agreement.document';

export const AGREEMENTS = 'agreements';

@Injectable()
export class AgreementsRepository implements OnModuleInit {
  readonly store: AggregateStore<AgreementDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<AgreementDocument>(db, AGREEMENTS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ schoolId: 1, enterpriseId: 1 });
    await this.store.collection.createIndex({ enterpriseId: 1 });
  }

  /** Agreements matching the given partners (either, both or none), oldest first. */
  find(filter: { schoolId?: string; enterpriseId?: string; status?: string }, limit = 500): Promise<AgreementDocument[]> {
    const query: Record<string, string> = {};
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    if (filter.status) query.status = filter.status;
    return this.store.collection
      .find(query as Filter<AgreementDocument>)
      .sort({ createdAt: 1 })
      .limit(limit)
      .toArray() as Promise<AgreementDocument[]>;
  }
}

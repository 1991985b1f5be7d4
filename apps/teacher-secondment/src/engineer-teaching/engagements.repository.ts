import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db, Filter } from 'mongodb';
import { AggregateStore, MONGO_DB, OutboxSignal, WITHOUT_OUTBOX_BOOKKEEPING } from '@app/persistence';
import { EngagementDocument } from './engagement.document';

export const ENGAGEMENTS = 'engagements';

@Injectable()
export class EngagementsRepository implements OnModuleInit {
  readonly store: AggregateStore<EngagementDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<EngagementDocument>(db, ENGAGEMENTS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ schoolId: 1 });
    await this.store.collection.createIndex({ enterpriseId: 1 });
  }

  find(filter: { schoolId?: string; enterpriseId?: string }, limit = 1000): Promise<EngagementDocument[]> {
    const query: Record<string, string> = {};
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    return this.store.collection
      .find(query as Filter<EngagementDocument>, { projection: WITHOUT_OUTBOX_BOOKKEEPING })
      .sort({ createdAt: 1 })
      .limit(limit)
      .toArray() as Promise<EngagementDocument[]>;
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db, Filter } from 'mongodb';
import { AggregateStore, OutboxSignal, MONGO_DB, WITHOUT_OUTBOX_BOOKKEEPING } from '@app/persistence';
import { RequisitionStatus } from './domain/requisition-lifecycle';
import { RequisitionDocument } from './requisition.document';

export const REQUISITIONS = 'requisitions';

const LIST_LIMIT = 500;

@Injectable()
export class RequisitionsRepository implements OnModuleInit {
  readonly store: AggregateStore<RequisitionDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<RequisitionDocument>(db, REQUISITIONS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ enterpriseId: 1, createdAt: -1 });
    await this.store.collection.createIndex({ status: 1, createdAt: -1 });
  }

  /** Newest first. */
  find(filter: { enterpriseId?: string; status?: RequisitionStatus }): Promise<RequisitionDocument[]> {
    const query: Record<string, string> = {};
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    if (filter.status) query.status = filter.status;
    return this.store.collection
      .find(query as Filter<RequisitionDocument>, { projection: WITHOUT_OUTBOX_BOOKKEEPING })
      .sort({ createdAt: -1 })
      .limit(LIST_LIMIT)
      .toArray() as Promise<RequisitionDocument[]>;
  }
}

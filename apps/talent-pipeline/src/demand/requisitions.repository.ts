import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db, Filter, MongoServerError } from 'mongodb';
import { OutgoingEvent } from '@app/messaging/outgoing-event';
import { AggregateState, AggregateStore, DuplicateKeyError } from '@app/persistence/aggregate-store';
import { OutboxSignal } from '@app/persistence/outbox-signal';
import { MONGO_DB } from '@app/persistence/persistence.module';
import { RequisitionStatus } from './domain/requisition-lifecycle';
import { RequisitionDocument } from './requisition.document';

export const REQUISITIONS = 'requisitions';

const LIST_LIMIT = 500;

@Injectable()
export class RequisitionsRepository implements OnModuleInit {
  readonly store: AggregateStore<RequisitionDocument>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly signal: OutboxSignal,
  ) {
    this.store = new AggregateStore<RequisitionDocument>(db, REQUISITIONS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ enterpriseId: 1, createdAt: -1 });
    await this.store.collection.createIndex({ status: 1, createdAt: -1 });
  }

  /**
   * Inserts a requisition that an inbound event created, recording that event as applied in
   * the same insert, so a redelivery of it is recognised even before any later update.
   */
  async insertFromEvent(state: AggregateState<RequisitionDocument>, events: OutgoingEvent[], appliedEvent: string): Promise<void> {
    try {
      await this.store.collection.insertOne({ ...state, version: 1, outbox: events, appliedEvents: [appliedEvent] } as never);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) throw new DuplicateKeyError(error.message);
      throw error;
    }
    if (events.length) this.signal.notify();
  }

  /** Newest first. */
  find(filter: { enterpriseId?: string; status?: RequisitionStatus }): Promise<RequisitionDocument[]> {
    const query: Record<string, string> = {};
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    if (filter.status) query.status = filter.status;
    return this.store.collection
      .find(query as Filter<RequisitionDocument>, { projection: { outbox: 0, appliedEvents: 0 } })
      .sort({ createdAt: -1 })
      .limit(LIST_LIMIT)
      .toArray() as Promise<RequisitionDocument[]>;
  }
}

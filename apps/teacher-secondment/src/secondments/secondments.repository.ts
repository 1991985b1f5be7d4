import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db, Filter } from 'mongodb';
import { AggregateStore, MONGO_DB, OutboxSignal } from '@app/persistence';
import { SecondmentDocument } from './secondment.document';

export const SECONDMENTS = 'secondments';

@Injectable()
export class SecondmentsRepository implements OnModuleInit {
  readonly store: AggregateStore<SecondmentDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<SecondmentDocument>(db, SECONDMENTS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ teacherId: 1 });
    await this.store.collection.createIndex({ schoolId: 1 });
    await this.store.collection.createIndex({ enterpriseId: 1 });
  }

  find(
    filter: { teacherId?: string; schoolId?: string; enterpriseId?: string; status?: string; teacherIds?: string[]; postIds?: string[] },
    limit = 1000,
  ): Promise<SecondmentDocument[]> {
    const query: Record<string, unknown> = {};
    if (filter.teacherId) query.teacherId = filter.teacherId;
    if (filter.teacherIds) query.teacherId = { $in: filter.teacherIds };
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    if (filter.postIds) query.postId = { $in: filter.postIds };
    if (filter.status) query.status = filter.status;
    return this.store.collection
      .find(query as Filter<SecondmentDocument>, { projection: { outbox: 0, appliedEvents: 0 } })
      .sort({ createdAt: 1 })
      .limit(limit)
      .toArray() as Promise<SecondmentDocument[]>;
  }

  /** Only what reports count (ids, status, mentor, each log's hours and countersignature): a school's or enterprise's secondments stay small to read. */
  summaries(filter: { schoolId?: string; enterpriseId?: string }, limit = 200_000): Promise<SecondmentSummary[]> {
    const query: Record<string, unknown> = {};
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    return this.store.collection
      .find(query as Filter<SecondmentDocument>, {
        projection: { teacherId: 1, schoolId: 1, enterpriseId: 1, status: 1, mentor: 1, 'logs.hours': 1, 'logs.countersignedAt': 1 },
      })
      .limit(limit)
      .toArray() as unknown as Promise<SecondmentSummary[]>;
  }
}

export type SecondmentSummary = Pick<SecondmentDocument, '_id' | 'teacherId' | 'schoolId' | 'enterpriseId' | 'status' | 'mentor'> & {
  logs: { hours: number; countersignedAt?: string }[];
};

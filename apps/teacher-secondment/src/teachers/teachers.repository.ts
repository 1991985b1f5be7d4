import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db, Filter } from 'mongodb';
import { AggregateStore, MONGO_DB, OutboxSignal } from '@app/persistence';
import { TeacherDocument } from './teacher.document';

export const TEACHERS = 'teachers';

@Injectable()
export class TeachersRepository implements OnModuleInit {
  readonly store: AggregateStore<TeacherDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<TeacherDocument>(db, TEACHERS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ schoolId: 1 });
  }

  find(filter: { schoolId?: string }, limit = 1000, afterId?: string): Promise<TeacherDocument[]> {
    const query: Record<string, unknown> = {};
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (afterId) query._id = { $gt: afterId };
    return this.store.collection
      .find(query as Filter<TeacherDocument>, { projection: { outbox: 0, appliedEvents: 0 } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray() as Promise<TeacherDocument[]>;
  }
}

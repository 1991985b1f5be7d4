import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { AggregateStore } from '@app/persistence/aggregate-store';
import { OutboxSignal } from '@app/persistence/outbox-signal';
import { MONGO_DB } from '@app/persistence/persistence.module';
import { PlacementDocument } from './placement.document';

export const PLACEMENTS = 'placements';

@Injectable()
export class PlacementsRepository implements OnModuleInit {
  readonly store: AggregateStore<PlacementDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<PlacementDocument>(db, PLACEMENTS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ studentId: 1, enterpriseId: 1 });
  }

  /** The student's most recent placements at an enterprise, newest first. */
  findForStudentAtEnterprise(studentId: string, enterpriseId: string): Promise<PlacementDocument[]> {
    return this.store.collection.find({ studentId, enterpriseId }).sort({ createdAt: -1 }).limit(20).toArray() as Promise<
      PlacementDocument[]
    >;
  }
}
